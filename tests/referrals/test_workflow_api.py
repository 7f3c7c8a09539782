"""Parts 6, 7, 9 and 15: consultation, the reply and the outcome loop as API calls, through the
same services as the pages (same rules, same messages), with the rights per role."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from referrals.models import Consultation, Reply

from .factories import InterestMatchFactory, ReferralFactory, ReplyFactory, ReplyPointFactory
from .factories_workflow import ConsultationFactory, approver, unit_with_member

pytestmark = pytest.mark.django_db
API = "/api/v1/referrals"


@pytest.fixture
def api():
    return APIClient()


def test_consultation_request_and_answer(api, case_officer, planner):
    case = ReferralFactory(in_progress=True, deadline=timezone.localdate() + datetime.timedelta(days=20))
    unit, member = unit_with_member(slug="kollektivtrafik-api", name="Kollektivtrafik API")
    due = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    api.force_authenticate(planner)
    assert api.post(f"{API}/{case.pk}/consultations/", {"units": [unit.slug], "due": due}).status_code == 403
    api.force_authenticate(case_officer)
    late = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = api.post(f"{API}/{case.pk}/consultations/", {"units": [unit.slug], "due": late}, format="json")
    assert response.status_code == 400 and "före remissens sista svarsdag" in response.json()["due"][0]
    response = api.post(f"{API}/{case.pk}/consultations/", {"units": [unit.slug], "due": due}, format="json")
    assert response.status_code == 201 and response.json()[0]["unit"] == "Kollektivtrafik API"
    consultation_id = response.json()[0]["id"]

    api.force_authenticate(member)
    mine = api.get(f"{API}/consultations/mine/").json()
    assert [c["id"] for c in mine] == [consultation_id] and mine[0]["diary_number"] == case.diary_number
    assert api.get(f"{API}/{case.pk}/consultations/").json()[0]["id"] == consultation_id
    response = api.post(f"{API}/consultations/{consultation_id}/answer/", {"answer": "Linje 12 berörs."}, format="json")
    assert response.status_code == 200 and response.json()["is_answered"] is True
    api.force_authenticate(planner)
    assert api.post(f"{API}/consultations/{consultation_id}/answer/", {"answer": "x"}).status_code == 404
    assert api.get(f"{API}/{case.pk}/consultations/").json() == []
    assert Consultation.objects.get(pk=consultation_id).answer == "Linje 12 berörs."


def test_reply_from_points_to_sent(api, case_officer):
    case = ReferralFactory(in_progress=True)
    InterestMatchFactory(referral=case, title="Regional korridor")
    consultation = ConsultationFactory(referral=case)
    Consultation.objects.filter(pk=consultation.pk).update(answer="Svar från enheten", answered_at=timezone.now())
    api.force_authenticate(case_officer)
    body = api.post(f"{API}/{case.pk}/reply/interests/", {}, format="json").json()
    assert [p["heading"] for p in body["points"]] == ["Regional korridor"]
    body = api.post(f"{API}/{case.pk}/reply/points/", {"consultation": consultation.pk}, format="json").json()
    body = api.post(
        f"{API}/{case.pk}/reply/points/", {"text": "Egen punkt", "version": body["version"]}, format="json"
    ).json()
    assert [p["source"] for p in body["points"]] == ["interest", "consultation", "free"]
    ids = [p["id"] for p in body["points"]]
    body = api.post(f"{API}/{case.pk}/reply/order/", {"points": ids[::-1]}, format="json").json()
    assert [p["id"] for p in body["points"]] == ids[::-1]
    stale = body["version"] - 1
    response = api.patch(f"{API}/{case.pk}/reply/points/{ids[0]}/", {"text": "Ny", "version": stale}, format="json")
    assert response.status_code == 409 and "Någon annan har ändrat" in response.json()["version"][0]
    response = api.delete(f"{API}/{case.pk}/reply/points/{ids[2]}/", {"version": body["version"]}, format="json")
    assert len(response.json()["points"]) == 2
    assert api.post(f"{API}/{case.pk}/reply/review/", {}, format="json").json()["status"] == "reviewed"
    response = api.post(f"{API}/{case.pk}/reply/approve/", {}, format="json")
    assert response.status_code == 403 and "delegation" in response.json()["detail"]
    api.force_authenticate(approver())
    assert api.post(f"{API}/{case.pk}/reply/approve/", {}, format="json").json()["status"] == "approved"
    api.force_authenticate(case_officer)
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = api.post(f"{API}/{case.pk}/reply/send/", {"sent_to": "Kommunen", "sent_on": future}, format="json")
    assert response.status_code == 400 and "sent_on" in response.json()
    today = timezone.localdate().isoformat()
    response = api.post(f"{API}/{case.pk}/reply/send/", {"sent_to": "Kommunen", "sent_on": today}, format="json")
    assert response.json()["status"] == "sent"
    response = api.post(f"{API}/{case.pk}/reply/points/", {"text": "För sent"}, format="json")
    assert response.status_code == 400 and "skickat" in response.json()["non_field_errors"][0]


@pytest.mark.parametrize("state", ["draft", "reviewed", "approved"])
def test_the_public_and_planners_never_get_an_unsent_reply(api, planner, state):
    reply = ReplyFactory(referral=ReferralFactory(in_progress=True), status=state)
    ReplyPointFactory(reply=reply, text="Intern formulering")
    assert api.get(f"{API}/{reply.referral_id}/reply/").status_code == 404
    api.force_authenticate(planner)
    assert api.get(f"{API}/{reply.referral_id}/reply/").status_code == 404
    assert api.post(f"{API}/{reply.referral_id}/reply/points/", {"text": "x"}).status_code == 403
    Reply.objects.filter(pk=reply.pk).update(status="sent", sent_on=timezone.localdate())
    api.force_authenticate(None)
    assert api.get(f"{API}/{reply.referral_id}/reply/").json()["points"][0]["text"] == "Intern formulering"


def test_outcomes_through_the_api(api, case_officer):
    earlier = ReferralFactory(answered=True)
    reply = ReplyFactory(referral=earlier, status="sent", sent_on=timezone.localdate())
    p1, p2 = ReplyPointFactory(reply=reply), ReplyPointFactory(reply=reply)
    later = ReferralFactory(in_progress=True, sender=earlier.sender, previous=earlier)
    other = ReplyPointFactory()
    api.force_authenticate(case_officer)
    response = api.post(
        f"{API}/{later.pk}/outcomes/", {"outcomes": [{"point": other.pk, "outcome": "fully"}]}, format="json"
    )
    assert response.status_code == 400 and str(other.pk) in response.json()["outcomes"][0]
    response = api.post(
        f"{API}/{later.pk}/outcomes/",
        {"outcomes": [{"point": p1.pk, "outcome": "fully"}, {"point": p2.pk, "outcome": "not", "note": "Nej"}]},
        format="json",
    )
    assert [(p["id"], p["outcome"]) for p in response.json()] == [(p1.pk, "fully"), (p2.pk, "not")]
