/* Planportalen maps: every element with data-map-layers becomes a Leaflet map.
 * data-map-layers is JSON: [{"name": "...", "url": "/api/...", "kind": "polygon|point|line",
 *   "color": "#...", "popup": "name", "link": "url", "fit": true, "geojson": {...}}]
 * Layers load from the API (or inline GeoJSON), appear in the layer switcher and the legend,
 * and popups link to the thing's page. The map starts framed on Örebro län. */
(function () {
  "use strict";
  var COUNTY_BOUNDS = [[58.64, 14.28], [60.12, 15.80]];

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function popupHtml(props, spec) {
    var title = escapeHtml(props[spec.popup || "name"] || props.title || "");
    var link = props[spec.link || "url"];
    var html = link ? '<a href="' + escapeHtml(link) + '">' + title + "</a>" : "<strong>" + title + "</strong>";
    if (spec.detail && props[spec.detail] != null) {
      html += "<br>" + escapeHtml(props[spec.detail]);
    }
    return html;
  }

  function styleFor(spec, feature) {
    var color = spec.color || "#005a9c";
    if (spec.styleProperty && feature && feature.properties && feature.properties[spec.styleProperty]) {
      color = feature.properties[spec.styleProperty];
    }
    return { color: color, weight: spec.weight || 2, fillOpacity: spec.fillOpacity == null ? 0.15 : spec.fillOpacity };
  }

  function buildLayer(spec, data) {
    return L.geoJSON(data, {
      style: function (feature) { return styleFor(spec, feature); },
      pointToLayer: function (feature, latlng) {
        var s = styleFor(spec, feature);
        return L.circleMarker(latlng, { radius: spec.radius || 7, color: s.color, weight: 2, fillOpacity: 0.7 });
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(popupHtml(feature.properties || {}, spec));
      }
    });
  }

  function addLegend(map, specs) {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "map-legend");
      var title = document.documentElement.lang === "en" ? "Legend" : "Teckenförklaring";
      var html = "<strong>" + title + "</strong><ul>";
      specs.forEach(function (spec) {
        html += '<li><span class="map-legend__swatch" style="background:' + escapeHtml(spec.color || "#005a9c") +
          '"></span>' + escapeHtml(spec.name) + "</li>";
      });
      div.innerHTML = html + "</ul>";
      return div;
    };
    legend.addTo(map);
  }

  function initMap(el) {
    var specs = JSON.parse(el.getAttribute("data-map-layers") || "[]");
    var map = L.map(el, { keyboard: true, zoomSnap: 0.25 });
    el._leafletMap = map;
    map.fitBounds(COUNTY_BOUNDS);
    var tiles = el.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { attribution: el.getAttribute("data-tile-attribution") || "", maxZoom: 18 }).addTo(map);
    }
    var overlays = {};
    var control = L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    addLegend(map, specs);
    var pending = specs.length;
    el.setAttribute("data-map-state", pending ? "loading" : "ready");
    specs.forEach(function (spec) {
      var load = spec.geojson ? Promise.resolve(spec.geojson) : fetch(spec.url, { headers: { Accept: "application/geo+json, application/json" } }).then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      });
      load.then(function (data) {
        var layer = buildLayer(spec, data).addTo(map);
        control.addOverlay(layer, escapeHtml(spec.name));
        var count = (data.features || []).length;
        el.setAttribute("data-features-" + (spec.key || "layer"), String(count));
        if (spec.fit && count && layer.getBounds().isValid()) {
          map.fitBounds(layer.getBounds(), { padding: [10, 10], animate: false });
        }
      }).catch(function () {
        el.setAttribute("data-map-error", spec.name);
      }).finally(function () {
        pending -= 1;
        if (pending === 0) { el.setAttribute("data-map-state", "ready"); }
      });
    });
  }

  function init() {
    document.querySelectorAll("[data-map-layers]").forEach(initMap);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  window.Planportalen = window.Planportalen || {};
  window.Planportalen.initMap = initMap;
})();
