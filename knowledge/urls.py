from django.urls import path

from . import downloads
from .views import documents, editing, feeds, layers, news, requests, search

app_name = "knowledge"

urlpatterns = [
    path("", search.LibraryIndexView.as_view(), name="index"),
    path("sok/", search.SearchView.as_view(), name="search"),
    path("nytt/", editing.DocumentCreateView.as_view(), name="document_create"),
    path("granskning/", documents.ReviewListView.as_view(), name="review_list"),
    path("onskemal/", requests.RequestListView.as_view(), name="request_list"),
    path("onskemal/nytt/", requests.RequestCreateView.as_view(), name="request_create"),
    path("onskemal/<int:pk>/", requests.RequestDetailView.as_view(), name="request_detail"),
    path("kartlager/", layers.LayerListView.as_view(), name="layer_list"),
    path("kartlager/ladda-upp/", layers.LayerUploadView.as_view(), name="layer_upload"),
    path("kartlager/<int:pk>/", layers.LayerDetailView.as_view(), name="layer_detail"),
    path("kartlager/<int:pk>/redigera/", layers.LayerEditView.as_view(), name="layer_edit"),
    path("kartlager/<int:pk>/ta-bort/", layers.LayerDeleteView.as_view(), name="layer_delete"),
    path("bevakning/", feeds.SubscriptionView.as_view(), name="subscriptions"),
    path("omvarld/", news.NewsListView.as_view(), name="news_list"),
    path("omvarld/ny/", news.NewsCreateView.as_view(), name="news_create"),
    path("omvarld/<int:pk>/redigera/", news.NewsEditView.as_view(), name="news_edit"),
    path("omvarld/<int:pk>/ta-bort/", news.NewsDeleteView.as_view(), name="news_delete"),
    path("tema/<slug:slug>/atom/", feeds.ThemeFeed(), name="theme_feed"),
    path("filer/<int:pk>/<str:name>", downloads.document_file, name="document_file"),
    path("<slug:slug>/", documents.DocumentDetailView.as_view(), name="document_detail"),
    path("<slug:slug>/versioner/<int:number>/", documents.VersionDetailView.as_view(), name="version_detail"),
    path("<slug:slug>/redigera/", editing.DocumentEditView.as_view(), name="document_edit"),
    path("<slug:slug>/ny-version/", editing.VersionCreateView.as_view(), name="version_create"),
    path("<slug:slug>/granskad/", editing.DocumentReviewedView.as_view(), name="document_reviewed"),
]
