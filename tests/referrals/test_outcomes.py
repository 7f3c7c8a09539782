"""Part 9: the outcome loop — per point of the previous phase's sent reply, whether the
municipality took it into account; and the suggestion of the previous case for a new one."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from referrals.models import Outcome, Referral, ReferralEvent, Reply
from referrals.services.outcomes import outcome_record, outcomes_record, suggest_previous

from .factories import MunicipalityFactory, ReferralFactory, ReplyFactory, ReplyPointFactory

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def chain(db):
    """A samråd case with a sent reply of two points, and its granskning (the new case)."""
    sender = MunicipalityFactory(name="Kumla kommun", slug="kumla")
    earlier = ReferralFactory(
        sender=sender, answered=True, phase="samrad", received=days(-200), deadline=days(-170),
        sender_reference="SBN 2026/12", plan_name="Detaljplan för Västra Mark",
    )  # fmt: skip
    reply = ReplyFactory(referral=earlier, status=Reply.Status.SENT, sent_on=days(-172))
    points = [
        ReplyPointFactory(reply=reply, order=1, heading="Kollektivtrafik", text="Behåll hållplatsen."),
        ReplyPointFactory(reply=reply, order=2, heading="Cykel", text="Förläng cykelstråket."),
    ]
    later = ReferralFactory(
        sender=sender, in_progress=True, phase="granskning", received=days(-5), previous=earlier,
        sender_reference="SBN 2026/12", plan_name="Detaljplan för Västra Mark",
    )  # fmt: skip
    return earlier, later, points


def test_record_one_point(chain, case_officer):
    earlier, later, (p1, p2) = chain
    outcome_record(point=p1, outcome=Outcome.PARTLY, note="Hållplatsen flyttas 100 m.", case=later, actor=case_officer)
    p1.refresh_from_db()
    assert (p1.outcome, p1.outcome_note, p1.outcome_case) == ("partly", "Hållplatsen flyttas 100 m.", later)
    assert p1.outcome_recorded_at is not None
    event = later.events.get(kind=ReferralEvent.Kind.OUTCOME_RECORDED)
    assert event.summary == "Utfall registrerat: Kollektivtrafik – Beaktat delvis" and event.actor == case_officer


def test_record_all_points_in_one_form_all_or_nothing(chain, case_officer):
    earlier, later, (p1, p2) = chain
    with pytest.raises(ValidationError) as exc:
        outcomes_record(case=later, entries=[(p1, "fully", ""), (p2, "bogus", "")], actor=case_officer)
    assert f"outcome_{p2.pk}" in exc.value.message_dict
    p1.refresh_from_db()
    assert p1.outcome == ""  # nothing half-saved
    assert outcomes_record(case=later, entries=[(p1, "fully", "Ja"), (p2, "not", "Nej")], actor=case_officer) == 2
    assert set(earlier.reply.points.values_list("outcome", flat=True)) == {"fully", "not"}
    with pytest.raises(ValidationError, match="minst en punkt"):
        outcomes_record(case=later, entries=[(p1, "", "")], actor=case_officer)


def test_outcome_only_for_a_sent_reply_earlier_in_the_chain(chain, case_officer):
    earlier, later, (p1, _p2) = chain
    unrelated = ReferralFactory(in_progress=True)
    with pytest.raises(ValidationError, match="inte är ett tidigare skede"):
        outcome_record(point=p1, outcome="fully", case=unrelated, actor=case_officer)
    draft_point = ReplyPointFactory(reply=ReplyFactory(referral=ReferralFactory(in_progress=True)))
    Referral.objects.filter(pk=later.pk).update(previous=draft_point.reply.referral)
    later.refresh_from_db()
    with pytest.raises(ValidationError, match="skickade yttranden"):
        outcome_record(point=draft_point, outcome="fully", case=later, actor=case_officer)


def test_an_adoption_two_phases_on_may_record_the_first_replys_points(chain, case_officer):
    earlier, later, (p1, _p2) = chain
    adoption = ReferralFactory(sender=later.sender, phase="other", received=days(-1), previous=later)
    outcome_record(point=p1, outcome="na", case=adoption, actor=case_officer)
    p1.refresh_from_db()
    assert p1.outcome_case == adoption


@pytest.mark.parametrize("role", ["planner", "coordinator", "editor", "signed_in_user"])
def test_only_case_officers_record_outcomes(chain, request, role):
    _earlier, later, (p1, _p2) = chain
    with pytest.raises(PermissionDenied):
        outcome_record(point=p1, outcome="fully", case=later, actor=request.getfixturevalue(role))


def test_outcome_form_on_the_page(client, chain, case_officer, planner):
    earlier, later, (p1, p2) = chain
    url = f"/remisser/{later.diary_year}-{later.diary_seq}/utfall/"
    client.force_login(planner)
    assert client.post(url, {f"outcome_{p1.pk}": "fully"}).status_code == 403
    client.force_login(case_officer)
    page = client.get(url).content.decode()
    assert "Kollektivtrafik" in page and "Cykel" in page and earlier.diary_number in page
    response = client.post(url, {f"outcome_{p1.pk}": "fully", f"note_{p1.pk}": "Helt", f"outcome_{p2.pk}": ""})
    assert response.status_code == 302 and response["Location"].endswith("#utfall")
    p1.refresh_from_db()
    p2.refresh_from_db()
    assert (p1.outcome, p1.outcome_note, p2.outcome) == ("fully", "Helt", "")
    response = client.post(url, {f"outcome_{p1.pk}": "maybe"})
    assert response.status_code == 400


def test_outcome_section(rf, chain, case_officer, planner):
    from referrals.views.outcomes import section_context

    earlier, later, (p1, p2) = chain
    request = rf.get("/")
    request.user = planner
    assert section_context(later, request) is None
    request.user = case_officer
    ctx = section_context(later, request)
    assert ctx["outcome_previous"] == earlier and ctx["outcome_points"] == [p1, p2]
    assert (
        section_context(ReferralFactory(in_progress=True, sender_reference="", plan_name="Helt ny plan"), request)
        is None
    )


def test_suggest_previous_by_reference_then_similar_name(db):
    sender = MunicipalityFactory(name="Askersunds kommun", slug="askersund")
    same_ref = ReferralFactory(
        sender=sender, phase="samrad", received=days(-100), sender_reference="KS 2026/77", plan_name="Program Hamnen"
    )
    similar = ReferralFactory(
        sender=sender,
        phase="samrad",
        received=days(-90),
        sender_reference="",
        plan_name="Detaljplan för Hamnen etapp 2",
    )
    ReferralFactory(sender=sender, phase="samrad", received=days(-80), plan_name="Vindkraftsplan")  # unrelated
    ReferralFactory(phase="samrad", received=days(-80), sender_reference="KS 2026/77")  # another sender
    later_phase = ReferralFactory(
        sender=sender, phase="underrattelse", received=days(-70), sender_reference="KS 2026/77",
        plan_name="Detaljplan för Hamnen etapp 2",
    )  # fmt: skip
    new = ReferralFactory(
        sender=sender, phase="granskning", received=days(-1), sender_reference="KS 2026/77",
        plan_name="Detaljplan för Hamnen etapp 2",
    )  # fmt: skip
    suggested = suggest_previous(new)
    assert suggested[:2] == [same_ref, similar]
    assert later_phase not in suggested and len(suggested) == 2


def test_the_trail_stays_swedish_when_the_officer_uses_english(chain, case_officer):
    from django.utils import translation

    _earlier, later, (p1, p2) = chain
    with translation.override("en"):
        outcome_record(point=p1, outcome="not", case=later, actor=case_officer)
        outcomes_record(case=later, entries=[(p2, "fully", "")], actor=case_officer)
    summaries = list(later.events.values_list("summary", flat=True))
    assert summaries == [
        "Utfall registrerat: Kollektivtrafik – Inte beaktat",
        "Utfall registrerat för 1 punkter (beaktat helt: 1)",
    ]


def test_the_outcome_form_queries_do_not_grow_with_points(client, chain, case_officer, count_queries):
    earlier, later, _points = chain
    client.force_login(case_officer)
    urls = [f"/remisser/{later.diary_year}-{later.diary_seq}/utfall/", later.get_absolute_url()]
    before = [count_queries(lambda u=u: client.get(u))[0] for u in urls]
    for n in range(23):
        ReplyPointFactory(reply=earlier.reply, order=3 + n, heading=f"Punkt {n}", outcome="fully", outcome_case=later)
    after = [count_queries(lambda u=u: client.get(u))[0] for u in urls]
    assert "Punkt 22" in client.get(urls[0]).content.decode()
    assert before == after


def test_link_a_suggested_previous_case_from_the_case_page(client, case_officer, planner):
    from referrals.services.outcomes import referral_link_previous

    sender = MunicipalityFactory(name="Laxå kommun", slug="laxa")
    earlier = ReferralFactory(sender=sender, phase="samrad", received=days(-60), sender_reference="BN 2026/5")
    new = ReferralFactory(sender=sender, phase="granskning", received=days(-1), sender_reference="BN 2026/5")
    client.force_login(case_officer)
    html = client.get(new.get_absolute_url()).content.decode()
    assert "Tidigare skeden av samma plan?" in html and earlier.diary_number in html
    url = f"/remisser/{new.diary_year}-{new.diary_seq}/foregaende/"
    client.force_login(planner)
    assert client.post(url, {"previous": earlier.pk, "version": new.version}).status_code == 403
    client.force_login(case_officer)
    response = client.post(url, {"previous": earlier.pk, "version": new.version})
    assert response.status_code == 302 and response["Location"].endswith("#utfall")
    new.refresh_from_db()
    assert new.previous == earlier and new.version == 2
    assert new.events.get(kind=ReferralEvent.Kind.LINKED).summary.startswith(
        f"Kopplad till föregående skede {earlier.diary_number}"
    )
    # a stale page: the conflict is said, nothing changes
    response = client.post(url, {"previous": earlier.pk, "version": 1}, follow=True)
    assert "Någon annan har ändrat" in response.content.decode()
    # no loops, no later case as an earlier phase
    with pytest.raises(ValidationError, match="gå runt"):
        referral_link_previous(referral=earlier, previous=new, actor=case_officer)
    with pytest.raises(ValidationError, match="kom in efter"):
        referral_link_previous(referral=ReferralFactory(received=days(-90)), previous=earlier, actor=case_officer)
