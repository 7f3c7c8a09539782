/* Planportalen maps: every element with data-map-layers becomes a Leaflet map.
 * data-map-layers is JSON: [{"name": "...", "url": "/api/...", "kind": "polygon|point|line",
 *   "color": "#...", "popup": "name", "link": "url", "fit": true, "geojson": {...}}]
 * Layers load from the API (or inline GeoJSON), appear in the layer switcher and the legend,
 * and popups link to the thing's page. The map starts framed on Örebro län. */
(function () {
  "use strict";
  var COUNTY_BOUNDS = [[58.64, 14.28], [60.12, 15.80]];

  var HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  /* Text -> HTML safe in element content and in quoted attribute values (quotes too). */
  function escapeHtml(text) {
    return (text == null ? "" : String(text)).replace(/[&<>"']/g, function (c) { return HTML_ESCAPES[c]; });
  }

  /* Only links to the portal itself or to http(s) pages; javascript:, data: and the like are dropped. */
  function safeUrl(url) {
    if (typeof url !== "string") { return null; }
    var trimmed = url.trim();
    if (/^\/(?!\/)/.test(trimmed) || /^https?:\/\//i.test(trimmed)) { return trimmed; }
    return null;
  }

  var TITLE_KEYS = ["name", "namn", "title", "titel", "benamning", "benämning"];
  var MAX_POPUP_ROWS = 15;

  /* A value from the feature's own properties, or (uploaded layers) from the file's properties
   * nested under "properties", matching the key without regard to case. */
  function lookup(props, key) {
    if (!key) { return null; }
    if (props[key] != null && typeof props[key] !== "object") { return props[key]; }
    var nested = props.properties;
    if (nested && typeof nested === "object") {
      var lower = String(key).toLowerCase();
      for (var name in nested) {
        if (Object.prototype.hasOwnProperty.call(nested, name) && name.toLowerCase() === lower &&
            nested[name] != null && nested[name] !== "") {
          return nested[name];
        }
      }
    }
    return null;
  }

  function popupTitle(props, spec) {
    var keys = [spec.popup || "name"].concat(TITLE_KEYS);
    for (var i = 0; i < keys.length; i += 1) {
      var value = lookup(props, keys[i]);
      if (value != null && value !== "") { return String(value); }
    }
    if (props.number != null) {
      return (document.documentElement.lang === "en" ? "Feature " : "Objekt ") + props.number;
    }
    return "";
  }

  /* An uploaded layer's own attributes, as a small table (values are text, never HTML). */
  function propertiesTable(nested) {
    var names = Object.keys(nested).filter(function (name) { return nested[name] != null && nested[name] !== ""; });
    if (!names.length) { return ""; }
    var rows = names.slice(0, MAX_POPUP_ROWS).map(function (name) {
      var value = nested[name];
      if (typeof value === "object") { value = JSON.stringify(value); }
      return '<tr><th scope="row">' + escapeHtml(name) + "</th><td>" + escapeHtml(value) + "</td></tr>";
    });
    if (names.length > MAX_POPUP_ROWS) {
      rows.push('<tr><td colspan="2">… (' + (names.length - MAX_POPUP_ROWS) + ")</td></tr>");
    }
    return '<table class="map-popup__properties">' + rows.join("") + "</table>";
  }

  function popupHtml(props, spec) {
    var title = escapeHtml(popupTitle(props, spec));
    var link = safeUrl(lookup(props, spec.link || "url"));
    var html = link ? '<a href="' + escapeHtml(link) + '">' + title + "</a>" : "<strong>" + title + "</strong>";
    var detail = spec.detail ? lookup(props, spec.detail) : null;
    if (detail != null) {
      html += "<br>" + escapeHtml(detail);
    }
    if (props.properties && typeof props.properties === "object") {
      html += propertiesTable(props.properties);
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
  window.Planportalen.escapeHtml = escapeHtml;
  window.Planportalen.popupHtml = popupHtml;
})();
