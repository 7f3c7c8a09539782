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

  /* Colours far apart from one another, dark enough for a thin line on the light map. */
  var PALETTE = ["#005a9c", "#a50f15", "#006d2c", "#6a3d9a", "#b35900", "#01665e", "#c51b7d", "#4d4d4d", "#8c510a"];

  function rgb(hex) {
    var m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || "");
    return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : null;
  }

  /* Redmean colour distance: close to what the eye sees as different, cheap to compute. */
  function distance(a, b) {
    var r = (a[0] + b[0]) / 2, dr = a[0] - b[0], dg = a[1] - b[1], db = a[2] - b[2];
    return Math.sqrt((2 + r / 256) * dr * dr + 4 * dg * dg + (2 + (255 - r) / 256) * db * db);
  }

  var MIN_DISTANCE = 120;

  /* Each layer keeps the colour its page gave it unless an earlier layer on the same map has one
   * the eye cannot tell apart from it; then it takes the first palette colour far from all of
   * them. The legend and the map read the same spec, so they stay in step. */
  function distinctColours(specs) {
    var used = [];
    function farFromUsed(colour) {
      var c = rgb(colour);
      return c && used.every(function (u) { return distance(c, u) >= MIN_DISTANCE; });
    }
    specs.forEach(function (spec, index) {
      if (spec.styleProperty) { return; }
      var colour = spec.color || PALETTE[index % PALETTE.length];
      if (!farFromUsed(colour)) {
        // prefer a colour no later layer asks for, so one change does not push on to the next
        var wanted = specs.slice(index + 1).map(function (s) { return (s.color || "").toLowerCase(); });
        var free = PALETTE.filter(farFromUsed);
        colour = free.filter(function (c) { return wanted.indexOf(c) === -1; })[0] || free[0] || colour;
      }
      spec.color = colour;
      used.push(rgb(colour));
    });
    return specs;
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
        html += '<li><span class="map-legend__swatch"></span>' + escapeHtml(spec.name) + "</li>";
      });
      div.innerHTML = html + "</ul>";
      // colours through the style property, not a style attribute (the CSP allows no inline styles)
      div.querySelectorAll(".map-legend__swatch").forEach(function (swatch, i) {
        swatch.style.background = specs[i].color || "#005a9c";
      });
      return div;
    };
    legend.addTo(map);
  }

  function initMap(el) {
    var specs = distinctColours(JSON.parse(el.getAttribute("data-map-layers") || "[]"));
    var map = L.map(el, { keyboard: true, zoomSnap: 0.25 });
    el._leafletMap = map;
    map.fitBounds(COUNTY_BOUNDS);
    var tiles = el.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { attribution: el.getAttribute("data-tile-attribution") || "", maxZoom: 18 }).addTo(map);
    }
    var overlays = {};
    // Layers arrive in the order their requests finish; the switcher lists them in the order of
    // the specs, as the legend does, so the two read the same way on every load.
    var control = L.control.layers(null, overlays, {
      collapsed: false,
      sortLayers: true,
      sortFunction: function (a, b) { return a._specIndex - b._specIndex; }
    }).addTo(map);
    addLegend(map, specs);
    var pending = specs.length;
    el.setAttribute("data-map-state", pending ? "loading" : "ready");
    specs.forEach(function (spec, index) {
      var load = spec.geojson ? Promise.resolve(spec.geojson) : fetch(spec.url, { headers: { Accept: "application/geo+json, application/json" } }).then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      });
      load.then(function (data) {
        var layer = buildLayer(spec, data).addTo(map);
        layer._specIndex = index;
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
  window.Planportalen.distinctColours = distinctColours;
  window.Planportalen.popupTitle = popupTitle;
  window.Planportalen.lookup = lookup;
  window.Planportalen.safeUrl = safeUrl;
})();
