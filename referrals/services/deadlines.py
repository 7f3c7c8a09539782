"""Deadlines (part 8): extensions recorded with their reason, and a reminder to the assigned
officer settings.REFERRAL_REMINDER_DAYS days before the deadline, sent once per deadline (a new
deadline gets a new reminder)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.services import notify

from ..models import DeadlineExtension, Referral, ReferralEvent
from ..selectors import referrals_due_reminder
from . import events
from .words import sv


def referral_extend(
    *, referral: Referral, new_deadline: datetime.date, reason: str, actor, granted_by: str = "", version=None
) -> DeadlineExtension:
    """Record an extension (anstånd) the sender gave: the new deadline, why, and who gave it."""
    events.require_officer(actor)
    reason = (reason or "").strip()
    errors = {}
    if not referral.is_open:
        raise ValidationError(
            _("Remissen %(number)s är avslutad; svarsdagen kan inte ändras.") % {"number": referral.diary_number},
            code="state",
        )
    if new_deadline is None:
        errors["new_deadline"] = _("Ange den nya svarsdagen.")
    elif new_deadline <= referral.deadline:
        errors["new_deadline"] = _("Den nya svarsdagen måste vara senare än nuvarande svarsdag %(date)s.") % {
            "date": referral.deadline.isoformat()
        }
    if not reason:
        errors["reason"] = _("Ange skälet till anståndet.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        events.bump_version(referral, version)
        extension = DeadlineExtension.objects.create(
            referral=referral,
            previous_deadline=referral.deadline,
            new_deadline=new_deadline,
            reason=reason,
            granted_by=(granted_by or "").strip()[:200],
            recorded_by=actor,
        )
        referral.deadline = new_deadline
        referral.save(update_fields=["deadline", "updated_at"])
        events.record(
            referral,
            ReferralEvent.Kind.DEADLINE_EXTENDED,
            actor=actor,
            summary=sv(
                "Anstånd till %(new)s (tidigare %(old)s): %(reason)s",
                new=new_deadline.isoformat(),
                old=extension.previous_deadline.isoformat(),
                reason=reason[:300],
            ),
            previous=extension.previous_deadline.isoformat(),
            new=new_deadline.isoformat(),
        )
    return extension


def send_deadline_reminder(referral_id: int, *, today: datetime.date | None = None) -> bool:
    """E-mail the assignee that the deadline is near (or past), once per deadline: the case row
    is locked and `deadline_reminder_sent_for` set in the same transaction as sending. Through
    the notification centre (kind referrals): at once, in the officer's digest, or not at all,
    as they chose."""
    today = today or timezone.localdate()
    days = settings.REFERRAL_REMINDER_DAYS
    with transaction.atomic():
        referral = (
            referrals_due_reminder(today=today, days=days)
            .select_for_update(of=("self",), skip_locked=True)
            .filter(pk=referral_id)
            .first()
        )
        if referral is None:
            return False
        assignee = referral.assignee
        left = referral.days_left(today)
        with translation.override("sv"):
            if left >= 0:
                when = _("om %(days)s dagar (%(date)s)") % {"days": left, "date": referral.deadline.isoformat()}
            else:
                when = _("passerades för %(days)s dagar sedan (%(date)s)") % {
                    "days": -left,
                    "date": referral.deadline.isoformat(),
                }
            told = notify(
                kind=Kind.REFERRALS,
                recipients=[assignee],
                subject=_("Påminnelse: svarsdag för %(number)s %(plan)s")
                % {"number": referral.diary_number, "plan": referral.plan_name},
                text=_(
                    "Hej,\n\nSista svarsdag för remissen %(number)s, %(plan)s från %(sender)s, är %(when)s.\n\n"
                    "Ärendet: %(url)s\n\nPlanportalen\n"
                )
                % {
                    "number": referral.diary_number,
                    "plan": referral.plan_name,
                    "sender": referral.sender,
                    "when": when,
                    "url": settings.SITE_URL.rstrip("/") + referral.get_absolute_url(),
                },
                url=referral.get_absolute_url(),
                target=referral,
                digest_text=f"{referral.sender}: {when}",
            )
        referral.deadline_reminder_sent_for = referral.deadline
        referral.save(update_fields=["deadline_reminder_sent_for"])
        if not (told["sent"] or told["queued"]):  # the officer turned these off
            return True
        events.record(
            referral,
            ReferralEvent.Kind.REMINDER_SENT,
            summary=sv(
                "Påminnelse om svarsdagen %(date)s skickad till %(to)s",
                date=referral.deadline.isoformat(),
                to=assignee.email,
            ),
            deadline=referral.deadline.isoformat(),
        )
    return True


def deadline_reminders_due(*, today: datetime.date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return list(referrals_due_reminder(today=today, days=settings.REFERRAL_REMINDER_DAYS).values_list("pk", flat=True))


def send_deadline_reminders(*, today: datetime.date | None = None) -> int:
    """Every reminder due today (the beat task). -> how many were sent."""
    return sum(send_deadline_reminder(pk, today=today) for pk in deadline_reminders_due(today=today))
