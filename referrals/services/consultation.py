"""Internal consultation (internt samråd): a case officer asks units of the Region for input by a
date before the reply deadline; the units' members answer in the portal (and may revise the
answer until the reply is sent); the unit is e-mailed on request and reminded before the date
and once it has passed, each message sent once (its timestamp is set in the transaction that
sends it, under a row lock, so a task that runs twice sends nothing the second time).

The e-mail goes through the notification centre (kind referrals), one message per address: the
request asks the unit to act and goes at once whatever was chosen; the reminders and the
officer's "a unit has answered" go at once, in the person's digest or not at all, as they chose."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.recipients import Recipient, unique_recipients
from notifications.services import notify
from planportal.outbox import enqueue, first_time

from ..models import Consultation, Referral, ReferralEvent, Unit
from ..querysets import is_case_officer
from . import events

log = logging.getLogger(__name__)


def _is_member(user, unit_id) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Unit.objects.filter(pk=unit_id, members=user).exists()


def can_answer(user, consultation) -> bool:
    """Members of the consulted unit answer; case officers may enter an answer given to them."""
    return is_case_officer(user) or _is_member(user, consultation.unit_id)


def _reply_sent(referral) -> bool:
    from ..models import Reply

    return Reply.objects.filter(referral=referral, status=Reply.Status.SENT).exists()


def consultation_request(
    *, referral: Referral, units, due: datetime.date | None, question: str = "", actor
) -> list[Consultation]:
    """Asks each of `units` for input on `referral` by `due` (before the reply deadline, not in
    the past; each unit once per case). E-mails each unit after commit."""
    events.require_officer(actor)
    units = list(units or [])
    today = timezone.localdate()
    errors = {}
    if not referral.is_open:
        raise ValidationError(
            _("Remissen %(number)s är avslutad; interna samråd kan inte begäras.") % {"number": referral.diary_number}
        )
    if not units:
        errors["units"] = _("Välj minst en enhet att fråga.")
    if due is None:
        errors["due"] = _("Ange ett datum då enheterna senast ska svara.")
    elif due < today:
        errors["due"] = _("Svarsdatumet %(due)s har redan passerat; ange ett datum från och med i dag.") % {
            "due": due.isoformat()
        }
    elif due >= referral.deadline:
        errors["due"] = _(
            "Svarsdatumet måste vara före remissens sista svarsdag %(deadline)s, så att svaren hinner tas med."
        ) % {"deadline": referral.deadline.isoformat()}
    inactive = [u.name for u in units if not u.is_active]
    if inactive:
        errors["units"] = _("Enheten finns inte längre: %(names)s.") % {"names": ", ".join(inactive)}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The case row lock makes "each unit once" hold for two officers asking at the same time.
        Referral.objects.select_for_update().filter(pk=referral.pk).first()
        asked = set(Consultation.objects.filter(referral=referral, unit__in=units).values_list("unit__name", flat=True))
        if asked:
            raise ValidationError(
                {
                    "units": _("Redan tillfrågade i ärendet %(number)s: %(names)s.")
                    % {"number": referral.diary_number, "names": ", ".join(sorted(asked))}
                }
            )
        created = [
            Consultation.objects.create(
                referral=referral, unit=unit, due=due, question=(question or "").strip(), requested_by=actor
            )
            for unit in units
        ]
        events.record(
            referral,
            ReferralEvent.Kind.CONSULTED,
            actor=actor,
            summary=f"Internt samråd begärt från {', '.join(u.name for u in units)}, svar senast {due.isoformat()}",
            consultations=[c.pk for c in created],
            due=due.isoformat(),
        )
        from .. import tasks_workflow

        for asked in created:
            enqueue(tasks_workflow.send_consultation_request, asked.pk)
    return created


def consultation_answer(*, consultation: Consultation, answer: str, actor) -> Consultation:
    """Saves the unit's answer (or a revision of it, until the case's reply is sent)."""
    if not can_answer(actor, consultation):
        raise PermissionDenied(_("Bara enhetens medarbetare och handläggare får svara på samrådet."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Skriv enhetens svar.")})
    with transaction.atomic():
        consultation = (
            Consultation.objects.select_for_update().select_related("referral", "unit").get(pk=consultation.pk)
        )
        referral = consultation.referral
        if _reply_sent(referral) or not referral.is_open:
            raise ValidationError(
                {
                    "answer": _("Remissen %(number)s är redan besvarad; svaret kan inte längre ändras.")
                    % {"number": referral.diary_number}
                }
            )
        revised = consultation.is_answered
        consultation.answer = answer
        consultation.answered_by = actor
        consultation.answered_at = timezone.now()
        consultation.save(update_fields=["answer", "answered_by", "answered_at"])
        # The trail is kept in Swedish, the officers' words, whatever language the page is in.
        verb = "ändrade sitt svar" if revised else "svarade"
        events.record(
            referral,
            ReferralEvent.Kind.CONSULTATION_ANSWERED,
            actor=actor,
            summary=f"{consultation.unit.name} {verb} i det interna samrådet",
            consultation=consultation.pk,
            revised=revised,
        )
        from .. import tasks_workflow

        enqueue(tasks_workflow.notify_consultation_answered, consultation.pk)
    return consultation


def consultation_notify_answered(consultation_id: int) -> bool:
    """Tells the case's officer that a unit has answered (or revised its answer), once per
    answer: the answer's time is claimed as a once-key in the transaction that tells."""
    with transaction.atomic():
        consultation = (
            Consultation.objects.select_for_update(of=("self",))
            .select_related("referral", "referral__assignee", "unit", "answered_by")
            .filter(pk=consultation_id, answered_at__isnull=False)
            .first()
        )
        officer = consultation.referral.assignee if consultation else None
        if officer is None or not officer.email or officer == consultation.answered_by:
            return False
        if not first_time(f"referrals.consultation-answered:{consultation.pk}:{consultation.answered_at.isoformat()}"):
            return False
        return _tell_officer_of_answer(consultation, officer)


