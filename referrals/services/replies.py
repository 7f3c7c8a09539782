"""The Region's reply (yttrande): built from points — phrase-library paragraphs, accepted items
of the interest checklist, consultation answers and free text — each citing published RUS goals.

States: draft → reviewed → approved → sent. Review is optional: the approver (holding the
delegation, `querysets.can_approve`, who may also be the author) approves a draft or a reviewed
reply. Any edit of a reviewed or approved reply sends it back to draft; nothing changes once it
is sent. Every write checks Reply.version (`events.bump_version`) against lost updates."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.services import notify
from planportal.outbox import enqueue
from rus.models import Goal
from rus.querysets import PUBLISHED

from ..models import Consultation, InterestMatch, Phrase, Referral, ReferralEvent, Reply, ReplyPoint
from ..querysets import can_approve
from . import events

S = Reply.Status
KIND = ReferralEvent.Kind


def citable_goals():
    """Goals a point may cite: those of a published strategy (the public sees them)."""
    return Goal.objects.filter(strategy__status=PUBLISHED).select_related("strategy")


def _clean_goals(goals) -> list:
    goals = list(goals or [])
    ids = {g.pk if isinstance(g, Goal) else int(g) for g in goals}
    found = list(citable_goals().filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"goals": _("Bara effektmål i en publicerad strategi kan citeras.")})
    return found


def _closed_error(referral):
    return ValidationError(
        _("Remissen %(number)s är avslutad; yttrandet kan inte ändras.") % {"number": referral.diary_number}
    )


def _sent_error():
    return ValidationError(_("Yttrandet är skickat och kan inte ändras längre."), code="sent")


def reply_start(*, referral: Referral, actor, is_standard: bool = False) -> Reply:
    """The case's reply, created as a draft when it has none."""
    events.require_officer(actor)
    with transaction.atomic():
        reply, created = Reply.objects.get_or_create(referral=referral, defaults={"is_standard": is_standard})
    return reply


def _begin_edit(reply: Reply, actor, expected_version, what: str) -> Reply:
    """Inside the edit's transaction: rights, state, the version guard; a reviewed or approved
    reply goes back to draft. Returns the locked reply."""
    events.require_officer(actor)
    locked = Reply.objects.select_for_update().select_related("referral").get(pk=reply.pk)
    if locked.status == S.SENT:
        raise _sent_error()
    if not locked.referral.is_open:
        raise _closed_error(locked.referral)
    events.bump_version(locked, expected_version)
    summary = what
    if locked.status in (S.REVIEWED, S.APPROVED):
        with translation.override("sv"):  # the trail is kept in Swedish
            previous = str(locked.get_status_display())
        Reply.objects.filter(pk=locked.pk).update(
            status=S.DRAFT, reviewed_by=None, reviewed_at=None, approved_by=None, approved_at=None
        )
        locked.status, locked.reviewed_by, locked.reviewed_at = S.DRAFT, None, None
        locked.approved_by, locked.approved_at = None, None
        summary = f"{what}; yttrandet åter till utkast (var {str(previous).lower()})"
    events.record(locked.referral, KIND.REPLY_EDITED, actor=actor, summary=summary, reply=locked.pk)
    reply.version, reply.status = locked.version, locked.status
    return locked


def _next_order(reply) -> int:
    return (reply.points.aggregate(m=Max("order"))["m"] or 0) + 1


