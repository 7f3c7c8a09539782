/* The combined portal map (/karta/, templates/map.html; the layer spec: planportal/map_page.py).
 * Layers switch on and off with the form's checkboxes, the year filter applies to the layers that
 * have years, and the state (layers, year, centre and zoom) is kept in the address with
 * history.replaceState, so a copied address opens the same map. GeoJSON layers load once when
 * first shown; points may cluster (Leaflet.markercluster); large layers are vector tiles
 * (leaflet-vector-tile-layer). Beside the map, a table lists what is in view: GeoJSON features
 * from the browser, tiled layers from their list_api (the server knows the features). */
(function () {
  "use strict";
  var COUNTY_BOUNDS = [[58.64, 14.28], [60.12, 15.80]];
  var LIST_LIMIT = 50;
  var P = window.Planportalen;

  function format(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, function (_m, name) { return values[name] == null ? "" : values[name]; });
  }

  function number(n) {
    return Number(n).toLocaleString(document.documentElement.lang === "en" ? "en-GB" : "sv-SE");
  }

  function withQuery(url, params) {
    var parts = [];
    Object.keys(params).forEach(function (key) {
      if (params[key] != null && params[key] !== "") {
        parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(params[key]));
      }
    });
    if (!parts.length) { return url; }
    return url + (url.indexOf("?") === -1 ? "?" : "&") + parts.join("&");
  }

  /* ?layers=a,b&year=2026&z=9&lat=59.2&lon=15.2 -> state; layers default to the checked boxes. */
  function readState(boxes) {
    var params = new URLSearchParams(window.location.search);
    var named = [];
    params.getAll("layers").forEach(function (value) { named = named.concat(value.split(",").filter(Boolean)); });
    var keys = boxes.map(function (box) { return box.value; });
    var layers = named.filter(function (key) { return keys.indexOf(key) !== -1; });
    if (!layers.length) {
      layers = boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
    }
    var z = parseFloat(params.get("z")), lat = parseFloat(params.get("lat")), lon = parseFloat(params.get("lon"));
    var view = isFinite(z) && isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ?
      { z: Math.max(0, Math.min(18, z)), lat: lat, lon: lon } : null;
    return { layers: layers, year: params.get("year") || "", view: view };
  }

  function initPortalMap(el) {
    var specs = P.distinctColours(JSON.parse(document.getElementById("portal-map-layers").textContent));
    var strings = JSON.parse(document.getElementById("portal-map-strings").textContent);
    var form = document.getElementById("portal-map-controls");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=layers]"));
    var yearSelect = form.querySelector("select[name=year]");
    var tbody = document.querySelector("#in-view-table tbody");
    var status = document.getElementById("in-view-status");
    var state = readState(boxes);
    var yearOptions = Array.prototype.map.call(yearSelect.options, function (o) { return o.value; });
    if (yearOptions.indexOf(state.year) === -1) { state.year = ""; }
    yearSelect.value = state.year;
    boxes.forEach(function (box) { box.checked = state.layers.indexOf(box.value) !== -1; });
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    // Swatches take the colour the map draws with (a style property: the CSP allows no inline styles).
    form.querySelectorAll(".map-legend__swatch").forEach(function (swatch, i) {
      swatch.style.background = specs[i] ? specs[i].color : swatch.getAttribute("data-color");
    });

    // maxZoom on the map itself: the clusters need one even without a background tile layer.
    var map = L.map(el, { keyboard: true, zoomSnap: 0.25, maxZoom: 18 });
    el._leafletMap = map;
    if (state.view) {
      map.setView([state.view.lat, state.view.lon], state.view.z, { animate: false });
    } else {
      map.fitBounds(COUNTY_BOUNDS);
    }
    // Tiled layers above the GeoJSON areas (the overlay pane): a municipality's outline would
    // otherwise take every click meant for a plan area inside it. Points stay on top.
    map.createPane("portalTiles").style.zIndex = 450;
    var tiles = el.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { attribution: el.getAttribute("data-tile-attribution") || "", maxZoom: 18 }).addTo(map);
    }

    var entries = specs.map(function (spec, index) {
      return { spec: spec, index: index, layer: null, features: null, year: null, pending: false };
    });
    var pending = 0;

    function setPending(delta) {
      pending += delta;
      el.setAttribute("data-map-state", pending > 0 ? "loading" : "ready");
      if (pending === 0) { scheduleList(); }
    }

    function styleFor(spec, props) {
      var color = spec.color;
      if (spec.class_property && spec.classes && props && spec.classes[props[spec.class_property]]) {
        color = spec.classes[props[spec.class_property]].color;
      }
      return { color: color, weight: spec.weight || 2, fillOpacity: spec.fillOpacity == null ? 0.2 : spec.fillOpacity };
    }

    function yearMatches(spec, props) {
      if (!state.year || !spec.year_property) { return true; }
      return String(P.lookup(props || {}, spec.year_property) || "").slice(0, 4) === state.year;
    }

    function popupFor(spec) {
      return function (layer) { return P.popupHtml(layer.feature ? layer.feature.properties || {} : {}, spec); };
    }

    function pointMarker(spec, feature, latlng) {
      var props = feature.properties || {};
      var marker = L.marker(latlng, {
        icon: L.divIcon({ className: "portal-map-point", html: "<span></span>", iconSize: [18, 18] }),
        title: P.popupTitle(props, spec),
        keyboard: true
      });
      marker.on("add", function () {
        var dot = marker.getElement() && marker.getElement().firstChild;
        if (dot) { dot.style.background = styleFor(spec, props).color; }
      });
      return marker;
    }

    function buildGeoJSON(entry, data) {
      var spec = entry.spec;
      var geo = L.geoJSON(data, {
        filter: function (feature) { return yearMatches(spec, feature.properties); },
        style: function (feature) { return styleFor(spec, feature.properties); },
        pointToLayer: function (feature, latlng) {
          if (spec.kind === "points") { return pointMarker(spec, feature, latlng); }
          var s = styleFor(spec, feature.properties);
          return L.circleMarker(latlng, { radius: spec.radius || 7, color: s.color, weight: 2, fillOpacity: 0.7 });
        },
        onEachFeature: function (feature, layer) { layer.bindPopup(popupFor(spec)); }
      });
      entry.geo = geo;
      if (spec.cluster && window.L.markerClusterGroup) {
        var group = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
        group.addLayer(geo);
        return group;
      }
      return geo;
    }

    function buildTiles(entry) {
      var spec = entry.spec;
      var params = {};
      if (spec.year_param && state.year) { params[spec.year_param] = state.year; }
      var layer = window.VectorTileLayer(withQuery(spec.tiles, params), {
        pane: "portalTiles",
        maxDetailZoom: 14,
        style: function (feature) {
          var s = styleFor(spec, feature.properties);
          var style = { color: s.color, fillColor: s.color, weight: 1.5, fill: true, fillOpacity: 0.3, interactive: true };
          // Below the layer's detail zoom a point stands for the features of one grid cell:
          // its size grows with their number (a cell of one is a small dot).
          var count = feature.properties && feature.properties.count;
          if (count) {
            style.radius = Math.min(22, 5 + 3 * Math.log(count + 1));
            style.fillOpacity = 0.6;
          }
          return style;
        }
      });
      layer.on("click", function (event) {
        var props = event.layer && event.layer.properties ? event.layer.properties : {};
        if (props.count > 1) {
          var box = L.DomUtil.create("div");
          box.appendChild(document.createTextNode(format(strings.cluster, { count: number(props.count) }) + " "));
          var zoom = L.DomUtil.create("button", "button button--secondary", box);
          zoom.type = "button";
          zoom.textContent = strings.zoom_in;
          L.DomEvent.on(zoom, "click", function () { map.closePopup(); map.setView(event.latlng, map.getZoom() + 2); });
          L.popup().setLatLng(event.latlng).setContent(box).openOn(map);
          return;
        }
        L.popup().setLatLng(event.latlng).setContent(P.popupHtml(props, spec)).openOn(map);
      });
      layer.on("tileerror", function () { el.setAttribute("data-map-error", spec.name); });
      return layer;
    }

    function dataUrl(spec) {
      var params = {};
      if (spec.year_param && state.year) { params[spec.year_param] = state.year; }
      return withQuery(spec.url, params);
    }

    function show(entry) {
      var spec = entry.spec;
      if (spec.kind === "mvt") {
        if (!entry.layer || entry.year !== state.year) {
          hide(entry);
          entry.layer = buildTiles(entry);
          entry.year = state.year;
        }
        if (!map.hasLayer(entry.layer)) {
          setPending(1);
          entry.tilesLoading = true;
          entry.layer.once("load", function () { tilesDone(entry); });
          entry.layer.addTo(map);
        }
        return;
      }
      var url = dataUrl(spec);
      if (entry.features && entry.url === url) {
        if (!entry.layer || entry.year !== state.year) {
          if (entry.layer) { map.removeLayer(entry.layer); }
          entry.layer = buildGeoJSON(entry, entry.features);
          entry.year = state.year;
          el.setAttribute("data-features-" + spec.key, String(entry.geo.getLayers().length));
        }
        if (!map.hasLayer(entry.layer)) { entry.layer.addTo(map); }
        return;
      }
      if (entry.pending) { return; }
      entry.pending = true;
      setPending(1);
      fetch(url, { headers: { Accept: "application/geo+json, application/json" } }).then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      }).then(function (data) {
        entry.features = data;
        entry.url = url;
        if (entry.layer) { map.removeLayer(entry.layer); entry.layer = null; }
        if (isOn(spec.key)) { show(entry); }
      }).catch(function () {
        el.setAttribute("data-map-error", spec.name);
        entry.error = true;
      }).finally(function () {
        entry.pending = false;
        setPending(-1);
      });
    }

    /* A tiled layer's first tiles are in (or it was taken off the map before they were). */
    function tilesDone(entry) {
      if (entry.tilesLoading) {
        entry.tilesLoading = false;
        setPending(-1);
      }
    }

    function hide(entry) {
      if (entry.layer && map.hasLayer(entry.layer)) { map.removeLayer(entry.layer); }
      if (entry.spec.kind === "mvt") { tilesDone(entry); }
    }

    function isOn(key) { return state.layers.indexOf(key) !== -1; }

    function sync() {
      entries.forEach(function (entry) {
        if (isOn(entry.spec.key)) {
          show(entry);
        } else {
          hide(entry);
        }
      });
      // Draw order: the switcher's order, areas under points.
      entries.forEach(function (entry) {
        if (entry.layer && map.hasLayer(entry.layer) && entry.layer.bringToFront && entry.spec.kind !== "mvt") {
          entry.layer.bringToFront();
        }
      });
      renderLegend();
      writeUrl();
      scheduleList();
    }

    /* --- the address ------------------------------------------------------------------- */
    function writeUrl() {
      var centre = map.getCenter();
      var params = new URLSearchParams();
      params.set("layers", state.layers.join(","));
      if (state.year) { params.set("year", state.year); }
      params.set("z", String(Math.round(map.getZoom() * 100) / 100));
      params.set("lat", centre.lat.toFixed(5));
      params.set("lon", centre.lng.toFixed(5));
      var url = window.location.pathname + "?" + params.toString() + window.location.hash;
      window.history.replaceState(null, "", url);
      el.setAttribute("data-map-url", url);
    }

    /* --- the legend -------------------------------------------------------------------- */
    var legend = L.control({ position: "bottomright" });
    var legendDiv;
    legend.onAdd = function () {
      legendDiv = L.DomUtil.create("div", "map-legend");
      L.DomEvent.disableClickPropagation(legendDiv);
      return legendDiv;
    };
    legend.addTo(map);

    function renderLegend() {
      var shown = entries.filter(function (entry) { return isOn(entry.spec.key); });
      var html = "<strong>" + P.escapeHtml(strings.legend) + "</strong><ul>";
      var swatches = [];
      shown.forEach(function (entry) {
        var spec = entry.spec;
        html += '<li><span class="map-legend__swatch"></span>' + P.escapeHtml(spec.name);
        swatches.push(spec.color);
        if (spec.classes) {
          html += '<ul class="map-legend__classes">';
          Object.keys(spec.classes).forEach(function (value) {
            html += '<li><span class="map-legend__swatch"></span>' + P.escapeHtml(spec.classes[value].label) + "</li>";
            swatches.push(spec.classes[value].color);
          });
          html += "</ul>";
        }
        html += "</li>";
      });
      if (!shown.length) { html += "<li>" + P.escapeHtml(strings.no_layers) + "</li>"; }
      legendDiv.innerHTML = html + "</ul>";
      legendDiv.querySelectorAll(".map-legend__swatch").forEach(function (swatch, i) {
        swatch.style.background = swatches[i];
      });
    }

    /* --- the list of what is in view --------------------------------------------------- */
    var listTimer = null;
    var listRound = 0;

    function scheduleList() {
      el.setAttribute("data-list-state", "loading");
      window.clearTimeout(listTimer);
      listTimer = window.setTimeout(updateList, 250);
    }

    function boundsParam() {
      var b = map.getBounds();
      var clamp = function (v, lo, hi) { return Math.max(lo, Math.min(hi, v)); };
      return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180),
        clamp(b.getNorth(), -90, 90)].map(function (v) { return v.toFixed(5); }).join(",");
    }

    function featureItems(entry, bounds) {
      var items = [];
      if (!entry.geo) { return { count: 0, items: items }; }
      var count = 0;
      entry.geo.eachLayer(function (layer) {
        var inView = layer.getLatLng ? bounds.contains(layer.getLatLng()) : layer.getBounds && bounds.intersects(layer.getBounds());
        if (!inView) { return; }
        count += 1;
        if (items.length < LIST_LIMIT) {
          var props = layer.feature.properties || {};
          var detail = entry.spec.detail ? P.lookup(props, entry.spec.detail) : null;
          items.push({ name: P.popupTitle(props, entry.spec), url: P.safeUrl(P.lookup(props, entry.spec.link || "url")), detail: detail });
        }
      });
      return { count: count, items: items };
    }

    function serverItems(entry) {
      var params = { bbox: boundsParam() };
      if (entry.spec.year_param && state.year) { params[entry.spec.year_param] = state.year; }
      return fetch(withQuery(entry.spec.list_api, params), { headers: { Accept: "application/json" } }).then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      }).then(function (body) { return { count: body.count, items: body.results }; });
    }

    function updateList() {
      if (pending > 0) { return; }  // a layer is still loading: its last answer schedules the list
      var round = ++listRound;
      var bounds = map.getBounds();
      var shown = entries.filter(function (entry) { return isOn(entry.spec.key); });
      el.setAttribute("data-list-state", "loading");
      status.textContent = strings.loading;
      var work = shown.map(function (entry) {
        if (entry.spec.kind === "mvt") {
          return serverItems(entry).then(function (result) { return { entry: entry, result: result }; }, function () {
            return { entry: entry, error: true };
          });
        }
        if (entry.error) { return Promise.resolve({ entry: entry, error: true }); }
        return Promise.resolve({ entry: entry, result: featureItems(entry, bounds) });
      });
      Promise.all(work).then(function (results) {
        if (round !== listRound) { return; }
        renderList(results);
        el.setAttribute("data-list-state", "ready");
      });
    }

    function cell(tag, text) {
      var node = document.createElement(tag);
      node.textContent = text == null ? "" : String(text);
      return node;
    }

    function renderList(results) {
      tbody.textContent = "";
      var total = 0;
      var notes = [];
      results.forEach(function (row) {
        var spec = row.entry.spec;
        if (row.error) { notes.push(format(strings.error, { layer: spec.name })); return; }
        total += row.result.count;
        row.result.items.forEach(function (item) {
          var tr = document.createElement("tr");
          tr.appendChild(cell("td", spec.name));
          var name = document.createElement("td");
          var url = P.safeUrl(item.url);
          if (url) {
            var a = document.createElement("a");
            a.href = url;
            a.textContent = item.name || "";
            name.appendChild(a);
          } else {
            name.textContent = item.name || "";
          }
          tr.appendChild(name);
          tr.appendChild(cell("td", item.detail));
          tbody.appendChild(tr);
        });
        if (row.result.count > row.result.items.length) {
          notes.push(format(strings.shown_first, { layer: spec.name, count: number(row.result.count), shown: row.result.items.length }));
          var more = document.createElement("tr");
          more.className = "portal-map__more";
          var td = cell("td", "");
          td.colSpan = 3;
          td.textContent = format(strings.shown_first, { layer: spec.name, count: number(row.result.count), shown: row.result.items.length }) + " ";
          if (spec.list_url) {
            var link = document.createElement("a");
            link.href = withQuery(spec.list_url, spec.year_param && state.year ? { year: state.year } : {});
            link.textContent = strings.more;
            td.appendChild(link);
          }
          more.appendChild(td);
          tbody.appendChild(more);
        }
      });
      if (!results.length) {
        status.textContent = strings.no_layers;
      } else if (!total) {
        status.textContent = [strings.nothing].concat(notes).join(" ");
      } else {
        status.textContent = [format(strings.in_view, { count: number(total) })].concat(notes).join(" ");
      }
      el.setAttribute("data-in-view", String(total));
    }

    /* --- events ------------------------------------------------------------------------- */
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        state.layers = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
        sync();
      });
    });
    yearSelect.addEventListener("change", function () {
      state.year = yearSelect.value;
      sync();
    });
    map.on("moveend", function () { writeUrl(); scheduleList(); });

    el.setAttribute("data-map-state", "ready");
    sync();
  }

  function init() {
    document.querySelectorAll("[data-portal-map]").forEach(initPortalMap);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
