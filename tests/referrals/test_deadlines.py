"""Part 8, deadlines: extensions with their reason, reminders sent once per deadline, the work
list's order, filters and query count."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from referrals import selectors
from referrals.models import ReferralEvent
from referrals.schedule import BEAT_SCHEDULE
from referrals.services import deadlines
from tests.factories import UserFactory
from tests.referrals.factories import MunicipalityFactory, ReferralFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def test_extension_moves_the_deadline_and_records_why(case_officer):
    referral = ReferralFactory(deadline=days(10))
    extension = deadlines.referral_extend(
        referral=referral, new_deadline=days(24), reason="Kommunen gav anstånd", actor=case_officer, granted_by="Anna"
    )
    referral.refresh_from_db()
    assert referral.deadline == days(24) and extension.previous_deadline == days(10)
    event = referral.events.get(kind=ReferralEvent.Kind.DEADLINE_EXTENDED)
    assert days(24).isoformat() in event.summary and "Kommunen gav anstånd" in event.summary


def test_extension_must_move_the_deadline_later_and_give_a_reason(case_officer):
    referral = ReferralFactory(deadline=days(10))
    with pytest.raises(ValidationError) as caught:
        deadlines.referral_extend(referral=referral, new_deadline=days(5), reason="", actor=case_officer)
    assert set(caught.value.message_dict) == {"new_deadline", "reason"}
    assert not referral.extensions.exists()


def test_extension_of_a_closed_case_is_refused(case_officer):
    referral = ReferralFactory(answered=True)
    with pytest.raises(ValidationError):
        deadlines.referral_extend(referral=referral, new_deadline=days(60), reason="x", actor=case_officer)


def test_extension_by_a_planner_is_refused(planner):
    with pytest.raises(PermissionDenied):
        deadlines.referral_extend(referral=ReferralFactory(), new_deadline=days(60), reason="x", actor=planner)


@pytest.fixture
def anna(db):
    return UserFactory(username="anna", email="anna@regionorebrolan.se", roles=["case_officer"])


def test_reminder_sent_once_per_deadline(anna, case_officer, settings):
    settings.REFERRAL_REMINDER_DAYS = 5
    near = ReferralFactory(assignee=anna, deadline=days(4))
    ReferralFactory(assignee=anna, deadline=days(20))  # not yet
    ReferralFactory(assignee=None, deadline=days(1))  # nobody to remind
    ReferralFactory(assignee=anna, deadline=days(1), answered=True)  # closed
    assert deadlines.send_deadline_reminders() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["anna@regionorebrolan.se"]
    assert near.diary_number in mail.outbox[0].subject and "om 4 dagar" in mail.outbox[0].body
    assert deadlines.send_deadline_reminders() == 0  # once
    near.refresh_from_db()
    assert near.deadline_reminder_sent_for == near.deadline
    # A new deadline gets a new reminder when it comes near.
    deadlines.referral_extend(referral=near, new_deadline=days(8), reason="Anstånd", actor=case_officer)
    assert deadlines.send_deadline_reminders() == 0
    assert deadlines.send_deadline_reminders(today=days(4)) == 1
    assert len(mail.outbox) == 2
    assert near.events.filter(kind=ReferralEvent.Kind.REMINDER_SENT).count() == 2


def test_overdue_reminder_says_so(anna):
    ReferralFactory(assignee=anna, overdue=True)
    deadlines.send_deadline_reminders()
    assert "passerades för 3 dagar sedan" in mail.outbox[0].body


def test_the_beat_schedule_runs_the_reminders():
    tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert "referrals.tasks.send_deadline_reminders" in tasks
    from planportal.celery import app

    app.loader.import_default_modules()
    assert "referrals.tasks.send_deadline_reminders" in app.tasks


# --- the work list -----------------------------------------------------------------------------


def test_work_list_sorted_by_deadline_open_by_default(case_officer):
    later = ReferralFactory(deadline=days(30))
    sooner = ReferralFactory(deadline=days(3))
    overdue = ReferralFactory(overdue=True)
    ReferralFactory(declined=True)
    rows = list(selectors.referral_work_list(user=case_officer, filters={}))
    assert rows == [overdue, sooner, later]


def test_work_list_filters(case_officer, anna):
    kumla = MunicipalityFactory(name="Kumla kommun", slug="kumla")
    mine = ReferralFactory(assignee=case_officer, sender=kumla, plan_type="op")
    annas = ReferralFactory(assignee=anna)
    nobodys = ReferralFactory(overdue=True)

    def run(**filters):
        return set(selectors.referral_work_list(user=case_officer, filters=filters))

    assert run(assignee="me") == {mine}
    assert run(assignee="none") == {nobodys}
    assert run(assignee=anna) == {annas}
    assert run(municipality=kumla) == {mine}
    assert run(plan_type="op") == {mine}
    assert run(overdue=True) == {nobodys}
    assert run(status="all") == {mine, annas, nobodys}


def _officer_client(client, user):
    client.force_login(user)
    return client


def test_work_list_page_shows_days_left_and_overdue_in_words(client, case_officer):
    ReferralFactory(deadline=days(4), plan_name="Snart")
    ReferralFactory(overdue=True, plan_name="Sent")
    html = _officer_client(client, case_officer).get(reverse("referrals:index")).content.decode()
    assert "Snart" in html and "4 dagar kvar" in html
    assert "Försenad" in html and "3 dagar sen" in html
    assert "2 remisser" in html


def test_work_list_page_filters_without_javascript(client, case_officer):
    ReferralFactory(plan_name="Översiktsplan Kumla", plan_type="op")
    ReferralFactory(plan_name="Detaljplan Nora", plan_type="dp")
    html = _officer_client(client, case_officer).get(reverse("referrals:index"), {"plan_type": "op"}).content.decode()
    assert "Översiktsplan Kumla" in html and "Detaljplan Nora" not in html


def test_work_list_page_bad_filter_is_named_not_a_500(client, case_officer):
    response = _officer_client(client, case_officer).get(reverse("referrals:index"), {"assignee": "nonsense"})
    assert response.status_code == 200
    assert "Handläggare" in response.content.decode()


def test_work_list_query_count_is_constant(client, case_officer, count_queries, anna):
    client.force_login(case_officer)
    url = reverse("referrals:index")
    ReferralFactory(assignee=anna)
    one, response = count_queries(lambda: client.get(url))
    assert response.status_code == 200
    for _i in range(24):
        ReferralFactory(assignee=anna)
    many, response = count_queries(lambda: client.get(url))
    assert response.content.decode().count('class="referral-row') == 25
    assert one == many


def test_work_list_sorts(case_officer):
    a = ReferralFactory(received=days(-10), deadline=days(5))
    b = ReferralFactory(received=days(-2), deadline=days(20))
    assert list(selectors.referral_work_list(user=case_officer, filters={"sort": "-received"})) == [b, a]
    assert list(selectors.referral_work_list(user=case_officer, filters={"sort": "deadline"})) == [a, b]
