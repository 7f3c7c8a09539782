"""8. E-mail through Celery: invitation, agenda published, reminder, minutes published,
cancellation — each sent once, even when the task runs twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from networks import services
from networks.models import SentNotification
from networks.notifications import due_reminder_meeting_ids
from networks.tasks import notify_meeting, send_due_reminders

from .factories import in_days

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


def test_a_failed_send_is_not_recorded_so_the_retry_sends_it(fol, coordinator, monkeypatch):
    meeting = _schedule(fol, coordinator)
    from django.core.mail import EmailMessage

    calls = {"n": 0}
    original = EmailMessage.send

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("SMTP down")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    with pytest.raises(ConnectionError):
        notify_meeting("invitation", meeting.pk)
    assert SentNotification.objects.filter(meeting=meeting).count() == 1
    assert notify_meeting("invitation", meeting.pk) == 2
    assert SentNotification.objects.filter(meeting=meeting).count() == 3
