from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("", views.LibraryIndexView.as_view(), name="index"),
    path("sok/", views.SearchView.as_view(), name="search"),
    path("nytt/", views.DocumentCreateView.as_view(), name="document_create"),
    path("granskning/", views.ReviewListView.as_view(), name="review_list"),
    path("onskemal/", views.RequestListView.as_view(), name="request_list"),
    path("onskemal/nytt/", views.RequestCreateView.as_view(), name="request_create"),
    path("onskemal/<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path("kartlager/", views.LayerListView.as_view(), name="layer_list"),
    path("kartlager/ladda-upp/", views.LayerUploadView.as_view(), name="layer_upload"),
    path("kartlager/<int:pk>/", views.LayerDetailView.as_view(), name="layer_detail"),
    path("kartlager/<int:pk>/redigera/", views.LayerEditView.as_view(), name="layer_edit"),
    path("kartlager/<int:pk>/ta-bort/", views.LayerDeleteView.as_view(), name="layer_delete"),
    path("bevakning/", views.SubscriptionView.as_view(), name="subscriptions"),
    path("omvarld/", views.NewsListView.as_view(), name="news_list"),
    path("omvarld/ny/", views.NewsCreateView.as_view(), name="news_create"),
    path("omvarld/<int:pk>/redigera/", views.NewsEditView.as_view(), name="news_edit"),
    path("omvarld/<int:pk>/ta-bort/", views.NewsDeleteView.as_view(), name="news_delete"),
    path("tema/<slug:slug>/atom/", views.ThemeFeed(), name="theme_feed"),
    path("<slug:slug>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("<slug:slug>/versioner/<int:number>/", views.VersionDetailView.as_view(), name="version_detail"),
    path("<slug:slug>/redigera/", views.DocumentEditView.as_view(), name="document_edit"),
    path("<slug:slug>/ny-version/", views.VersionCreateView.as_view(), name="version_create"),
    path("<slug:slug>/granskad/", views.DocumentReviewedView.as_view(), name="document_reviewed"),
]