def reply_add_point(
    *,
    referral: Referral,
    actor,
    text: str = "",
    heading: str = "",
    phrase: Phrase | None = None,
    interest: InterestMatch | None = None,
    consultation: Consultation | None = None,
    goals=None,
    expected_version: int | None = None,
) -> ReplyPoint:
    """Adds one point: from the phrase library (its text and default goals unless given), from
    an item of the interest checklist (its suggested text), from a consultation answer, or free
    text. `goals` cites published RUS goals."""
    events.require_officer(actor)
    text, heading = (text or "").strip(), (heading or "").strip()
    source, default_goals = ReplyPoint.Source.FREE, []
    if phrase is not None:
        if phrase.kind != Phrase.Kind.POINT or not phrase.is_active:
            raise ValidationError({"phrase": _("Välj ett aktivt stycke ur frasbiblioteket.")})
        source, text, heading = ReplyPoint.Source.PHRASE, text or phrase.text, heading or phrase.title
        default_goals = list(phrase.goals.filter(strategy__status=PUBLISHED))
    elif interest is not None:
        if interest.referral_id != referral.pk:
            raise ValidationError({"interest": _("Det regionala intresset hör till en annan remiss.")})
        source = ReplyPoint.Source.INTEREST
        text, heading = text or interest.suggested_text or interest.title, heading or interest.title
    elif consultation is not None:
        if consultation.referral_id != referral.pk or not consultation.is_answered:
            raise ValidationError({"consultation": _("Samrådet hör till en annan remiss eller är inte besvarat.")})
        source = ReplyPoint.Source.CONSULTATION
        text, heading = text or consultation.answer, heading or consultation.unit.name
    if not text:
        raise ValidationError({"text": _("Skriv punktens text.")})
    cited = _clean_goals(goals) if goals is not None else default_goals
    with transaction.atomic():
        reply = reply_start(referral=referral, actor=actor)
        reply = _begin_edit(reply, actor, expected_version, f"Punkt tillagd: {heading or text[:60]}")
        point = ReplyPoint.objects.create(
            reply=reply,
            order=_next_order(reply),
            heading=heading[:200],
            text=text,
            source=source,
            phrase=phrase,
            interest=interest,
        )
        point.goals.set(cited)
    return point


def reply_update_point(
    *, point: ReplyPoint, heading: str, text: str, goals, actor, expected_version: int | None = None
) -> ReplyPoint:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Skriv punktens text.")})
    cited = _clean_goals(goals)
    with transaction.atomic():
        _begin_edit(point.reply, actor, expected_version, f"Punkt ändrad: {(heading or text)[:60]}")
        point.heading, point.text = (heading or "").strip()[:200], text
        point.save(update_fields=["heading", "text"])
        point.goals.set(cited)
    return point


def reply_remove_point(*, point: ReplyPoint, actor, expected_version: int | None = None) -> None:
    with transaction.atomic():
        _begin_edit(point.reply, actor, expected_version, f"Punkt borttagen: {(point.heading or point.text)[:60]}")
        point.delete()


def reply_reorder(*, reply: Reply, point_ids: list[int], actor, expected_version: int | None = None) -> None:
    """Puts the points in the order of `point_ids` (all of the reply's points, each once)."""
    point_ids = [int(i) for i in point_ids]
    with transaction.atomic():
        locked = _begin_edit(reply, actor, expected_version, "Punkternas ordning ändrad")
        existing = set(locked.points.values_list("pk", flat=True))
        if set(point_ids) != existing or len(point_ids) != len(existing):
            raise ValidationError({"points": _("Ordningen måste omfatta yttrandets alla punkter, var och en en gång.")})
        for order, pk in enumerate(point_ids, start=1):
            ReplyPoint.objects.filter(pk=pk).update(order=order)


def reply_move_point(*, point: ReplyPoint, offset: int, actor, expected_version: int | None = None) -> None:
    """One step up (-1) or down (+1): reply_reorder with the neighbours swapped."""
    ids = list(point.reply.points.order_by("order", "pk").values_list("pk", flat=True))
    i = ids.index(point.pk)
    j = max(0, min(len(ids) - 1, i + offset))
    ids[i], ids[j] = ids[j], ids[i]
    reply_reorder(reply=point.reply, point_ids=ids, actor=actor, expected_version=expected_version)


