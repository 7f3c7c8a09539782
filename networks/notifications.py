"""E-mail about meetings. Each (kind, meeting, address) goes out once: the SentNotification
row is inserted in the same transaction as the sending, so a task that runs twice (a retry,
a message delivered twice) finds the row and sends nothing; a failed send rolls the row back
so that the retry can send it."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .calendars import meeting_calendar
from .models import Invitation, Meeting, SentNotification

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


def recipients(kind: str, meeting: Meeting) -> list[tuple]:
    """[(person, email)] — the invited people, and the substitutes they send."""
    invitations = meeting.invitations.select_related("person", "substitute")
    if kind == K.REMINDER:
        invitations = invitations.exclude(reply=Invitation.Reply.NO)
    found, seen = [], set()
    for inv in invitations:
        people = [inv.person]
        if inv.reply == Invitation.Reply.SUBSTITUTE and inv.substitute_id:
            people = [inv.substitute] if kind == K.REMINDER else [inv.person, inv.substitute]
        for person in people:
            email = (person.email or "").strip().lower()
            if email and email not in seen:
                seen.add(email)
                found.append((person, email))
    return found


def _message(kind: str, meeting: Meeting, email: str) -> EmailMessage:
    local_start = timezone.localtime(meeting.starts_at)
    context = {
        "kind": kind,
        "meeting": meeting,
        "network": meeting.network,
        "starts": local_start,
        "ends": timezone.localtime(meeting.ends_at),
        "url": settings.SITE_URL.rstrip("/") + meeting.get_absolute_url(),
        "agenda": list(meeting.agenda_items.accepted().order_by("position", "pk")),
        "minutes": getattr(meeting, "minutes", None) if kind == K.MINUTES_PUBLISHED else None,
    }
    with translation.override("sv"):
        subject = SUBJECTS[kind].format(network=meeting.network, when=local_start.strftime("%Y-%m-%d %H.%M"))
        body = render_to_string("networks/email/meeting_notification.txt", context)
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email])
    if kind in WITH_CALENDAR:
        message.attach("mote.ics", meeting_calendar(meeting), "text/calendar; charset=utf-8; method=PUBLISH")
    return message


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
            _message(kind, meeting, email).send()
            sent += 1
    if sent:
        log.info("Sent %s %s notification(s) for meeting %s", sent, kind, meeting.pk)
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