def _tell_officer_of_answer(consultation: Consultation, officer) -> bool:
    referral = consultation.referral
    with translation.override("sv"):
        subject = _("%(unit)s har svarat: %(number)s %(plan)s") % {
            "unit": consultation.unit.name,
            "number": referral.diary_number,
            "plan": referral.plan_name,
        }
        body = _(
            "Hej,\n\n%(unit)s har svarat i det interna samrådet om %(number)s:\n\n%(answer)s\n\nÄrendet: %(url)s\n"
        ) % {
            "unit": consultation.unit.name,
            "number": referral.diary_number,
            "answer": consultation.answer,
            "url": settings.SITE_URL.rstrip("/") + referral.get_absolute_url() + "#samrad",
        }
    told = notify(
        kind=Kind.REFERRALS,
        recipients=[officer],
        subject=subject,
        text=body,
        url=referral.get_absolute_url() + "#samrad",
        target=consultation,
        digest_text=consultation.unit.name,
    )
    return bool(told["sent"] or told["queued"])


# --- e-mail: the request and the reminders, each sent once --------------------------------------


def _recipients(unit: Unit) -> list[Recipient]:
    """The unit's shared address (an address alone) and its active members (by account)."""
    members = [m for m in unit.members.filter(is_active=True) if m.email]
    found = unique_recipients(([unit.email] if unit.email else []) + members)
    shared = {r.email.lower() for r in found if r.user is None}
    return [r for r in found if r.user is None or r.email.lower() not in shared]