def reply_update_text(
    *, reply: Reply, introduction: str, conclusion: str, actor, expected_version: int | None = None
) -> Reply:
    with transaction.atomic():
        locked = _begin_edit(reply, actor, expected_version, "Inledning och avslutning ändrade")
        Reply.objects.filter(pk=locked.pk).update(
            introduction=(introduction or "").strip(), conclusion=(conclusion or "").strip()
        )
    reply.introduction, reply.conclusion = (introduction or "").strip(), (conclusion or "").strip()
    return reply


def reply_add_accepted_interests(
    *, referral: Referral, actor, include_open: bool = False, expected_version: int | None = None
) -> list[ReplyPoint]:
    """One action: every accepted item of the interest checklist not yet in the reply becomes a
    point with its suggested text. With `include_open`, the items not yet assessed are accepted
    in the same step ("accept the suggested items as points"); dismissed ones never are."""
    events.require_officer(actor)
    decisions = [InterestMatch.Decision.ACCEPTED] + ([InterestMatch.Decision.OPEN] if include_open else [])
    items = list(
        InterestMatch.objects.filter(referral=referral, decision__in=decisions)
        .exclude(points__reply__referral=referral)
        .order_by("distance_m", "title")
    )
    if not items:
        raise ValidationError(_("Det finns inga accepterade regionala intressen som inte redan är punkter."))
    with transaction.atomic():
        newly = [i.pk for i in items if i.decision != InterestMatch.Decision.ACCEPTED]
        InterestMatch.objects.filter(pk__in=newly).update(decision=InterestMatch.Decision.ACCEPTED)
        for item in items:
            item.decision = InterestMatch.Decision.ACCEPTED
        reply = reply_start(referral=referral, actor=actor)
        what = f"{len(items)} regionala intressen tillagda som punkter"
        if newly:
            what += f" ({len(newly)} av dem accepterade i samma steg)"
        reply = _begin_edit(reply, actor, expected_version, what)
        order = _next_order(reply)
        points = ReplyPoint.objects.bulk_create(
            ReplyPoint(
                reply=reply,
                order=order + n,
                heading=item.title[:200],
                text=item.suggested_text or item.title,
                source=ReplyPoint.Source.INTEREST,
                interest=item,
            )
            for n, item in enumerate(items)
        )
    return points


def _transition(reply, actor, expected_version, *, allowed, to, event_kind, summary, **fields):
    with transaction.atomic():
        locked = Reply.objects.select_for_update().select_related("referral").get(pk=reply.pk)
        if locked.status not in allowed:
            raise ValidationError(
                _("Yttrandet har status %(status)s; det går inte att %(action)s det nu.")
                % {"status": locked.get_status_display().lower(), "action": summary[1]},
                code="state",
            )
        if not locked.referral.is_open:
            raise _closed_error(locked.referral)
        if not locked.points.exists() and not locked.introduction:
            raise ValidationError(_("Yttrandet saknar innehåll; lägg till minst en punkt."), code="empty")
        events.bump_version(locked, expected_version)
        Reply.objects.filter(pk=locked.pk).update(status=to, **fields)
        events.record(locked.referral, event_kind, actor=actor, summary=summary[0], reply=locked.pk)
    for name, value in {"status": to, **fields}.items():
        setattr(reply, name, value)
    reply.version = locked.version
    return reply


def reply_review(*, reply: Reply, actor, expected_version: int | None = None) -> Reply:
    events.require_officer(actor)
    name = actor.get_full_name() or actor.username
    return _transition(
        reply,
        actor,
        expected_version,
        allowed=(S.DRAFT,),
        to=S.REVIEWED,
        event_kind=KIND.REPLY_REVIEWED,
        summary=(f"Yttrandet granskat av {name}", _("granska")),
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )


