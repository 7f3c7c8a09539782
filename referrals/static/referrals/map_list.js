/* The referral map's list follows the map: once the layer is loaded, the table lists the cases
 * whose plan area is in the map's view, updated as the map moves. Without JavaScript the table
 * lists the filtered cases (server-rendered, paginated). */
(function () {
  "use strict";
  var MAX_ROWS = 200;
  var el = document.getElementById("referral-map");
  var table = document.getElementById("map-list");
  var count = document.getElementById("map-list-count");
  if (!el || !table || !count) { return; }

  function cell(row, text, link) {
    var td = document.createElement("td");
    if (link) {
      var a = document.createElement("a");
      a.href = link; a.textContent = text;
      td.appendChild(a);
    } else {
      td.textContent = text == null ? "" : String(text);
    }
    row.appendChild(td);
    return td;
  }

  function statusClass(status) {
    return status === "answered" ? "status--ok" : status === "in_progress" ? "status--warn" : "status--none";
  }

  function features(map) {
    var found = [];
    map.eachLayer(function (layer) {
      if (layer.feature && layer.getBounds) { found.push(layer); }
    });
    return found;
  }

  function render(map, layers) {
    var view = map.getBounds();
    var inView = layers.filter(function (l) { return view.intersects(l.getBounds()); });
    inView.sort(function (a, b) {
      return String(b.feature.properties.diary_number).localeCompare(String(a.feature.properties.diary_number), "sv", { numeric: true });
    });
    var body = document.createElement("tbody");
    inView.slice(0, MAX_ROWS).forEach(function (layer) {
      var p = layer.feature.properties;
      var row = document.createElement("tr");
      cell(row, p.diary_number, p.url);
      cell(row, p.plan_name);
      cell(row, p.sender);
      var st = cell(row, "");
      var span = document.createElement("span");
      span.className = "status " + statusClass(p.status);
      span.textContent = p.status_label;
      st.appendChild(span);
      cell(row, p.deadline);
      body.appendChild(row);
    });
    table.replaceChild(body, table.tBodies[0]);
    var n = inView.length;
    var text = n > MAX_ROWS ? count.getAttribute("data-capped").replace("%(shown)s", MAX_ROWS)
      : n === 1 ? count.getAttribute("data-in-view-one") : count.getAttribute("data-in-view-many");
    count.textContent = text.replace("%(n)s", n);
    var pagination = document.getElementById("map-list-pagination");
    if (pagination) { pagination.hidden = true; }
    el.setAttribute("data-list-rows", String(Math.min(n, MAX_ROWS)));
  }

  function start() {
    var map = el._leafletMap;
    if (!map) { return; }
    var layers = features(map);
    var timer = null;
    map.on("moveend", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { render(map, layers); }, 100);
    });
    render(map, layers);
  }

  function whenReady() {
    if (el.getAttribute("data-map-state") === "ready") { start(); return; }
    var observer = new MutationObserver(function () {
      if (el.getAttribute("data-map-state") === "ready") { observer.disconnect(); start(); }
    });
    observer.observe(el, { attributes: true, attributeFilter: ["data-map-state"] });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", whenReady);
  } else {
    whenReady();
  }
})();
