/* "Search in the map view": copies the map's bounds into the search form's bbox field. */
(function () {
  "use strict";
  var button = document.getElementById("search-in-map");
  var map = document.getElementById("search-map");
  if (!button || !map) { return; }
  button.addEventListener("click", function () {
    var leaflet = map._leafletMap;
    if (!leaflet) { return; }
    var b = leaflet.getBounds();
    var form = document.getElementById(button.getAttribute("data-form"));
    var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); });
    form.querySelector("[name=bbox]").value = bbox.join(",");
    form.submit();
  });
})();
