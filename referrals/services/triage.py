"""Triage (part 5): who handles a case, and how the Region answers it — a reply of its own, a
standard reply, or declining to comment (one step: the standard text registered as the reply,
the case closed, the sender told by e-mail; the notice goes through the notification centre as
an obligatory message, with its one-click unsubscribe)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.services import notify
from planportal.outbox import enqueue

from ..models import Phrase, Referral, ReferralEvent, Reply
from ..querysets import is_case_officer
from . import events
from .words import sv

T = Referral.Triage
S = Referral.Status


def _name(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    if person is not None and person.name:
        return person.name
    return user.get_full_name() or user.get_username()


def _closed(referral) -> ValidationError:
    return ValidationError(
        _("Remissen %(number)s är avslutad (%(status)s); det går inte längre.")
        % {"number": referral.diary_number, "status": referral.get_status_display().lower()},
        code="state",
    )


def referral_assign(*, referral: Referral, assignee, actor, version: int | None = None) -> Referral:
    """Make `assignee` (a case officer, or None to clear) the case's officer."""
    events.require_officer(actor)
    if not referral.is_open:
        raise _closed(referral)
    if assignee is not None and not is_case_officer(assignee):
        raise ValidationError({"assignee": _("%(name)s är inte handläggare av remisser.") % {"name": _name(assignee)}})
    if assignee == referral.assignee:
        return referral
    with transaction.atomic():
        events.bump_version(referral, version)
        referral.assignee = assignee
        referral.save(update_fields=["assignee", "updated_at"])
        events.record(
            referral,
            ReferralEvent.Kind.ASSIGNED,
            actor=actor,
            summary=sv("Tilldelad %(name)s", name=_name(assignee)) if assignee else sv("Handläggare borttagen"),
            assignee=assignee.pk if assignee else None,
        )
    return referral


def _active_phrase(kind) -> Phrase:
    phrase = Phrase.objects.filter(kind=kind, is_active=True).order_by("order", "pk").first()
    if phrase is None:
        label = Phrase.Kind(kind).label
        raise ValidationError(
            {
                "decision": _(
                    "Frasbiblioteket saknar en aktiv fras av typen ”%(kind)s”. Lägg till den i administrationen först."
                )
                % {"kind": label}
            }
        )
    return phrase


def referral_triage(*, referral: Referral, decision: str, actor, version: int | None = None) -> Referral:
    """Decide how the Region answers: T.ANSWER or T.STANDARD → in progress (a standard reply
    gets its draft from the active standard-reply phrase); T.DECLINE → the decline phrase
    registered as the reply (sent today to the sender's contact), the case closed as declined,
    and the sender told by e-mail after commit."""
    events.require_officer(actor)
    if decision not in T.values:
        raise ValidationError({"decision": _("Okänt beslut: %(value)s.") % {"value": decision}})
    if not referral.is_open:
        raise _closed(referral)
    reply = Reply.objects.filter(referral=referral).first()
    if reply is not None and (reply.status != Reply.Status.DRAFT or reply.points.exists()):
        raise ValidationError(
            {
                "decision": _(
                    "Remissen %(number)s har redan ett yttrande med innehåll (%(status)s); beslutet om hantering "
                    "kan inte ändras. Arbeta vidare med yttrandet i stället."
                )
                % {"number": referral.diary_number, "status": reply.get_status_display().lower()}
            },
            code="state",
        )
    if decision == T.DECLINE and not referral.contact_email:
        raise ValidationError(
            {
                "decision": _(
                    "Avsändaren kan inte underrättas: remissen saknar kontaktpersonens e-postadress. "
                    "Ange den under Ändra uppgifter först."
                )
            }
        )
    with transaction.atomic():
        events.bump_version(referral, version)
        referral.triage = decision
        if decision == T.DECLINE:
            phrase = _active_phrase(Phrase.Kind.DECLINE)
            reply = _reset_reply(reply, referral)
            reply.introduction = phrase.text
            reply.is_standard = True
            reply.status = Reply.Status.SENT
            reply.sent_on = timezone.localdate()
            reply.sent_to = referral.contact_email
            reply.sent_by = actor
            # Not approved by anyone: the decline text is the phrase library's standard text,
            # registered as it stands (no one's delegation is claimed).
            reply.save()
            referral.status = S.DECLINED
            referral.closed_at = timezone.now()
            referral.save(update_fields=["triage", "status", "closed_at", "updated_at"])
            events.record(
                referral,
                ReferralEvent.Kind.DECLINED,
                actor=actor,
                summary=sv(
                    "Avstått från att yttra sig; standardtexten registrerad som yttrande och skickad till %(to)s",
                    to=referral.contact_email,
                ),
                reply=reply.pk,
                phrase=phrase.pk,
            )
            from .. import tasks

            enqueue(tasks.send_decline_notice, referral.pk)
        else:
            if decision == T.STANDARD:
                phrase = _active_phrase(Phrase.Kind.STANDARD_REPLY)
                reply = _reset_reply(reply, referral)
                reply.introduction = phrase.text
                reply.is_standard = True
                reply.save()
            elif reply is not None and reply.is_standard:
                reply.is_standard = False
                reply.save(update_fields=["is_standard", "updated_at"])
            referral.status = S.IN_PROGRESS
            referral.save(update_fields=["triage", "status", "updated_at"])
            events.record(
                referral,
                ReferralEvent.Kind.TRIAGED,
                actor=actor,
                summary=sv("Beslut: yttra sig")
                if decision == T.ANSWER
                else sv("Beslut: standardyttrande (utkast från frasbiblioteket)"),
                decision=decision,
            )
    return referral


def _reset_reply(reply, referral) -> Reply:
    return reply if reply is not None else Reply(referral=referral)


def send_decline_notice(referral_id: int) -> bool:
    """E-mail the sender's contact that the Region declines to comment, once (an event row
    written in the same transaction under the case's row lock marks it)."""
    with translation.override("sv"), transaction.atomic():
        referral = Referral.objects.select_for_update().filter(pk=referral_id, status=S.DECLINED).first()
        if referral is None or not referral.contact_email:
            return False
        if referral.events.filter(kind=ReferralEvent.Kind.DECLINED, data__emailed=True).exists():
            return False
        reply = Reply.objects.filter(referral=referral).first()
        text = reply.introduction if reply else ""
        notify(
            kind=Kind.REFERRALS,
            recipients=[referral.contact_email],
            obligatory=True,  # the Region's answer to the sender, not a notification to tune
            subject=_("Remiss %(reference)s: %(plan)s")
            % {"reference": referral.sender_reference or referral.diary_number, "plan": referral.plan_name},
            text=_(
                "Hej,\n\n%(text)s\n\nÄrende: %(plan)s (er beteckning %(reference)s, vårt diarienummer %(number)s).\n\n"
                "Med vänlig hälsning\nRegion Örebro län\n"
            )
            % {
                "text": text,
                "plan": referral.plan_name,
                "reference": referral.sender_reference or "–",
                "number": referral.diary_number,
            },
        )
        events.record(
            referral,
            ReferralEvent.Kind.DECLINED,
            summary=sv("Avsändaren underrättad per e-post (%(to)s)", to=referral.contact_email),
            emailed=True,
        )
    return True
