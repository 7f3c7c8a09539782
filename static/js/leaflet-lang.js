/* Leaflet's own controls in the page's language (issue 12: "Zoom in" on Swedish pages).
   Loaded right after leaflet.js (templates/includes/map_assets.html), before any map is made,
   so every L.map on the page (map.js, draw.js, rus.js) gets these defaults. Leaflet-Geoman's
   texts are set per map in draw.js (map.pm.setLang). */
(function () {
  "use strict";
  if (!window.L || !L.Control || !L.Control.Zoom) { return; }
  var english = (document.documentElement.lang || "sv").slice(0, 2) === "en";
  L.Control.Zoom.prototype.options.zoomInTitle = english ? "Zoom in" : "Zooma in";
  L.Control.Zoom.prototype.options.zoomOutTitle = english ? "Zoom out" : "Zooma ut";
  if (L.Control.Layers) {
    // the collapsed layer switcher's button is a link without text: give it a name
    var onAdd = L.Control.Layers.prototype.onAdd;
    L.Control.Layers.prototype.onAdd = function (map) {
      var container = onAdd.call(this, map);
      var toggle = container.querySelector(".leaflet-control-layers-toggle");
      if (toggle) {
        var label = english ? "Layers" : "Lager";
        toggle.setAttribute("title", label);
        toggle.setAttribute("aria-label", label);
      }
      return container;
    };
  }
})();
