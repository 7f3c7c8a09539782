"""Who sees what, for every role: the public sees public documents that are not withdrawn;
staff of member organisations also see internal ones; editors see everything. The same rule
holds for the API list, the detail page, search and the municipality section."""

import pytest

from tests.knowledge.factories import DocumentFactory

pytestmark = pytest.mark.django_db

PUBLIC = {"public-current", "public-superseded"}
INSIDER = PUBLIC | {"internal-current"}
EVERYTHING = INSIDER | {"public-withdrawn"}

EXPECTED = {
    None: PUBLIC,
    "signed_in_user": PUBLIC,  # no organisation, no role: like the public
    "planner": INSIDER,
    "case_officer": INSIDER,
    "coordinator": INSIDER,
    "editor": EVERYTHING,
    "administrator": EVERYTHING,
}


@pytest.fixture
def documents(orebro):
    return [
        DocumentFactory(slug="public-current", title="Vindkraft offentlig", municipalities=[orebro]),
        DocumentFactory(
            slug="public-superseded", title="Vindkraft ersatt", status="superseded", municipalities=[orebro]
        ),
        DocumentFactory(slug="internal-current", title="Vindkraft intern", internal=True, municipalities=[orebro]),
        DocumentFactory(
            slug="public-withdrawn", title="Vindkraft tillbakadragen", withdrawn=True, municipalities=[orebro]
        ),
    ]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_visibility_per_role(client, documents, orebro, role, request):
    if role:
        client.force_login(request.getfixturevalue(role))
    expected = EXPECTED[role]
    listed = {d["slug"] for d in client.get("/api/v1/documents/").json()["results"]}
    assert listed == expected
    searched = {d["slug"] for d in client.get("/api/v1/documents/", {"q": "vindkraft"}).json()["results"]}
    assert searched == expected
    for doc in documents:
        status = client.get(doc.get_absolute_url()).status_code
        assert status == (200 if doc.slug in expected else 404), (doc.slug, status)
    section = client.get(orebro.get_absolute_url()).content.decode()
    assert ("Vindkraft intern" in section) == ("internal-current" in expected)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_review_list_and_editor_actions_per_role(client, documents, role, request):
    if role:
        client.force_login(request.getfixturevalue(role))
    create = client.get("/dokument/nytt/").status_code
    if role is None:
        assert create == 302
    else:
        assert create == (200 if role in ("editor", "administrator") else 403)
    payload = {"review_by": "2030-01-01"}
    reviewed = client.post("/api/v1/documents/public-current/reviewed/", payload, content_type="application/json")
    assert reviewed.status_code == (200 if role in ("editor", "administrator") else 403)
