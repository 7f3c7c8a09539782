"""Part 15: referral cases in the API — the list with its filters, one case (the public's fields
and the officers'), registration and each action through the same services as the pages, the
conflict on a stale version, errors by field in Swedish or English, query counts."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from planportal.geo import WGS84
from referrals.models import DeadlineExtension, InterestMatch, Referral, ReferralDocument, ReferralEvent, Reply

from .factories import (
    InterestMatchFactory,
    MunicipalityFactory,
    PhraseFactory,
    ReferralDocumentFactory,
    ReferralEventFactory,
    ReferralFactory,
    ReplyFactory,
    ReplyPointFactory,
    plan_area,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/referrals/"
INTERNAL = ("internal_notes", "assignee", "triage", "version", "interests", "events", "extensions", "contact_email")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def kumla(db):
    return MunicipalityFactory(name="Kumla kommun", slug="kumla", code="1881")


def area_geojson(**kwargs) -> dict:
    return json.loads(plan_area(**kwargs).transform(WGS84, clone=True).geojson)


def registration(organisation, **extra):
    today = timezone.localdate()
    return {
        "sender": organisation.code,
        "sender_reference": "KS 2026/55",
        "plan_name": "Detaljplan för Södra Mos",
        "plan_type": "dp",
        "phase": "samrad",
        "received": today.isoformat(),
        "deadline": (today + datetime.timedelta(days=30)).isoformat(),
        "contact_email": "plan@kumla.se",
        **extra,
    }


# --- reading ----------------------------------------------------------------------------------


def test_the_list_shows_the_register_to_everyone_and_the_internal_fields_to_officers(api, case_officer, planner):
    case = ReferralFactory(assignee=case_officer, internal_notes="Hemligt", triage="answer", in_progress=True)
    for user in (None, planner):
        api.force_authenticate(user)
        item = api.get(API).json()["results"][0]
        assert item["diary_number"] == case.diary_number and item["sender"]["code"] == case.sender.code
        assert not set(INTERNAL) & set(item)
    api.force_authenticate(case_officer)
    item = api.get(API).json()["results"][0]
    assert item["assignee"]["id"] == case_officer.pk and item["triage"] == "answer" and item["version"] == 1


def test_the_list_filters(api, case_officer, kumla):
    today = timezone.localdate()
    mine = ReferralFactory(sender=kumla, assignee=case_officer, plan_name="Södra Mos", plan_type="op")
    late = ReferralFactory(overdue=True, phase="granskning")
    done = ReferralFactory(answered=True, received=datetime.date(2025, 3, 1))
    api.force_authenticate(case_officer)

    def ids(**params):
        response = api.get(API, params)
        assert response.status_code == 200, response.json()
        return {item["id"] for item in response.json()["results"]}

    assert ids() == {mine.pk, late.pk, done.pk}
    assert ids(status="open") == {mine.pk, late.pk}
    assert ids(status="closed") == ids(status="answered") == {done.pk}
    assert ids(year=2025) == {done.pk}
    assert ids(plan_type="op") == {mine.pk}
    assert ids(phase="granskning") == {late.pk}
    assert ids(sender="1881") == ids(municipality="kumla") == {mine.pk}
    assert ids(assignee="me") == {mine.pk}
    assert ids(assignee="none") == {late.pk, done.pk}
    assert ids(overdue="true") == {late.pk}
    assert ids(deadline_before=(today - datetime.timedelta(days=1)).isoformat()) >= {late.pk}
    assert mine.pk not in ids(deadline_before=(today - datetime.timedelta(days=1)).isoformat())
    assert ids(deadline_after=today.isoformat()) == {mine.pk}
    assert ids(q="södra mos") == {mine.pk}
    assert ids(q=mine.diary_number) == {mine.pk}
    assert [i["id"] for i in api.get(API, {"sort": "deadline"}).json()["results"]][0] == done.pk


def test_internal_notes_do_not_find_cases_and_assignee_is_not_a_public_filter(api, planner, case_officer):
    ReferralFactory(internal_notes="HEMLIGANTECKNING", assignee=case_officer)
    assert api.get(API, {"q": "HEMLIGANTECKNING"}).json()["results"] == []
    api.force_authenticate(planner)
    response = api.get(API, {"assignee": "me"})
    assert response.status_code == 400 and "bara för handläggare" in response.json()["assignee"][0]


def test_bad_filters_answer_400_by_parameter_in_swedish_or_english(api):
    response = api.get(API, {"year": "abc", "status": "nej", "overdue": "kanske"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) >= {"year", "status"}
    assert "heltal" in body["year"][0].lower() or "nummer" in body["year"][0].lower()
    api.cookies["django_language"] = "en"  # tests/conftest.py puts Swedish back afterwards
    body = api.get(API, {"year": "abc", "status": "nej"}).json()
    assert "number" in body["year"][0].lower() and "valid choice" in body["status"][0].lower()
    assert api.get(API, {"year": "99999999999999999999"}).status_code == 400


@pytest.mark.parametrize("role", [None, "case_officer"])
def test_the_list_costs_the_same_queries_for_1_and_25_cases(api, request, count_queries, role):
    user = request.getfixturevalue(role) if role else None
    api.force_authenticate(user)
    ReferralFactory(assignee=user)
    api.get(API)  # the user's roles are read once per user object (planportal.roles.has_role)
    one, response = count_queries(lambda: api.get(API))
    assert response.json()["count"] == 1
    for _ in range(24):
        ReferralFactory(assignee=user)
    many, response = count_queries(lambda: api.get(API))
    assert response.json()["count"] == 25 and len(response.json()["results"]) == 25
    assert one == many


def _full_case(officer):
    case = ReferralFactory(internal_notes="Ring kommunen", assignee=officer, in_progress=True)
    ReferralDocumentFactory(referral=case, name="Plankarta.pdf")
    ReferralDocumentFactory(referral=case, name="Sekretess.pdf", confidential=True)
    InterestMatchFactory(referral=case, title="Stråket Örebro–Kumla")
    ReferralEventFactory(referral=case, summary="Tilldelad")
    reply = ReplyFactory(referral=case, status=Reply.Status.DRAFT, introduction="Utkast")
    ReplyPointFactory(reply=reply, text="Intern formulering")
    return case


def test_one_case_for_the_public_and_for_officers(api, case_officer, planner):
    case = _full_case(case_officer)
    for user in (None, planner):
        api.force_authenticate(user)
        body = api.get(f"{API}{case.pk}/").json()
        assert not set(INTERNAL) & set(body)
        assert [d["name"] for d in body["documents"]] == ["Plankarta.pdf"]
        assert body["documents"][0]["download"].startswith("http")
        assert body["reply"] is None  # a draft
        assert body["area"]["type"] == "MultiPolygon"
        lon, lat = body["area"]["coordinates"][0][0][0]
        assert 10 < lon < 25 and 55 < lat < 70
        assert "Ring kommunen" not in json.dumps(body) and "Intern formulering" not in json.dumps(body)
    api.force_authenticate(case_officer)
    body = api.get(f"{API}{case.pk}/").json()
    assert body["internal_notes"] == "Ring kommunen" and body["assignee"]["id"] == case_officer.pk
    assert {d["name"] for d in body["documents"]} == {"Plankarta.pdf", "Sekretess.pdf"}
    assert body["reply"]["status"] == "draft" and body["interests"][0]["title"] == "Stråket Örebro–Kumla"
    assert body["events"][0]["summary"] == "Tilldelad"
    by_number = api.get(f"{API}{case.diary_year}-{case.diary_seq}/").json()
    assert by_number["id"] == case.pk
    # Sent: the reply shows to everyone.
    Reply.objects.filter(referral=case).update(status="sent", sent_on=timezone.localdate())
    api.force_authenticate(None)
    assert api.get(f"{API}{case.pk}/").json()["reply"]["points"][0]["text"] == "Intern formulering"
    assert api.get(f"{API}999999/").status_code == 404


@pytest.mark.parametrize("role", [None, "case_officer"])
def test_one_case_costs_the_same_queries_with_1_and_25_documents_events_and_interests(
    api, request, count_queries, role
):
    user = request.getfixturevalue(role) if role else None
    api.force_authenticate(user)
    case = ReferralFactory(assignee=user)

    def add():
        ReferralDocumentFactory(referral=case)
        ReferralEventFactory(referral=case, actor=user)
        InterestMatchFactory(referral=case)

    add()
    api.get(API)  # the user's roles are read once per user object
    one, _ = count_queries(lambda: api.get(f"{API}{case.pk}/"))
    for _ in range(24):
        add()
    many, response = count_queries(lambda: api.get(f"{API}{case.pk}/"))
    assert len(response.json()["documents"]) == 25
    assert one == many


# --- registering ------------------------------------------------------------------------------


def test_register_with_json_and_a_drawn_area(api, case_officer, kumla):
    api.force_authenticate(case_officer)
    response = api.post(API, registration(kumla, area=area_geojson()), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    case = Referral.objects.get(pk=body["id"])
    assert body["diary_number"] == case.diary_number and case.sender == kumla
    assert case.area is not None and case.area_source == "drawn" and case.registered_by == case_officer
    assert body["warnings"] == []
    kinds = set(case.events.values_list("kind", flat=True))
    assert {"registered", "area_changed", "interests_checked"} <= kinds


def test_register_multipart_with_files_links_and_an_area_file(api, case_officer, kumla):
    api.force_authenticate(case_officer)
    area_file = SimpleUploadedFile(
        "plan.geojson",
        json.dumps({"type": "Feature", "properties": {}, "geometry": area_geojson()}).encode(),
        content_type="application/geo+json",
    )
    data = registration(kumla, area_file=area_file, links=["https://kumla.se/plan.pdf"], confidential="true")
    data["files"] = [SimpleUploadedFile("Planbeskrivning.pdf", PDF, content_type="application/pdf")]
    response = api.post(API, data, format="multipart")
    assert response.status_code == 201, response.json()
    case = Referral.objects.get(pk=response.json()["id"])
    assert case.area_source == "upload"
    assert sorted(case.documents.values_list("name", "is_public")) == [
        ("Planbeskrivning.pdf", False),
        ("plan.pdf", False),
    ]
    download = [d for d in response.json()["documents"] if d["kind"] == "file"][0]["download"]
    assert "/remisser/handlingar/" in download


def test_the_same_reference_and_phase_twice_is_a_409_until_confirmed(api, case_officer, kumla):
    api.force_authenticate(case_officer)
    first = api.post(API, registration(kumla), format="json").json()
    response = api.post(API, registration(kumla), format="json")
    assert response.status_code == 409
    body = response.json()
    assert first["diary_number"] in body["confirm_duplicate"][0] and body["duplicates"][0]["id"] == first["id"]
    assert Referral.objects.count() == 1
    response = api.post(API, registration(kumla, confirm_duplicate=True), format="json")
    assert response.status_code == 201 and first["diary_number"] in response.json()["warnings"][0]


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"deadline": "2020-01-01"}, "deadline", "före inkommen-datum"),
        ({"sender": "9999"}, "sender", "Okänd avsändare 9999"),
        ({"plan_type": "xx"}, "plan_type", "xx"),
        ({"area": {"type": "Point", "coordinates": [15.2, 59.3]}}, "area", "punkt"),
        ({"area": {"type": "Polygon", "coordinates": [[[2, 48], [3, 48], [3, 49], [2, 48]]]}}, "area", "Sverige"),
        ({"area": "inte json"}, "area", "GeoJSON"),
        ({"links": ["ftp:nej"]}, "links", ""),
    ],
)
def test_bad_registrations_are_refused_by_field_and_nothing_is_saved(api, case_officer, kumla, change, field, words):
    api.force_authenticate(case_officer)
    response = api.post(API, registration(kumla, **change), format="json")
    assert response.status_code == 400, response.json()
    message = json.dumps(response.json()[field], ensure_ascii=False)
    assert words.lower() in message.lower()
    assert not Referral.objects.exists() and not ReferralEvent.objects.exists()


def test_a_refused_registration_in_english(api, case_officer, kumla):
    api.force_authenticate(case_officer)
    api.cookies["django_language"] = "en"
    response = api.post(API, registration(kumla, deadline="2020-01-01", sender="9999"), format="json")
    assert response.status_code == 400
    assert "Unknown sender 9999" in response.json()["sender"][0]
    response = api.post(API, registration(kumla, deadline="2020-01-01"), format="json")
    assert "before the date received" in response.json()["deadline"][0]


def test_only_case_officers_register(api, planner, editor, kumla):
    assert api.post(API, registration(kumla), format="json").status_code == 403
    for user in (planner, editor):
        api.force_authenticate(user)
        response = api.post(API, registration(kumla), format="json")
        assert response.status_code == 403 and "handläggare" in response.json()["detail"]
    assert not Referral.objects.exists()


# --- changing ---------------------------------------------------------------------------------


def test_update_with_the_version_and_a_stale_version_is_a_409(api, case_officer):
    case = ReferralFactory()
    api.force_authenticate(case_officer)
    response = api.patch(f"{API}{case.pk}/", {"plan_name": "Nytt namn", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["plan_name"] == "Nytt namn"
    assert response.json()["version"] == 2
    response = api.patch(f"{API}{case.pk}/", {"plan_name": "Gammalt", "version": 1}, format="json")
    assert response.status_code == 409
    assert "Någon annan har ändrat ärendet" in response.json()["version"][0]
    case.refresh_from_db()
    assert case.plan_name == "Nytt namn" and case.version == 2
    response = api.patch(f"{API}{case.pk}/", {"plan_name": "Utan version"}, format="json")
    assert response.status_code == 400 and "version" in response.json()
    api.cookies["django_language"] = "en"
    response = api.patch(f"{API}{case.pk}/", {"plan_name": "Stale", "version": 1}, format="json")
    assert response.status_code == 409 and "Someone else has changed" in response.json()["version"][0]


def test_set_the_area_and_the_interests_are_checked_again(api, case_officer):
    case = ReferralFactory(no_area=True)
    api.force_authenticate(case_officer)
    response = api.post(f"{API}{case.pk}/area/", {"area": area_geojson(), "version": 1}, format="json")
    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert case.area is not None and case.version == 2
    assert case.events.filter(kind="interests_checked").exists()
    response = api.post(f"{API}{case.pk}/area/", {"whole_municipality": True, "version": 1}, format="json")
    assert response.status_code == 409
    response = api.post(f"{API}{case.pk}/area/", {}, format="json")
    assert response.status_code == 400 and "area" in response.json()


def test_documents_add_list_and_remove(api, case_officer, planner):
    case = ReferralFactory()
    api.force_authenticate(case_officer)
    files = [SimpleUploadedFile("Bilaga.pdf", PDF, content_type="application/pdf")]
    response = api.post(f"{API}{case.pk}/documents/", {"files": files, "confidential": "true"}, format="multipart")
    assert response.status_code == 201, response.json()
    response = api.post(f"{API}{case.pk}/documents/", {"links": ["https://kumla.se/karta.pdf"]}, format="json")
    assert response.status_code == 201
    assert api.post(f"{API}{case.pk}/documents/", {}, format="json").status_code == 400
    fake = SimpleUploadedFile("Falsk.pdf", b"inte en pdf", content_type="application/pdf")
    response = api.post(f"{API}{case.pk}/documents/", {"files": [fake]}, format="multipart")
    assert response.status_code == 400 and "Falsk.pdf" in json.dumps(response.json(), ensure_ascii=False)
    secret = ReferralDocument.objects.get(name="Bilaga.pdf")
    api.force_authenticate(planner)
    assert [d["name"] for d in api.get(f"{API}{case.pk}/documents/").json()] == ["karta.pdf"]
    assert api.delete(f"{API}{case.pk}/documents/{secret.pk}/").status_code == 403
    api.force_authenticate(case_officer)
    assert api.delete(f"{API}{case.pk}/documents/{secret.pk}/").status_code == 204
    assert not ReferralDocument.objects.filter(pk=secret.pk).exists()
    assert case.events.filter(kind="document_removed").exists()


def test_assign_triage_and_extend(api, case_officer, planner, mailoutbox):
    case = ReferralFactory()
    api.force_authenticate(case_officer)
    response = api.post(f"{API}{case.pk}/assign/", {"assignee": case_officer.pk, "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["assignee"]["id"] == case_officer.pk
    response = api.post(f"{API}{case.pk}/assign/", {"assignee": planner.pk}, format="json")
    assert response.status_code == 400 and "inte handläggare" in response.json()["assignee"][0]
    response = api.post(f"{API}{case.pk}/triage/", {"decision": "answer", "version": 1}, format="json")
    assert response.status_code == 409
    response = api.post(f"{API}{case.pk}/triage/", {"decision": "answer", "version": 2}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    new = (case.deadline + datetime.timedelta(days=14)).isoformat()
    response = api.post(f"{API}{case.pk}/extensions/", {"new_deadline": new, "reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = api.post(
        f"{API}{case.pk}/extensions/", {"new_deadline": new, "reason": "Kommunen gav anstånd"}, format="json"
    )
    assert response.status_code == 201 and response.json()["deadline"] == new
    assert api.get(f"{API}{case.pk}/extensions/").json()[0]["new_deadline"] == new
    assert DeadlineExtension.objects.filter(referral=case).count() == 1


def test_triage_decline_closes_the_case_in_one_call(api, case_officer, django_capture_on_commit_callbacks):
    PhraseFactory(decline=True)
    case = ReferralFactory()
    api.force_authenticate(case_officer)
    with django_capture_on_commit_callbacks() as callbacks:
        response = api.post(f"{API}{case.pk}/triage/", {"decision": "decline"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "declined"
    assert response.json()["reply"]["status"] == "sent" and len(callbacks) == 1
    response = api.post(f"{API}{case.pk}/assign/", {"assignee": case_officer.pk}, format="json")
    assert response.status_code == 400 and "avslutad" in response.json()["non_field_errors"][0]


def test_interests_events_previous_and_reply_text(api, case_officer, planner):
    earlier = ReferralFactory(answered=True, received=timezone.localdate() - datetime.timedelta(days=200))
    case = ReferralFactory(sender=earlier.sender, in_progress=True)
    match = InterestMatchFactory(referral=case, title="Logistikområdet")
    api.force_authenticate(case_officer)
    assert [i["title"] for i in api.get(f"{API}{case.pk}/interests/").json()] == ["Logistikområdet"]
    response = api.patch(f"{API}{case.pk}/interests/{match.pk}/", {"decision": "accepted"}, format="json")
    assert response.status_code == 200 and response.json()["decision"] == "accepted"
    assert api.patch(f"{API}{case.pk}/interests/{match.pk}/", {"decision": "x"}, format="json").status_code == 400
    response = api.post(f"{API}{case.pk}/previous/", {"previous": earlier.pk, "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["previous"]["id"] == earlier.pk
    response = api.post(f"{API}{earlier.pk}/previous/", {"previous": case.pk}, format="json")
    assert response.status_code == 400 and "previous" in response.json()
    response = api.post(f"{API}{case.pk}/reply/text/", {"introduction": "Regionen har tagit del."}, format="json")
    assert response.status_code == 200 and response.json()["introduction"] == "Regionen har tagit del."
    response = api.post(f"{API}{case.pk}/reply/text/", {"conclusion": "x", "version": 0}, format="json")
    assert response.status_code == 409
    events = api.get(f"{API}{case.pk}/events/").json()
    assert events[0]["kind"] == "reply_edited" and events[0]["actor"]["id"] == case_officer.pk
    api.force_authenticate(planner)
    for url in ("interests/", "events/", "extensions/"):
        assert api.get(f"{API}{case.pk}/{url}").status_code == 403
    assert InterestMatch.objects.get(pk=match.pk).decision == "accepted"


def test_a_closed_case_has_no_reply_text_left_behind(api, case_officer):
    case = ReferralFactory(answered=True)
    api.force_authenticate(case_officer)
    response = api.post(f"{API}{case.pk}/reply/text/", {"introduction": "För sent"}, format="json")
    assert response.status_code == 400
    assert not Reply.objects.filter(referral=case).exists()


def test_delete_is_for_administrators(api, case_officer, administrator):
    case = ReferralFactory()
    api.force_authenticate(case_officer)
    assert api.delete(f"{API}{case.pk}/").status_code == 403
    api.force_authenticate(administrator)
    assert api.delete(f"{API}{case.pk}/").status_code == 204
    assert not Referral.objects.filter(pk=case.pk).exists()
