/* RUS pages: time-series charts (Chart.js), the choropleth map (Leaflet), and progress polling.
 * Every chart and map here has a table with the same numbers on the page. */
(function () {
  "use strict";
  var COUNTY_BOUNDS = [[58.64, 14.28], [60.12, 15.8]];
  var sv = document.documentElement.lang !== "en";
  var nf = new Intl.NumberFormat(sv ? "sv-SE" : "en-GB", { maximumFractionDigits: 2 });

  function drawChart(canvas) {
    if (!window.Chart) { return; }
    var spec = JSON.parse(canvas.getAttribute("data-rus-chart"));
    var palette = ["#6baed6", "#74c476", "#9e9ac8", "#fd8d3c", "#969696", "#e377c2", "#bcbd22", "#17becf",
      "#8c564b", "#7f7f7f", "#c49c94", "#dbdb8d"];
    var datasets = spec.series.map(function (s, i) {
      return {
        label: s.label,
        data: s.points.map(function (p) { return { x: p[0], y: p[1] }; }),
        borderColor: s.county ? "#08519c" : palette[i % palette.length],
        backgroundColor: s.county ? "#08519c" : palette[i % palette.length],
        borderWidth: s.county ? 4 : 1.5,
        pointRadius: s.county ? 3 : 1.5,
        order: s.county ? 0 : 2
      };
    });
    datasets.push({
      label: spec.target_label || "Target",
      data: spec.target.map(function (p) { return { x: p[0], y: p[1] }; }),
      borderColor: "#a50f15", backgroundColor: "#a50f15", borderDash: [6, 4], borderWidth: 2, pointRadius: 4, order: 1
    });
    canvas._chart = new window.Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      options: {
        animation: false, maintainAspectRatio: false, parsing: true,
        scales: {
          x: { type: "linear", ticks: { stepSize: 1, callback: function (v) { return String(v); } } },
          y: { title: { display: !!spec.unit, text: spec.unit }, ticks: { callback: function (v) { return nf.format(v); } } }
        },
        plugins: { legend: { position: "bottom" },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + nf.format(c.parsed.y); } } } }
      }
    });
    canvas.setAttribute("data-chart-state", "drawn");
  }

  function choropleth(el) {
    if (!window.L) { return; }
    var data = JSON.parse(el.getAttribute("data-rus-choropleth"));
    var unit = el.getAttribute("data-unit") || "";
    var map = L.map(el, { keyboard: true });
    el._leafletMap = map;
    map.fitBounds(COUNTY_BOUNDS);
    var tiles = el.getAttribute("data-tile-url");
    if (tiles) { L.tileLayer(tiles, { attribution: el.getAttribute("data-tile-attribution") || "", maxZoom: 18 }).addTo(map); }
    var values = data.features.map(function (f) { return f.properties.value; }).filter(function (v) { return v !== null; });
    var max = values.length ? Math.max.apply(null, values.map(Math.abs)) : 1;
    var layer = L.geoJSON(data, {
      style: function (f) { return { color: "#333", weight: 1, fillColor: f.properties.colour, fillOpacity: 0.8 }; },
      pointToLayer: function (f, latlng) {
        var v = f.properties.value;
        var radius = v === null ? 5 : 6 + 18 * Math.sqrt(Math.abs(v) / (max || 1));
        return L.circleMarker(latlng, { radius: radius, color: "#333", weight: 1, fillColor: f.properties.colour, fillOpacity: 0.85 });
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        var a = document.createElement("a");
        a.href = p.url; a.textContent = p.name;
        var text = p.value === null ? (sv ? "värde saknas" : "no value") : nf.format(p.value) + " " + unit;
        l.bindPopup(a.outerHTML + "<br>" + p.year + ": " + text.replace(/</g, "&lt;"));
      }
    }).addTo(map);
    if (data.features.length && layer.getBounds().isValid()) {
      map.fitBounds(layer.getBounds(), { padding: [10, 10] });
    }
    el.setAttribute("data-features", String(data.features.length));
    el.setAttribute("data-map-state", "ready");
    return layer;
  }

  function poll(el) {
    var url = el.getAttribute("data-poll-url");
    var bar = el.querySelector("progress");
    var text = el.querySelector("[data-progress-text]");
    function tick() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (bar) { bar.value = s.percent; }
          if (text) { text.textContent = s.status_label + " – " + s.percent + " %" + (s.step ? " (" + s.step + ")" : ""); }
          if (s.finished) { window.location.reload(); } else { setTimeout(tick, 1000); }
        })
        .catch(function () { setTimeout(tick, 3000); });
    }
    tick();
  }

  function init() {
    document.querySelectorAll("canvas[data-rus-chart]").forEach(drawChart);
    document.querySelectorAll("[data-rus-choropleth]").forEach(choropleth);
    document.querySelectorAll("[data-poll-url]").forEach(poll);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
