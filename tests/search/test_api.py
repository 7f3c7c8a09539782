"""/api/v1/search/: the answer's shape, one kind page by page, and errors in the project's body."""

import re

import pytest
from django.conf import settings

from planportal.testing import openapi
from tests.networks.factories import NetworkFactory


def conforming(response):
    """The answer, checked against the committed schema (docs/openapi.yaml)."""
    path = response.request["PATH_INFO"]
    problems = openapi.check_response("get", path, response.status_code, response["Content-Type"], response.content)
    assert problems == []
    return response.json()


@pytest.mark.django_db
def test_the_answer_groups_by_kind_with_counts(client, world):
    data = conforming(client.get("/api/v1/search/?q=vattenplan"))
    assert data["q"] == "vattenplan" and data["kind"] is None
    assert [entry["kind"] for entry in data["kinds"]] == [
        "documents",
        "networks",
        "meetings",
        "agenda_items",
        "referrals",
        "goals",
        "indicators",
        "organisations",
    ]
    groups = {group["kind"]: group for group in data["groups"]}
    assert "organisations" not in groups and groups["documents"]["count"] == 1
    document = groups["documents"]["results"][0]
    assert document["url"] == world["document"].get_absolute_url()
    assert "&lt;img src=x onerror=alert" in document["snippet"] and "<mark>" in document["snippet"]
    (meeting,) = groups["meetings"]["results"]
    assert set(re.findall(r"<[^>]*>", meeting["snippet"])) == {"<mark>", "</mark>"}
    assert "&lt;img src=x onerror=alert" in meeting["snippet"]
    assert groups["meetings"]["url"] == "http://testserver/api/v1/search/?kind=meetings&q=vattenplan"
    assert "DOLD" not in str(data)


@pytest.mark.django_db
def test_one_kind_page_by_page(client):
    for n in range(5):
        NetworkFactory(name=f"Skogsbruksnätverk {n}")
    data = conforming(client.get("/api/v1/search/?q=skogsbruk&kind=networks&page_size=2"))
    (group,) = data["groups"]
    assert group["count"] == 5 and len(group["results"]) == 2 and group["has_next"]
    assert "page=2" in group["next"] and "kind=networks" in group["next"] and group["previous"] is None
    last = client.get("/api/v1/search/?q=skogsbruk&kind=networks&page_size=2&page=3").json()["groups"][0]
    assert len(last["results"]) == 1 and last["next"] is None and last["start"] == 5
    assert [entry["count"] for entry in data["kinds"] if entry["kind"] == "networks"] == [5]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "swedish", "english"),
    [
        ("", "q", "Skriv ett eller flera sökord (q).", "Enter one or more search words (q)."),
        ("q=%20%20", "q", "Skriv ett eller flera sökord (q).", "Enter one or more search words (q)."),
        (
            "q=plan&kind=hemligt",
            "kind",
            "Okänd typ hemligt (kind). Välj en av: documents, networks, meetings, agenda_items, referrals, goals, "
            "indicators, organisations.",
            "Unknown kind hemligt (kind). Choose one of: documents, networks, meetings, agenda_items, referrals, "
            "goals, indicators, organisations.",
        ),
        (
            "q=plan&page=0",
            "page",
            "page ska vara ett heltal, 1 eller större.",
            "page must be a whole number, 1 or more.",
        ),
        (
            "q=plan&page_size=1000",
            "page_size",
            "page_size ska vara ett heltal från 1 till 100.",
            "page_size must be a whole number from 1 to 100.",
        ),
        (
            "q=" + "a" * 201,
            "q",
            "Sökningen (q) får vara högst 200 tecken.",
            "The search (q) may be at most 200 characters.",
        ),
        (
            "q=%21%21%21",
            "q",
            "Sökningen (q) innehåller inga ord att söka på. Skriv ett ord med bokstäver eller siffror.",
            "The search (q) holds no words to search for. Enter a word with letters or digits.",
        ),
    ],
)
def test_bad_input_answers_400_in_the_clients_language(client, db, query, field, swedish, english):
    response = client.get(f"/api/v1/search/?{query}")
    assert response.status_code == 400 and response.json()[field] == [swedish]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice
    response = client.get(f"/api/v1/search/?{query}")
    assert response.status_code == 400 and response.json()[field] == [english]
