from rest_framework.routers import DefaultRouter

from . import coverage, views

router = DefaultRouter(trailing_slash=True)
router.register("documents", views.DocumentViewSet, basename="document")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("layers", views.LayerViewSet, basename="layer")
router.register("requests", views.RequestViewSet, basename="document-request")
router.register("news", views.NewsItemViewSet, basename="news-item")

urlpatterns = coverage.urlpatterns + router.urls
