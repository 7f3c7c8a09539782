from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("konto/aviseringar/", views.PreferencesView.as_view(), name="preferences"),
    path("konto/aviseringar/avsluta/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
