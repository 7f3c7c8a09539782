"""OGC API Features at /ogc/: the portal's geodata for GIS tools (QGIS, GDAL's OAPIF driver).

Part 1 (core, GeoJSON) and Part 2 (CRS by reference: WGS 84 lon/lat as CRS84, EPSG:4326 and
SWEREF 99 TM, EPSG:3006, the storage CRS). Every collection starts from the owning model's
`visible_to(user)` or its app's selector, as the pages do; pages of features are built by
PostGIS (planportal.geo.geojson_feature + json_agg) in one statement with their count.

Why not pygeoapi, the well-kept implementation that was tried first (0.21.0, the last release
for the portal's Python 3.11; 0.22 and later need 3.12): its Django integration builds a whole
pygeoapi API from a static configuration (settings.PYGEOAPI_CONFIG, a YAML file and an OpenAPI
document) for every request, and a provider's `query(offset, limit, bbox, ...)` is handed no
request and no user, so `visible_to(user)` could only be reached through a thread-local; its
collections are the configuration's, so the library's uploaded layers (one collection each, per
user) would need the configuration rewritten at run time; errors are pygeoapi's own body, not
the portal's (planportal/api_errors.py); and its providers serialise feature by feature in
Python (Flask, rasterio, SQLAlchemy and pyproj come along). django-oapif, the Django-native one,
needs Python 3.12; its predecessor django-ogcapif (2023) pins psycopg2 and renders through
djangorestframework-gis feature by feature. So this is a small implementation of its own, on
DRF views, the portal's selectors and its error handler."""
