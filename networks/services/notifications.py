"""E-mail about meetings. Each (kind, meeting, address) goes out once: the SentNotification
row is inserted in the same transaction as the sending, so a task that runs twice (a retry,
a message delivered twice) finds the row and sends nothing; a failed send rolls the row back
so that the retry can send it. A new series is invited to with one message per address that
lists all its meetings (one row per meeting listed).

Every message goes through the notification centre (notifications.services.notify), kind
"meetings": invitations and cancellations (with their calendar files) go at once whatever the
person chose, as they ask for an answer; agendas, minutes and reminders go at once, into the
person's daily or weekly digest, or not at all, as they chose. Each carries the one-click
unsubscribe. A person with an account is asked by account, anyone else by address."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import Kind
from notifications.recipients import Recipient
from notifications.services import notify

from ..calendars import build_calendar, meeting_calendar
from ..models import Invitation, Meeting, MeetingSeries, SentNotification

log = logging.getLogger(__name__)
K = SentNotification.Kind

SUBJECTS = {
    K.INVITATION: "Inbjudan: {network}, {when}",
    K.AGENDA_PUBLISHED: "Dagordning: {network}, {when}",
    K.REMINDER: "Påminnelse: {network}, {when}",
    K.MINUTES_PUBLISHED: "Protokoll publicerat: {network}, {when}",
    K.CANCELLATION: "Inställt: {network}, {when}",
}
WITH_CALENDAR = {K.INVITATION, K.CANCELLATION, K.REMINDER}
OBLIGATORY = {K.INVITATION, K.CANCELLATION}  # the rest the person may tune or turn off
CALENDAR_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def _people_to_notify(kind: str, invitation: Invitation) -> list:
    """The invited person, and the substitute they send (only the substitute is reminded)."""
    if invitation.reply == Invitation.Reply.SUBSTITUTE and invitation.substitute_id:
        return [invitation.substitute] if kind == K.REMINDER else [invitation.person, invitation.substitute]
    return [invitation.person]


def _addressed(kind: str, invitations):
    """(invitation, person, e-mail address) for everyone the invitations reach, by address."""
    for invitation in invitations:
        for person in _people_to_notify(kind, invitation):
            email = (person.email or "").strip().lower()
            if email:
                yield invitation, person, email


def recipients(kind: str, meeting: Meeting) -> list[tuple]:
    """[(person, email)] — the invited people, and the substitutes they send."""
    invitations = meeting.invitations.select_related("person__user", "substitute__user")
    if kind == K.REMINDER:
        invitations = invitations.exclude(reply=Invitation.Reply.NO)
    found, seen = [], set()
    for _invitation, person, email in _addressed(kind, invitations):
        if email not in seen:
            seen.add(email)
            found.append((person, email))
    return found


def _recipient(person, email: str) -> Recipient:
    user = person.user if person.user_id and person.user.is_active else None
    return Recipient(email=email, user=user)


def _send(kind, recipient, subject, body, *, url, calendar=None, filename="mote.ics", digest_text=None) -> int:
    """Through the centre; returns 1 when the person was told (at once or in the queue)."""
    counts = notify(
        kind=Kind.MEETINGS,
        recipients=[recipient],
        subject=subject,
        text=body,
        url=url,
        obligatory=kind in OBLIGATORY,
        attachments=[(filename, calendar, CALENDAR_TYPE)] if calendar is not None else (),
        digest_text=digest_text,
    )
    return counts["sent"] + counts["queued"]


def _meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()


def _message(kind: str, meeting: Meeting, recipient: Recipient) -> int:
    local_start = timezone.localtime(meeting.starts_at)
    context = {
        "kind": kind,
        "meeting": meeting,
        "network": meeting.network,
        "starts": local_start,
        "ends": timezone.localtime(meeting.ends_at),
        "url": _meeting_url(meeting),
        "agenda": list(meeting.agenda_items.accepted().order_by("position", "pk")),
        "minutes": getattr(meeting, "minutes", None) if kind == K.MINUTES_PUBLISHED else None,
    }
    with translation.override("sv"):
        subject = SUBJECTS[kind].format(network=meeting.network, when=local_start.strftime("%Y-%m-%d %H.%M"))
        body = render_to_string("networks/email/meeting_notification.txt", context)
    calendar = meeting_calendar(meeting) if kind in WITH_CALENDAR else None
    where = f"{meeting.network}, {local_start:%Y-%m-%d %H.%M}"
    return _send(kind, recipient, subject, body, url=context["url"], calendar=calendar, digest_text=where)


def meeting_notify(*, kind: str, meeting_id: int) -> int:
    """Sends `kind` about the meeting to everyone not yet sent it; returns how many went out."""
    meeting = Meeting.objects.select_related("network", "host").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    if meeting.is_cancelled and kind != K.CANCELLATION:
        return 0
    sent = 0
    for person, email in recipients(kind, meeting):
        with transaction.atomic():
            _row, created = SentNotification.objects.get_or_create(
                kind=kind, meeting=meeting, email=email, defaults={"person": person}
            )
            if not created:
                continue
            sent += _message(kind, meeting, _recipient(person, email))
    if sent:
        log.info("Sent %s %s notification(s) for meeting %s", sent, kind, meeting.pk)
    return sent


# --- a series: one invitation listing its meetings ------------------------------------------------
# A series' invitation is recorded as one SentNotification(invitation) row per meeting it lists,
# so it is sent once per address and meeting whichever task sends it: the series task run twice
# sends nothing more, and neither does a single meeting's invitation task afterwards.


def series_recipients(series: MeetingSeries) -> list[tuple]:
    """[(person, email, [meetings])] — everyone invited to a meeting of the series that is not
    cancelled, with the meetings (in order) they are invited to."""
    meetings = {
        m.pk: m for m in series.meetings.not_cancelled().select_related("network", "host").order_by("starts_at", "pk")
    }
    invitations = (
        Invitation.objects.filter(meeting__in=list(meetings))
        .select_related("person__user", "substitute__user")
        .order_by("meeting__starts_at", "meeting_id", "pk")
    )
    found: dict[str, tuple] = {}
    for invitation, person, email in _addressed(K.INVITATION, invitations):
        _person, listed = found.setdefault(email, (person, []))
        meeting = meetings[invitation.meeting_id]
        if meeting not in listed:
            listed.append(meeting)
    return [(person, email, listed) for email, (person, listed) in found.items()]


def _series_message(series: MeetingSeries, meetings: list[Meeting], recipient: Recipient) -> int:
    if len(meetings) == 1:
        return _message(K.INVITATION, meetings[0], recipient)
    rows = [
        {
            "meeting": m,
            "starts": timezone.localtime(m.starts_at),
            "ends": timezone.localtime(m.ends_at),
            "url": _meeting_url(m),
        }
        for m in meetings
    ]
    context = {"series": series, "network": series.network, "rows": rows}
    with translation.override("sv"):
        subject = "Inbjudan: {network}, {n} möten {first}–{last}".format(
            network=series.network,
            n=len(rows),
            first=rows[0]["starts"].strftime("%Y-%m-%d"),
            last=rows[-1]["starts"].strftime("%Y-%m-%d"),
        )
        body = render_to_string("networks/email/series_invitation.txt", context)
    calendar = build_calendar(meetings, name=f"{series.network}: {series.title}")
    return _send(K.INVITATION, recipient, subject, body, url="", calendar=calendar, filename="motesserie.ics")


def _send_series_invitation(series: MeetingSeries, person, email: str, meetings: list[Meeting]) -> bool:
    """One message listing the meetings not yet sent to `email`; the rows go in the same
    transaction as the sending. A concurrent run that inserted some of them first makes the
    insert fail; then look again at what is left."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                done = set(
                    SentNotification.objects.filter(kind=K.INVITATION, email=email, meeting__in=meetings).values_list(
                        "meeting_id", flat=True
                    )
                )
                todo = [m for m in meetings if m.pk not in done]
                if not todo:
                    return False
                SentNotification.objects.bulk_create(
                    [SentNotification(kind=K.INVITATION, meeting=m, email=email, person=person) for m in todo]
                )
                return bool(_series_message(series, todo, _recipient(person, email)))
        except IntegrityError:
            continue
    return False


def series_invitation_notify(*, series_id: int) -> int:
    """Sends each person invited to the series one invitation listing its meetings (with one
    calendar file holding them all); returns how many messages went out."""
    series = MeetingSeries.objects.select_related("network").filter(pk=series_id).first()
    if series is None:
        return 0
    sent = 0
    for person, email, meetings in series_recipients(series):
        sent += _send_series_invitation(series, person, email, meetings)
    if sent:
        log.info("Sent %s series invitation(s) for series %s", sent, series.pk)
    return sent


def due_reminder_meeting_ids(now=None) -> list[int]:
    """Coming meetings within their network's reminder period (reminder_days before the start)."""
    now = now or timezone.now()
    candidates = (
        Meeting.objects.filter(
            status__in=[Meeting.Status.PLANNED, Meeting.Status.AGENDA_OPEN, Meeting.Status.AGENDA_CLOSED],
            starts_at__gt=now,
            starts_at__lte=now + timedelta(days=31),
            network__reminder_days__gt=0,
        )
        .values_list("pk", "starts_at", "network__reminder_days")
        .order_by("starts_at")
    )
    return [pk for pk, starts_at, days in candidates if starts_at <= now + timedelta(days=days)]
