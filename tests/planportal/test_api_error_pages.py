"""Errors Django answers before (or instead of) a DRF view — an address no API route matches,
a request body it cannot parse, a NUL in the address — come in the API's JSON error body under
/api/ (planportal/error_views.py), and as the HTML pages elsewhere. Found by the API fuzzing
(test_api_fuzz.py), which sent such requests and got HTML."""

import pytest

from tests.knowledge.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_an_api_address_no_route_matches_is_a_json_404(client):
    response = client.get("/api/v1/referrals/not-a-number/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Hittades inte."}


def test_the_json_404_follows_the_chosen_language(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/api/v1/nothing-here/").json() == {"detail": "Not found."}


def test_a_page_address_no_route_matches_is_still_the_html_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_multipart_body_without_its_boundary_is_a_json_400(administrator, client):
    client.force_login(administrator)
    response = client.post("/api/v1/documents/", data=b'{"title": "x"}', content_type="multipart/form-data")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}


def test_a_nul_in_an_api_address_is_a_json_400(client):
    response = client.get("/api/v1/documents/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Adressen innehåller ett ogiltigt tecken (NUL, %00)."}
    page = client.get("/dokument/", {"q": "a\x00b"})
    assert page.status_code == 400 and page["Content-Type"].startswith("text/plain")
    client.cookies["django_language"] = "en"  # chosen with the language switch
    response = client.get("/api/v1/documents/", {"q": "a\x00b"})
    assert response.json() == {"detail": "The address contains an invalid character (NUL, %00)."}
    assert "invalid character" in client.get("/dokument/", {"q": "a\x00b"}).content.decode()


def test_an_unknown_document_in_an_api_body_is_named_in_english_when_chosen(client, administrator):
    client.force_login(administrator)
    client.cookies["django_language"] = "en"
    document = DocumentFactory()
    response = client.post(
        f"/api/v1/documents/{document.slug}/supersede/", {"by": "finns-inte"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"by": ["There is no document with the short address “finns-inte”."]}
