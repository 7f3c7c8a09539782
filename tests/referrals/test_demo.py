"""16. Demo data: a few hundred example cases over three years across all twelve municipalities, in
every state, with plan areas around the towns, replies citing goals and outcomes recorded."""

import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F

from networks.models import Organisation
from planportal.geo import within_sweden
from referrals.models import (
    Consultation,
    DeadlineExtension,
    InterestMatch,
    Phrase,
    Referral,
    ReferralEvent,
    Reply,
    ReplyPoint,
)
from referrals.querysets import can_approve

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo loaded once for the module, in a transaction rolled back at its end (each test
    runs in a savepoint inside it)."""
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.monotonic()
        call_command("load_demo", stdout=out)
        print(out.getvalue(), f"load_demo: {time.monotonic() - started:.1f} s")
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded, db):
    return demo_loaded


def test_a_few_hundred_cases_over_three_years_and_all_municipalities(demo):
    cases = Referral.objects.all()
    assert 280 <= cases.count() <= 360
    per_year = dict(cases.values_list("diary_year").annotate(n=Count("id")))
    assert set(per_year) >= {2024, 2025, 2026}
    assert all(per_year[y] >= 50 for y in (2024, 2025)), per_year
    senders = set(cases.values_list("sender__code", flat=True))
    codes = set(Organisation.objects.municipalities().values_list("code", flat=True))
    assert len(codes) == 12 and codes <= senders
    per_municipality = dict(cases.values_list("sender__code").annotate(n=Count("id")))
    assert all(per_municipality[c] >= 5 for c in codes), per_municipality
    assert cases.filter(sender__name="Trafikverket").exists()
    assert cases.filter(sender__name="Länsstyrelsen i Örebro län").exists()
    assert set(cases.values_list("plan_type", flat=True)) == {"op", "fop", "dp", "ob", "program", "other"}
    assert {"samrad", "granskning", "underrattelse"} <= set(cases.values_list("phase", flat=True))


def test_every_state(demo):
    S = Referral.Status
    counts = dict(Referral.objects.values_list("status").annotate(n=Count("id")))
    assert all(counts.get(s, 0) >= 5 for s in S.values), counts
    assert counts[S.ANSWERED] > counts[S.DECLINED] > 0
    replies = dict(Reply.objects.values_list("status").annotate(n=Count("id")))
    assert all(replies.get(s, 0) >= 3 for s in Reply.Status.values), replies
    open_cases = Referral.objects.filter(status__in=Referral.OPEN_STATUSES)
    assert open_cases.filter(assignee=None).exists() and open_cases.exclude(assignee=None).exists()
    consultations = Consultation.objects.filter(referral__in=open_cases)
    assert consultations.filter(answered_at=None).exists() and consultations.exclude(answered_at=None).exists()
    assert Referral.objects.filter(status=S.ANSWERED, reply__status="sent", reply__is_standard=True).exists()
    assert not Referral.objects.filter(status=S.ANSWERED).exclude(reply__status="sent").exists()
    assert not Referral.objects.filter(status=S.DECLINED).exclude(triage="decline").exists()


def test_deadlines_overdue_and_extended(demo):
    overdue = [r for r in Referral.objects.filter(status__in=Referral.OPEN_STATUSES) if r.is_overdue()]
    assert len(overdue) >= 3
    assert DeadlineExtension.objects.count() >= 10
    assert ReferralEvent.objects.filter(kind="deadline_extended").count() == DeadlineExtension.objects.count()
    assert not Referral.objects.filter(deadline__lt=F("received")).exists()


def test_chains_outcomes_goals_and_interests(demo):
    chained = Referral.objects.exclude(previous=None)
    assert chained.count() >= 20
    assert all(r.previous.phase == "samrad" and r.phase == "granskning" for r in chained.select_related("previous"))
    recorded = ReplyPoint.objects.exclude(outcome="")
    assert recorded.count() >= 20
    assert {"fully", "partly", "not"} <= set(recorded.values_list("outcome", flat=True))
    assert not recorded.filter(outcome_case=None).exists()
    assert ReplyPoint.objects.filter(reply__status="sent", goals__strategy__status="published").exists()
    open_cases = Referral.objects.filter(status__in=Referral.OPEN_STATUSES)
    assert InterestMatch.objects.filter(referral__in=open_cases).exists()
    assert ReferralEvent.objects.filter(kind="interests_checked", referral__in=open_cases).count() == open_cases.count()


def test_areas_valid_sized_and_in_sweden(demo):
    for referral in Referral.objects.all():
        assert referral.area is not None and referral.area.srid == 3006
        assert referral.area.valid, referral
        assert within_sweden(referral.area), referral
        # inside the county's rough extent (DOMAIN.md)
        minx, miny, maxx, maxy = referral.area.extent
        assert minx > 420000 and maxx < 580000 and miny > 6480000 and maxy < 6700000, referral
        if referral.plan_type == "dp":
            assert 5_000 < referral.area.area < 1_000_000  # 0.5 ha – 100 ha


def test_everything_marked_example_and_events_exist(demo):
    assert not Referral.objects.filter(is_example=False).exists()
    assert Phrase.objects.filter(kind="decline", is_active=True, is_example=True).exists()
    assert Phrase.objects.filter(kind="standard_reply", is_active=True, is_example=True).exists()
    registered = ReferralEvent.objects.filter(kind="registered").count()
    assert registered == Referral.objects.count()
    assert (
        ReferralEvent.objects.filter(kind="reply_sent").count()
        == Reply.objects.filter(status="sent", referral__status="answered").count()
    )


def test_case_officer_holds_the_delegation_and_a_unit_member_exists(demo):
    User = get_user_model()
    assert can_approve(User.objects.get(username="handlaggare"))
    member = User.objects.get(username="enhet")
    assert member.referral_units.filter(slug="kollektivtrafik").exists()


def test_idempotent(demo):
    counts = [
        m.objects.count()
        for m in (Referral, ReferralEvent, Reply, ReplyPoint, Consultation, DeadlineExtension, InterestMatch, Phrase)
    ]
    call_command("load_demo", stdout=io.StringIO())
    assert counts == [
        m.objects.count()
        for m in (Referral, ReferralEvent, Reply, ReplyPoint, Consultation, DeadlineExtension, InterestMatch, Phrase)
    ]


def test_pages_render_with_the_demo(demo, client):
    officer = get_user_model().objects.get(username="handlaggare")
    client.force_login(officer)
    case = Referral.objects.filter(status="in_progress").exclude(reply=None).first()
    answered = Referral.objects.filter(status="answered").exclude(previous=None).first()
    urls = [
        "/remisser/",
        "/remisser/?overdue=on",
        "/remisser/statistik/",
        "/remisser/karta/",
        "/diarium/",
        case.get_absolute_url(),
        answered.get_absolute_url(),
        answered.previous.get_absolute_url(),
        answered.get_public_url(),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    work_list = client.get("/remisser/").content.decode()
    assert "Exempeldata" in work_list
    assert "Exempeldata" in client.get(case.get_absolute_url()).content.decode()
    client.logout()
    assert "Exempeldata" in client.get("/diarium/").content.decode()
    assert client.get(answered.get_public_url()).status_code == 200
