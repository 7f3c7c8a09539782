/* Planportalen: drawing an area on a form (templates/includes/area_input.html).
 * Every [data-area-input] gets a Leaflet map with Leaflet-Geoman's polygon and rectangle
 * tools; what is drawn (or edited, or removed) is written as a GeoJSON FeatureCollection in
 * WGS 84 into the hidden input, which the server turns into a MultiPolygon in SWEREF 99 TM
 * (planportal/areas.py). Without Leaflet or Geoman the map stays hidden and the file input
 * is the way in. */
(function () {
  "use strict";
  var COUNTY_BOUNDS = [[58.64, 14.28], [60.12, 15.80]];

  function countPoints(geometry) {
    var rings = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    var points = 0;
    rings.forEach(function (polygon) {
      polygon.forEach(function (ring) { points += Math.max(ring.length - 1, 0); });
    });
    return points;
  }

  function initAreaInput(root) {
    if (!window.L || !L.PM) { return; }
    var hidden = root.querySelector("[data-area-geojson]");
    var wrapper = root.querySelector("[data-area-map-wrapper]");
    var mapEl = root.querySelector("[data-area-map]");
    var status = root.querySelector("[data-area-status]");
    var clear = root.querySelector("[data-area-clear]");
    wrapper.hidden = false;

    var map = L.map(mapEl, { keyboard: true, zoomSnap: 0.25 });
    mapEl._leafletMap = map;
    map.fitBounds(COUNTY_BOUNDS);
    var tiles = root.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { attribution: root.getAttribute("data-tile-attribution") || "", maxZoom: 18 }).addTo(map);
    }
    if (document.documentElement.lang === "en") { map.pm.setLang("en"); } else { map.pm.setLang("sv"); }
    map.pm.addControls({
      position: "topleft",
      drawMarker: false, drawCircleMarker: false, drawPolyline: false, drawCircle: false, drawText: false,
      drawRectangle: true, drawPolygon: true, editMode: true, dragMode: true, cutPolygon: true,
      removalMode: true, rotateMode: false
    });
    map.pm.setGlobalOptions({ allowSelfIntersection: false });
    // Geoman's buttons are <a role="button"> named only by their container's title (a hover
    // tooltip): give each that name for screen readers (WCAG 4.1.2, axe link-name).
    mapEl.querySelectorAll(".button-container").forEach(function (container) {
      var button = container.querySelector(".leaflet-buttons-control-button");
      var name = container.getAttribute("title");
      if (button && name && !button.getAttribute("aria-label")) { button.setAttribute("aria-label", name); }
    });
    var drawn = L.featureGroup().addTo(map);

    function polygons() {
      var features = [];
      drawn.eachLayer(function (layer) {
        var feature = layer.toGeoJSON();
        if (feature.geometry && (feature.geometry.type === "Polygon" || feature.geometry.type === "MultiPolygon")) {
          features.push({ type: "Feature", properties: {}, geometry: feature.geometry });
        }
      });
      return features;
    }

    function write() {
      var features = polygons();
      hidden.value = features.length ? JSON.stringify({ type: "FeatureCollection", features: features }) : "";
      var points = 0;
      features.forEach(function (f) { points += countPoints(f.geometry); });
      status.textContent = features.length
        ? root.getAttribute("data-msg-drawn").replace("{parts}", features.length).replace("{points}", points)
        : root.getAttribute("data-msg-none");
      root.setAttribute("data-area-parts", String(features.length));
    }

    function track(layer) {
      drawn.addLayer(layer);
      layer.on("pm:edit pm:update pm:dragend pm:cut", write);
    }

    if (hidden.value) {
      try {
        L.geoJSON(JSON.parse(hidden.value)).eachLayer(track);
        if (drawn.getLayers().length) { map.fitBounds(drawn.getBounds(), { padding: [20, 20], animate: false }); }
      } catch (e) {
        hidden.setAttribute("data-area-unreadable", "true");  // keep the text for the server to explain
      }
    }
    map.on("pm:create", function (e) { track(e.layer); write(); });
    map.on("pm:remove", function (e) { drawn.removeLayer(e.layer); write(); });
    map.on("pm:cut", function (e) {
      drawn.removeLayer(e.originalLayer);
      track(e.layer);
      write();
    });
    clear.addEventListener("click", function () {
      drawn.eachLayer(function (layer) { map.removeLayer(layer); });
      drawn.clearLayers();
      write();
      mapEl.focus();
    });
    root.setAttribute("data-area-ready", "true");
  }

  function init() {
    document.querySelectorAll("[data-area-input]").forEach(initAreaInput);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  window.Planportalen = window.Planportalen || {};
  window.Planportalen.initAreaInput = initAreaInput;
})();
