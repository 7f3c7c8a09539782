"""Signing in never returns to the sign-in page: a `next` that points at the sign-in or
sign-out page (the header's "Logga in" on the sign-in page itself, an old bookmark) is
ignored and the person lands on LOGIN_REDIRECT_URL (the home page)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve

from .forms import LoginForm

# Pages a successful sign-in must not lead back to.
NOT_AFTER_SIGN_IN = {"login", "logout"}


def is_sign_in_page(url: str) -> bool:
    path = urlsplit(url).path
    if not path:
        return False
    try:
        return resolve(path).url_name in NOT_AFTER_SIGN_IN
    except Resolver404:
        return False


class PortalLoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def get_redirect_url(self):
        url = super().get_redirect_url()  # "" unless `next` is safe (same host, allowed scheme)
        return "" if is_sign_in_page(url) else url

    def get_default_redirect_url(self):
        return resolve_url(settings.LOGIN_REDIRECT_URL)
