"""Signing in never returns to the sign-in form: the header's "Logga in" on the sign-in page
carries no `next`, and a `next` that points at the sign-in (or sign-out) page is ignored."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"


@pytest.fixture
def person(db):
    return UserFactory(username="anna")


def _sign_in(client, next_url=None):
    data = {"username": "anna", "password": PASSWORD}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/konto/logga-in/", data)


def _header_sign_in_link(body):
    return re.search(r'<div class="site-account">.*?<a href="([^"]*)"[^>]*>Logga in</a>', body, re.S).group(1)


def test_the_header_link_on_the_sign_in_page_has_no_next(client):
    body = client.get("/konto/logga-in/").content.decode()
    assert _header_sign_in_link(body) == "/konto/logga-in/"
    body = client.get("/konto/logga-in/?next=/natverk/").content.decode()
    assert _header_sign_in_link(body) == "/konto/logga-in/"


def test_the_header_link_elsewhere_returns_to_the_page_with_its_query(client):
    body = client.get("/dokument/sok/?q=vind&year=2025").content.decode()
    assert _header_sign_in_link(body) == "/konto/logga-in/?next=/dokument/sok/%3Fq%3Dvind%26year%3D2025"


@pytest.mark.parametrize(
    "next_url",
    [
        None,
        "",
        "/konto/logga-in/",
        "/konto/logga-in/?next=/konto/logga-in/",
        "/konto/logga-ut/",
        "https://evil.example.com/",
    ],
)
def test_signing_in_lands_home_not_on_the_sign_in_form(client, person, next_url):
    response = _sign_in(client, next_url)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").wsgi_request.user == person


def test_a_next_to_a_real_page_is_followed(client, person):
    response = _sign_in(client, "/natverk/?kind=forum")
    assert response["Location"] == "/natverk/?kind=forum"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_in_from_the_sign_in_page_lands_on_home(page, live_server, person):
    page.goto(live_server.url + "/konto/logga-in/")
    page.locator(".site-account").get_by_role("link", name="Logga in").click()  # the header link, as a person would
    expect(page.locator("h1")).to_have_text("Logga in")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator(".site-account")).to_contain_text("Logga ut")
