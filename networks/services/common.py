"""What every networks service shares: Stockholm time, raising a meeting's calendar
SEQUENCE, and scheduling notifications after the commit."""

from django.db.models import F

from planportal.outbox import enqueue

from ..models import Meeting
from ..selectors.common import DEFAULT_AGENDA_DEADLINE, STOCKHOLM

__all__ = ["DEFAULT_AGENDA_DEADLINE", "STOCKHOLM", "S", "bump", "notify", "notify_series_invitation"]

S = Meeting.Status


def notify(kind: str, meeting: Meeting):
    from .. import tasks

    enqueue(tasks.notify_meeting, kind, meeting.pk)


def notify_series_invitation(series_id: int):
    """One invitation per person listing the series' meetings, instead of one per meeting."""
    from .. import tasks

    enqueue(tasks.notify_series_invitation, series_id)


def bump(meeting: Meeting, fields: list[str]):
    """Save `fields` and raise the calendar SEQUENCE: every change reaches the subscribers."""
    Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
    meeting.save(update_fields=[*fields, "updated_at"])
    meeting.refresh_from_db(fields=["sequence", "updated_at"])
