"""Part 12, the event trail: every service records who did what in the officers' words, in
Swedish whatever the page's language; the case page shows it as a timeline; the trail is
append-only in the database and read-only in the admin."""

import datetime

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import translation

from referrals.models import ReferralEvent
from referrals.services import cases, deadlines, interests, triage
from tests.factories import UserFactory
from tests.referrals.factories import InterestMatchFactory, MunicipalityFactory, PhraseFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_a_case_life_leaves_its_trail_in_order(case_officer):
    PhraseFactory(decline=True)
    kumla = MunicipalityFactory(name="Kumla kommun", slug="kumla")
    anna = UserFactory(username="anna", first_name="Anna", last_name="Andersson", roles=["case_officer"])
    today = datetime.date.today()
    referral, _w = cases.referral_register(
        data={
            "sender": kumla,
            "plan_name": "Detaljplan för Ekeby",
            "plan_type": "dp",
            "phase": "samrad",
            "received": today,
            "deadline": today + datetime.timedelta(days=30),
            "contact_email": "karin@kumla.se",
        },
        actor=case_officer,
        documents=[{"url": "https://kumla.se/ekeby.pdf", "name": "Planbeskrivning"}],
    )
    cases.referral_update(
        referral=referral, data={"plan_name": "Detaljplan för Ekeby 2"}, actor=case_officer, version=1
    )
    triage.referral_assign(referral=referral, assignee=anna, actor=case_officer)
    deadlines.referral_extend(
        referral=referral, new_deadline=referral.deadline + datetime.timedelta(days=7), reason="Anstånd", actor=anna
    )
    match = InterestMatchFactory(referral=referral)
    interests.interest_decide(match=match, decision="accepted", actor=anna)
    triage.referral_triage(referral=referral, decision="decline", actor=anna)
    trail = list(referral.events.order_by("at", "pk").values_list("kind", "summary"))
    kinds = [kind for kind, _s in trail]
    assert kinds == [
        "registered",
        "document_added",
        "updated",
        "assigned",
        "deadline_extended",
        "interests_checked",
        "declined",
    ]
    summaries = dict(trail)
    assert summaries["assigned"] == "Tilldelad Anna Andersson"
    assert summaries["updated"] == "Ändrade uppgifter: planens namn"
    assert summaries["document_added"] == "Handling tillagd: Planbeskrivning"
    assert all(ReferralEvent.objects.filter(referral=referral).exclude(actor=None).values_list("actor", flat=True))


def test_summaries_stay_swedish_when_the_officer_works_in_english(case_officer):
    referral = ReferralFactory()
    anna = UserFactory(username="anna", first_name="Anna", last_name="Andersson", roles=["case_officer"])
    with translation.override("en"):
        triage.referral_assign(referral=referral, assignee=anna, actor=case_officer)
    assert referral.events.get(kind="assigned").summary == "Tilldelad Anna Andersson"


def test_the_trail_cannot_be_changed_or_deleted():
    event = ReferralFactory().events.create(kind="registered", summary="Registrerad")
    with pytest.raises(DatabaseError), transaction.atomic():
        ReferralEvent.objects.filter(pk=event.pk).update(summary="Ändrad i efterhand")
    with pytest.raises(DatabaseError), transaction.atomic():
        ReferralEvent.objects.filter(pk=event.pk).delete()


def test_the_case_page_shows_the_timeline_newest_first(client, case_officer):
    referral = ReferralFactory()
    anna = UserFactory(username="anna", first_name="Anna", last_name="Andersson", roles=["case_officer"])
    triage.referral_assign(referral=referral, assignee=anna, actor=case_officer)
    triage.referral_triage(referral=referral, decision="answer", actor=anna)
    client.force_login(case_officer)
    html = client.get(referral.get_absolute_url()).content.decode()
    timeline = html[html.index('id="timeline-title"') :]
    assert timeline.index("Beslut: yttra sig") < timeline.index("Tilldelad Anna Andersson")
    assert "av Anna Andersson" in timeline


def test_the_timeline_is_for_officers_only(client, planner):
    referral = ReferralFactory(internal_notes="Intern anteckning")
    referral.events.create(kind="registered", summary="Registrerad som hemlighet")
    client.force_login(planner)
    response = client.get(referral.get_absolute_url())
    assert response.status_code == 403
    assert "hemlighet" not in response.content.decode()


def test_admin_shows_events_read_only_and_phrases_editable(client, administrator):
    referral = ReferralFactory()
    event = referral.events.create(kind="registered", summary="Registrerad")
    client.force_login(administrator)
    changelist = client.get(reverse("admin:referrals_referralevent_changelist"))
    assert changelist.status_code == 200 and "Registrerad" in changelist.content.decode()
    assert client.get(reverse("admin:referrals_referralevent_add")).status_code == 403
    change = client.get(reverse("admin:referrals_referralevent_change", args=[event.pk]))
    assert change.status_code == 200 and 'name="summary"' not in change.content.decode()
    assert client.get(reverse("admin:referrals_referral_add")).status_code == 403
    assert client.get(reverse("admin:referrals_phrase_add")).status_code == 200
    assert client.get(reverse("admin:referrals_unit_add")).status_code == 200
