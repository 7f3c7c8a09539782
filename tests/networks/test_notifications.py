"""8. E-mail through Celery: invitation, agenda published, reminder, minutes published,
cancellation — each sent once, even when the task runs twice. A series is invited to with
one message per person that lists its meetings, with one calendar file."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone
from icalendar import Calendar

from networks import services
from networks.calendars import meeting_uid
from networks.models import SentNotification
from networks.services.notifications import due_reminder_meeting_ids
from networks.tasks import notify_meeting, notify_series_invitation, send_due_reminders
from tests.factories import OrganisationFactory, PersonFactory

from .factories import MembershipFactory, in_days

STOCKHOLM = ZoneInfo("Europe/Stockholm")

pytestmark = pytest.mark.django_db


def _schedule(fol, coordinator, days=21):
    meeting, _w = services.meeting_schedule(
        network=fol,
        data={"title": "FOL-möte", "starts_at": in_days(days), "ends_at": in_days(days, 12), "status": "agenda_open"},
        actor=coordinator,
    )
    return meeting


def test_invitation_goes_to_every_invited_person_once_with_a_calendar_file(
    fol, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        meeting = _schedule(fol, coordinator)
    assert len(callbacks) == 1
    assert len(mail.outbox) == 3
    message = mail.outbox[0]
    assert message.subject.startswith("Inbjudan: FOL")
    assert meeting.get_absolute_url() in message.body and "svensk tid" in message.body
    [(name, content, mimetype)] = message.attachments
    assert name == "mote.ics" and mimetype.startswith("text/calendar")
    assert Calendar.from_ical(content).walk("VEVENT")[0]["UID"]
    # the task runs again (a retry, a duplicate delivery): nothing more is sent
    assert notify_meeting("invitation", meeting.pk) == 0
    assert notify_meeting.delay("invitation", meeting.pk).get() == 0
    assert len(mail.outbox) == 3
    assert SentNotification.objects.filter(kind="invitation", meeting=meeting).count() == 3


@pytest.mark.parametrize("kind", ["agenda_published", "minutes_published", "cancellation"])
def test_each_kind_is_sent_once(kind, held_meeting, coming_meeting, coordinator, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if kind == "agenda_published":
            services.agenda_item_propose(meeting=coming_meeting, data={"title": "Punkt"}, actor=coordinator)
            services.agenda_publish(meeting=coming_meeting, actor=coordinator)
            meeting = coming_meeting
        elif kind == "minutes_published":
            services.minutes_save(meeting=held_meeting, text="Protokoll", summary="Hem", actor=coordinator)
            services.minutes_approve(meeting=held_meeting, actor=coordinator)
            services.minutes_publish(meeting=held_meeting, actor=coordinator)
            meeting = held_meeting
        else:
            services.meeting_cancel(meeting=coming_meeting, reason="Sjukdom", actor=coordinator)
            meeting = coming_meeting
    sent = len(mail.outbox)
    assert sent == meeting.invitations.count() == 3
    assert notify_meeting(kind, meeting.pk) == 0 and len(mail.outbox) == sent
    if kind == "cancellation":
        assert "INSTÄLLT" in mail.outbox[0].body and mail.outbox[0].subject.startswith("Inställt")
        ics = Calendar.from_ical(mail.outbox[0].attachments[0][1])
        assert str(ics.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_the_reminder_goes_out_a_set_number_of_days_before(fol, coordinator, planner):
    fol.reminder_days = 3
    fol.save()
    soon = _schedule(fol, coordinator, days=2)
    later = _schedule(fol, coordinator, days=10)
    services.meeting_reply(meeting=soon, actor=planner, reply="no")
    assert due_reminder_meeting_ids() == [soon.pk]
    assert later.pk in due_reminder_meeting_ids(now=timezone.now() + timedelta(days=8))
    mail.outbox.clear()
    assert send_due_reminders() == 1
    # everyone but the one who said no
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        i.person.email for i in soon.invitations.exclude(reply="no").select_related("person")
    )
    send_due_reminders()
    assert len(mail.outbox) == 2


def _the_second_send_fails(monkeypatch):
    """The SMTP server is down for the second message (the real sending otherwise)."""
    calls = {"n": 0}
    original = EmailMessage.send

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("SMTP down")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)


def test_a_failed_send_is_not_recorded_so_the_retry_sends_it(fol, coordinator, monkeypatch):
    meeting = _schedule(fol, coordinator)
    _the_second_send_fails(monkeypatch)
    with pytest.raises(ConnectionError):
        notify_meeting("invitation", meeting.pk)
    assert SentNotification.objects.filter(meeting=meeting).count() == 1
    assert notify_meeting("invitation", meeting.pk) == 2
    assert SentNotification.objects.filter(meeting=meeting).count() == 3


# --- a series: one invitation per person, listing every meeting -------------------------------

SERIES_START = datetime(2031, 2, 13, 9, 0, tzinfo=STOCKHOLM)
SERIES_DATES = ["2031-02-13", "2031-03-13", "2031-04-10", "2031-05-08"]


def _schedule_series(fol, coordinator, **data):
    series, meetings, _w = services.meeting_series_schedule(
        network=fol,
        title="FOL-möte",
        rrule="FREQ=MONTHLY;BYDAY=+2TH",
        first_start=SERIES_START,
        duration_minutes=180,
        count=4,
        data={"location_name": "Regionens hus", "address": "Eklundavägen 1, Örebro", **data},
        actor=coordinator,
    )
    return series, meetings


def _invited_emails(meetings):
    return sorted(
        {i.person.email for m in meetings for i in m.invitations.select_related("person")},
    )


def test_a_series_sends_each_person_one_invitation_listing_every_meeting_with_one_calendar_file(
    fol, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        series, meetings = _schedule_series(fol, coordinator, online_url="https://meet.example.org/fol")
    assert len(callbacks) == 1  # one task for the series, not one per meeting
    assert sorted(m.to[0] for m in mail.outbox) == _invited_emails(meetings) and len(mail.outbox) == 3
    for message in mail.outbox:
        assert message.subject == "Inbjudan: FOL, 4 möten 2031-02-13–2031-05-08"
        body = message.body
        assert "mötesserie i Forum för fysisk planering med regional bäring: FOL-möte" in body
        for day, meeting in zip(SERIES_DATES, meetings, strict=True):
            assert f"{day} 09.00–12.00 (svensk tid)" in body
            assert meeting.get_absolute_url() in body
        assert body.count("Plats: Regionens hus, Eklundavägen 1, Örebro") == 4
        assert body.count("Digitalt: https://meet.example.org/fol") == 4
        assert "Torsdag 2031-02-13" in body
        [(name, content, mimetype)] = message.attachments
        assert name == "motesserie.ics" and mimetype.startswith("text/calendar")
        events = Calendar.from_ical(content).walk("VEVENT")
        assert [str(e["UID"]) for e in events] == [meeting_uid(m) for m in meetings]
        assert [e.decoded("DTSTART").isoformat() for e in events] == [m.starts_at.isoformat() for m in meetings]
    # the task runs again, and each meeting's own invitation task too: nothing more is sent
    assert notify_series_invitation(series.pk) == 0
    assert notify_series_invitation.delay(series.pk).get() == 0
    assert all(notify_meeting("invitation", m.pk) == 0 for m in meetings)
    assert len(mail.outbox) == 3
    assert SentNotification.objects.filter(kind="invitation", meeting__series=series).count() == 4 * 3


def test_a_single_meeting_is_still_invited_to_on_its_own(fol, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _schedule(fol, coordinator)
    assert {m.subject for m in mail.outbox} == {f"Inbjudan: FOL, {in_days(21).strftime('%Y-%m-%d')} 09.00"}
    assert {m.attachments[0][0] for m in mail.outbox} == {"mote.ics"} and meeting.series is None


def test_a_series_invitation_lists_only_the_meetings_each_person_is_invited_to(
    fol, coordinator, django_capture_on_commit_callbacks
):
    """Memberships that end during the series: two meetings listed, or one (then the ordinary
    invitation to that meeting)."""
    leaving = MembershipFactory(network=fol, person__email="slutar@example.org", end=date(2031, 3, 31))
    short = MembershipFactory(network=fol, person__email="kort@example.org", end=date(2031, 2, 28))
    with django_capture_on_commit_callbacks(execute=True):
        _series, meetings = _schedule_series(fol, coordinator)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 5 and set(by_address) >= {"slutar@example.org", "kort@example.org"}
    two = by_address[leaving.person.email]
    assert two.subject == "Inbjudan: FOL, 2 möten 2031-02-13–2031-03-13"
    assert "2031-03-13" in two.body and "2031-04-10" not in two.body
    assert len(Calendar.from_ical(two.attachments[0][1]).walk("VEVENT")) == 2
    one = by_address[short.person.email]
    assert one.subject == "Inbjudan: FOL, 2031-02-13 09.00" and one.attachments[0][0] == "mote.ics"
    assert meetings[0].get_absolute_url() in one.body and meetings[1].get_absolute_url() not in one.body


def test_a_failed_series_send_is_not_recorded_so_the_retry_sends_the_rest(fol, coordinator, monkeypatch):
    series, meetings = _schedule_series(fol, coordinator)  # callbacks not run: nothing sent yet
    _the_second_send_fails(monkeypatch)
    with pytest.raises(ConnectionError):
        notify_series_invitation(series.pk)
    assert SentNotification.objects.filter(meeting__series=series).count() == 4  # the first person's
    assert notify_series_invitation(series.pk) == 2
    assert len(mail.outbox) == 3 and len({m.to[0] for m in mail.outbox}) == 3
    assert SentNotification.objects.filter(meeting__series=series).count() == 12


def test_a_cancelled_meeting_is_left_out_of_the_series_invitation(fol, coordinator):
    series, meetings = _schedule_series(fol, coordinator)
    services.meeting_cancel(meeting=meetings[1], reason="Krockar", actor=coordinator)
    assert notify_series_invitation(series.pk) == 3
    assert all("2031-03-13" not in m.body and "2031-04-10" in m.body for m in mail.outbox)
    assert {len(Calendar.from_ical(m.attachments[0][1]).walk("VEVENT")) for m in mail.outbox} == {3}


def test_a_new_member_gets_one_invitation_to_the_coming_meetings_of_a_series(
    fol, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _series, meetings = _schedule_series(fol, coordinator)
    mail.outbox.clear()
    newcomer = OrganisationFactory(name="Länsstyrelsen i Örebro län", slug="lst", kind="county_board")
    person = PersonFactory(organisation=newcomer, email="ny@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_add(network=fol, organisation=newcomer, person=person, actor=coordinator)
    [message] = mail.outbox  # the newcomer's, and no second invitation to those already invited
    assert message.to == ["ny@example.org"] and message.subject.startswith("Inbjudan: FOL, 4 möten")


def test_scheduling_a_series_through_the_api_sends_one_invitation_per_person(
    client, fol, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/meetings/",
            {
                "network": "fol",
                "title": "Serie",
                "starts_at": in_days(30).isoformat(),
                "ends_at": in_days(30, 12).isoformat(),
                "rrule": "FREQ=WEEKLY",
                "count": 5,
            },
            content_type="application/json",
        )
    assert response.status_code == 201 and len(response.json()["meetings"]) == 5
    assert len(mail.outbox) == 3 and all("5 möten" in m.subject for m in mail.outbox)