def reply_approve(*, reply: Reply, actor, expected_version: int | None = None) -> Reply:
    """By someone holding the delegation (the author too, when they hold it). Approving a draft
    counts as its review as well."""
    if not can_approve(actor):
        raise PermissionDenied(_("Bara den som har delegation att godkänna yttranden får godkänna."))
    now, name = timezone.now(), actor.get_full_name() or actor.username
    extra = {} if reply.status == S.REVIEWED else {"reviewed_by": actor, "reviewed_at": now}
    return _transition(
        reply,
        actor,
        expected_version,
        allowed=(S.DRAFT, S.REVIEWED),
        to=S.APPROVED,
        event_kind=KIND.REPLY_APPROVED,
        summary=(f"Yttrandet godkänt av {name}", _("godkänna")),
        approved_by=actor,
        approved_at=now,
        **extra,
    )


def reply_send(
    *, reply: Reply, sent_to: str, sent_on: datetime.date | None, actor, expected_version: int | None = None
) -> Reply:
    """Records the approved reply as sent (on `sent_on`, to `sent_to`), closes the case as
    answered, and after commit e-mails the reply with its PDF to the sender's contact."""
    events.require_officer(actor)
    sent_to = (sent_to or "").strip()
    errors = {}
    if not sent_to:
        errors["sent_to"] = _("Ange vem yttrandet skickas till.")
    if sent_on is None:
        errors["sent_on"] = _("Ange vilket datum yttrandet skickas.")
    elif sent_on > timezone.localdate():
        errors["sent_on"] = _("Skickat-datumet %(date)s ligger i framtiden.") % {"date": sent_on.isoformat()}
    elif sent_on < reply.referral.received:
        errors["sent_on"] = _("Skickat-datumet kan inte vara före remissens inkommen-datum %(date)s.") % {
            "date": reply.referral.received.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        reply = _transition(
            reply,
            actor,
            expected_version,
            allowed=(S.APPROVED,),
            to=S.SENT,
            event_kind=KIND.REPLY_SENT,
            summary=(f"Yttrandet skickat till {sent_to} {sent_on.isoformat()}", _("skicka")),
            sent_to=sent_to[:500],
            sent_on=sent_on,
            sent_by=actor,
        )
        Referral.objects.filter(pk=reply.referral_id).update(
            status=Referral.Status.ANSWERED, closed_at=timezone.now(), version=F("version") + 1
        )
        from .. import tasks_workflow

        enqueue(tasks_workflow.send_reply, reply.pk)
    reply.referral.refresh_from_db()
    return reply


def reply_send_email(reply_id: int) -> bool:
    """E-mails the sent reply with its PDF to the sender's contact, once (an event row written in
    the same transaction under the reply's row lock marks it as e-mailed)."""
    from ..reports import reply_pdf

    with translation.override("sv"), transaction.atomic():
        reply = (
            Reply.objects.select_for_update(of=("self",))
            .select_related("referral", "referral__sender")
            .filter(pk=reply_id, status=S.SENT)
            .first()
        )
        if reply is None:
            return False
        referral = reply.referral
        if referral.events.filter(kind=KIND.REPLY_SENT, data__emailed=True).exists():
            return False
        if not referral.contact_email:
            return False
        notify(  # the Region's reply to the sender: obligatory, through the centre for its headers
            kind=Kind.REFERRALS,
            recipients=[referral.contact_email],
            obligatory=True,
            subject=_("Yttrande %(number)s: %(plan)s") % {"number": referral.diary_number, "plan": referral.plan_name},
            text=_(
                "Hej,\n\nHär är Region Örebro läns yttrande över %(plan)s (er beteckning %(reference)s, "
                "vårt diarienummer %(number)s).\n\nMed vänlig hälsning\nRegion Örebro län\n"
            )
            % {
                "plan": referral.plan_name,
                "reference": referral.sender_reference or "–",
                "number": referral.diary_number,
            },
            attachments=[
                (f"yttrande-{referral.diary_year}-{referral.diary_seq}.pdf", reply_pdf(reply), "application/pdf")
            ],
        )
        events.record(
            referral, KIND.REPLY_SENT, summary=f"Yttrandet e-postat till {referral.contact_email}", emailed=True
        )
    return True
