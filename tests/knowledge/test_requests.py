"""Requests for new documents: planners propose and support, editors set the status, the
list is ranked by the number of supporting organisations."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from knowledge import services
from knowledge.models import DocumentRequest, RequestSupport
from planportal import roles
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.knowledge.factories import DocumentFactory, RequestFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def planner_of(org):
    user = UserFactory(username=f"planner-{org.slug}", roles=[roles.PLANNER])
    PersonFactory(user=user, organisation=org)
    return user


def test_planner_proposes_and_own_organisation_supports(planner, orebro, municipality):
    ThemeFactory(slug="beredskap")
    request = services.request_propose(
        topic="Underlag om drönare och planering",
        reason="Flera kommuner får frågor om drönarflygplatser.",
        municipalities=["1880"],
        themes=["beredskap"],
        actor=planner,
    )
    assert request.organisation == municipality and request.status == "new"
    assert list(request.supports.values_list("organisation", flat=True)) == [municipality.pk]


def test_request_for_a_municipality_that_does_not_exist(planner, orebro):
    with pytest.raises(ValidationError) as exc:
        services.request_propose(topic="Skyfall", reason="Behövs.", municipalities=["1880", "0000"], actor=planner)
    assert exc.value.message_dict["municipalities"][0].startswith("Det finns ingen kommun i länet med kod 0000")
    assert not DocumentRequest.objects.exists() and not RequestSupport.objects.exists()


def test_empty_topic_and_reason(planner):
    with pytest.raises(ValidationError) as exc:
        services.request_propose(topic=" ", reason="", actor=planner)
    assert set(exc.value.message_dict) == {"topic", "reason"}


@pytest.mark.parametrize("role", ["case_officer", "coordinator", "signed_in_user"])
def test_other_roles_cannot_propose(role, request):
    with pytest.raises(PermissionDenied):
        services.request_propose(topic="X", reason="Y", actor=request.getfixturevalue(role))


def test_support_once_per_organisation_and_ranking(client, planner, other_planner, orebro, kumla):
    first = services.request_propose(topic="Jordbruksmark", reason="Exploateringstryck.", actor=planner)
    second = services.request_propose(topic="Laddinfrastruktur", reason="Elbilar.", actor=planner)
    services.request_support(request=second, actor=other_planner)
    third_org = OrganisationFactory(municipality=True, name="Nora kommun", slug="nora", code="1884")
    services.request_support(request=second, actor=planner_of(third_org))
    with pytest.raises(ValidationError) as exc:
        services.request_support(request=second, actor=other_planner)
    assert "stöttar redan" in exc.value.message_dict["request"][0]

    client.force_login(planner)
    data = client.get("/api/v1/requests/").json()["results"]
    assert [(r["topic"], r["support_count"]) for r in data] == [("Laddinfrastruktur", 3), ("Jordbruksmark", 1)]
    body = client.get("/dokument/onskemal/").content.decode()
    assert body.index("Laddinfrastruktur") < body.index("Jordbruksmark")
    assert first.supports.count() == 1


def test_editor_sets_status_with_reason_or_document(editor, planner):
    request = services.request_propose(topic="Vindkraft", reason="Vägledning behövs.", actor=planner)
    with pytest.raises(ValidationError) as exc:
        services.request_set_status(request=request, status="declined", actor=editor)
    assert "Ange varför" in exc.value.message_dict["status_reason"][0]
    with pytest.raises(ValidationError) as exc:
        services.request_set_status(request=request, status="published", actor=editor)
    assert "document" in exc.value.message_dict
    doc = DocumentFactory(title="Vindkraftsvägledning")
    services.request_set_status(request=request, status="published", document=doc, actor=editor)
    request.refresh_from_db()
    assert request.status == "published" and request.document == doc
    with pytest.raises(PermissionDenied):
        services.request_set_status(request=request, status="new", actor=planner)


def test_closed_request_cannot_be_supported(editor, planner, other_planner):
    request = services.request_propose(topic="Skolresultat", reason="Jämförelser.", actor=planner)
    services.request_set_status(request=request, status="declined", reason="Finns redan hos SCB.", actor=editor)
    with pytest.raises(ValidationError):
        services.request_support(request=request, actor=other_planner)


def test_api_propose_support_and_status(client, planner, other_planner, editor, orebro):
    client.force_login(planner)
    response = client.post(
        "/api/v1/requests/",
        {"topic": "Grönstruktur", "reason": "Regional grönplan.", "municipalities": ["1880"]},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["municipalities"] == ["1880"]
    pk = response.json()["id"]
    bad = client.post(
        "/api/v1/requests/",
        {"topic": "X", "reason": "Y", "municipalities": ["4242"]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "kod 4242" in bad.json()["municipalities"][0]
    client.force_login(other_planner)
    assert client.post(f"/api/v1/requests/{pk}/support/").json()["support_count"] == 2
    assert client.post(f"/api/v1/requests/{pk}/support/").status_code == 400
    assert client.post(f"/api/v1/requests/{pk}/status/", {"status": "planned"}).status_code == 403
    client.force_login(editor)
    ok = client.post(f"/api/v1/requests/{pk}/status/", {"status": "planned"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status_label"] == "Planerad"


def test_anonymous_sees_no_requests(client):
    assert client.get("/api/v1/requests/").status_code == 403
    # the list page says why signing in is needed, instead of bouncing to the sign-in form
    RequestFactory(topic="Hemligt önskemål om dagvatten")
    response = client.get("/dokument/onskemal/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Önskemålen visas för inloggade" in body and 'href="/konto/logga-in/?next=/dokument/onskemal/"' in body
    assert "Hemligt önskemål" not in body and "<table" not in body
    assert "(för inloggade)" in client.get("/dokument/").content.decode()
    assert client.get(f"/dokument/onskemal/{DocumentRequest.objects.get().pk}/").status_code == 302


def test_pages_propose_support_and_set_status(client, planner, other_planner, editor, orebro):
    client.force_login(planner)
    bad = client.post("/dokument/onskemal/nytt/", {"topic": "", "reason": ""})
    assert bad.status_code == 200 and "Det finns fel i formuläret" in bad.content.decode()
    response = client.post(
        "/dokument/onskemal/nytt/", {"topic": "Dagvatten", "reason": "Skyfall.", "municipalities": ["1880"]}
    )
    request = DocumentRequest.objects.get()
    assert response["Location"] == request.get_absolute_url()
    client.force_login(other_planner)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Stötta önskemålet" in page and "Ändra status" not in page
    client.post(request.get_absolute_url(), {"action": "support"})
    assert request.supports.count() == 2
    client.force_login(editor)
    declined = client.post(request.get_absolute_url(), {"action": "status", "status": "declined", "status_reason": ""})
    assert declined.status_code == 200 and "Ange varför önskemålet avslås" in declined.content.decode()
    request.refresh_from_db()
    assert request.status == "new"