def _answer_url(consultation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("referrals:consultation_answer", kwargs={"pk": consultation.pk})


def _message(consultation, kind: str) -> tuple[str, str]:
    referral = consultation.referral
    values = {
        "unit": consultation.unit.name,
        "number": referral.diary_number,
        "plan": referral.plan_name,
        "sender": referral.sender.name,
        "due": consultation.due.isoformat(),
        "url": _answer_url(consultation),
        "question": consultation.question or _("(ingen särskild fråga)"),
    }
    if kind == "request":
        subject = _("Internt samråd: %(number)s %(plan)s – svar senast %(due)s")
        body = _(
            "Hej %(unit)s,\n\nRegionen har fått remissen %(number)s %(plan)s från %(sender)s och ber om "
            "er synpunkt senast %(due)s.\n\nFråga: %(question)s\n\nSvara i Planportalen: %(url)s\n"
        )
    elif kind == "reminder":
        subject = _("Påminnelse: internt samråd %(number)s – svar senast %(due)s")
        body = _(
            "Hej %(unit)s,\n\nEn påminnelse: Regionen väntar på er synpunkt på remissen %(number)s %(plan)s "
            "senast %(due)s.\n\nSvara i Planportalen: %(url)s\n"
        )
    else:
        subject = _("Försenat svar: internt samråd %(number)s")
        body = _(
            "Hej %(unit)s,\n\nSvarsdatumet %(due)s för det interna samrådet om remissen %(number)s %(plan)s har "
            "passerat. Svara så snart som möjligt i Planportalen: %(url)s\n"
        )
    return subject % values, body % values


FIELDS = {"request": "request_sent_at", "reminder": "reminder_sent_at", "overdue": "overdue_reminder_sent_at"}
EVENT_WORDS = {
    "request": "Förfrågan om internt samråd skickad till %(unit)s",
    "reminder": "Påminnelse om internt samråd skickad till %(unit)s",
    "overdue": "Påminnelse om försenat samrådssvar skickad till %(unit)s",
}


def consultation_send(consultation_id: int, kind: str) -> bool:
    """Sends the request or a reminder ("request", "reminder", "overdue") once: under the row's
    lock, the timestamp is set in the same transaction as the sending; an answered consultation
    or a closed case gets no reminder. True when a message went out."""
    field = FIELDS[kind]
    with translation.override("sv"), transaction.atomic():
        consultation = (
            Consultation.objects.select_for_update(of=("self",))
            .select_related("referral", "referral__sender", "unit")
            .filter(pk=consultation_id)
            .first()
        )
        if consultation is None or getattr(consultation, field) is not None:
            return False
        if kind != "request" and (consultation.is_answered or not consultation.referral.is_open):
            return False
        setattr(consultation, field, timezone.now())
        consultation.save(update_fields=[field])
        to = _recipients(consultation.unit)
        if to:
            subject, body = _message(consultation, kind)
            notify(
                kind=Kind.REFERRALS,
                recipients=to,
                subject=subject,
                text=body,
                url=_answer_url(consultation),
                obligatory=kind == "request",  # the unit is asked to act
                digest_text=consultation.unit.name,
            )
        events.record(
            consultation.referral,
            ReferralEvent.Kind.REMINDER_SENT if kind != "request" else ReferralEvent.Kind.CONSULTED,
            summary=EVENT_WORDS[kind] % {"unit": consultation.unit.name},
            consultation=consultation.pk,
            message=kind,
            recipients=len(to),
        )
    return True


def consultations_to_remind(today: datetime.date | None = None) -> list[tuple[int, str]]:
    """[(consultation id, "reminder" | "overdue")]: unanswered consultations of open cases whose
    date is within settings.REFERRAL_CONSULTATION_REMINDER_DAYS (asked before that window opened),
    or has passed."""
    today = today or timezone.localdate()
    days = settings.REFERRAL_CONSULTATION_REMINDER_DAYS
    base = Consultation.objects.filter(answered_at__isnull=True, referral__status__in=Referral.OPEN_STATUSES)
    result = []
    window_end = today + datetime.timedelta(days=days)
    for pk, due, requested_at in base.filter(
        reminder_sent_at__isnull=True, due__gte=today, due__lte=window_end
    ).values_list("pk", "due", "requested_at"):
        # Asked only days before its date: the request itself was the reminder.
        if timezone.localdate(requested_at) < due - datetime.timedelta(days=days):
            result.append((pk, "reminder"))
    for pk in base.filter(overdue_reminder_sent_at__isnull=True, due__lt=today).values_list("pk", flat=True):
        result.append((pk, "overdue"))
    return result


def consultation_send_reminders(today: datetime.date | None = None) -> int:
    """Run by beat: sends every due reminder once; returns how many went out."""
    sent = 0
    for pk, kind in consultations_to_remind(today):
        try:
            sent += consultation_send(pk, kind)
        except Exception:  # one unit's mail server must not stop the others' reminders
            log.exception("consultation reminder %s for %s failed", kind, pk)
    return sent
