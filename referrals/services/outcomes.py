"""The outcome loop: when the municipality's next phase or the adopted plan arrives as a new case
in the same plan chain (`Referral.previous`), the officer records per point of the earlier
case's sent reply whether it was taken into account. And the suggestion of that earlier case."""

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Outcome, Phase, Referral, ReferralEvent, Reply, ReplyPoint
from . import events

# Later phases come after earlier ones in a plan's chain; "other" (e.g. the adoption) last.
PHASE_ORDER = {Phase.SAMRAD: 1, Phase.GRANSKNING: 2, Phase.UNDERRATTELSE: 3, Phase.OTHER: 4}


def _sv_label(outcome: str) -> str:
    # The trail is kept in Swedish whatever language the officer's page is in.
    with translation.override("sv"):
        return str(Outcome(outcome).label)


def _chain(case: Referral, depth: int = 10) -> list[int]:
    """The ids of the cases before `case` in its plan chain, nearest first."""
    ids, current = [], case.previous
    while current is not None and len(ids) < depth and current.pk not in ids:
        ids.append(current.pk)
        current = current.previous
    return ids


def outcome_record(*, point: ReplyPoint, outcome: str, note: str = "", case: Referral, actor) -> ReplyPoint:
    """Records whether `point` (of an earlier case's sent reply in `case`'s chain) was taken into
    account in `case` (fully, partly, not, not applicable), with a note."""
    events.require_officer(actor)
    with transaction.atomic():
        _record(point, outcome, note, case, actor)
        events.record(
            case,
            ReferralEvent.Kind.OUTCOME_RECORDED,
            actor=actor,
            summary=f"Utfall registrerat: {(point.heading or point.text)[:60]} – {_sv_label(outcome)}",
            point=point.pk,
            outcome=outcome,
        )
    return point


def _record(point, outcome, note, case, actor):
    if outcome not in Outcome.values:
        raise ValidationError(
            {f"outcome_{point.pk}": _("Välj hur punkten %(point)s beaktades.") % {"point": point.heading or point.pk}}
        )
    reply = Reply.objects.select_related("referral").get(pk=point.reply_id)
    if reply.status != Reply.Status.SENT:
        raise ValidationError(_("Utfall registreras bara för punkter i skickade yttranden."))
    if reply.referral_id not in _chain(case):
        raise ValidationError(
            _("Punkten hör till %(number)s, som inte är ett tidigare skede av %(case)s.")
            % {"number": reply.referral.diary_number, "case": case.diary_number}
        )
    point.outcome, point.outcome_note = outcome, (note or "").strip()
    point.outcome_case, point.outcome_recorded_at = case, timezone.now()
    point.save(update_fields=["outcome", "outcome_note", "outcome_case", "outcome_recorded_at"])


def outcomes_record(*, case: Referral, entries: list[tuple], actor) -> int:
    """One form for all points: `entries` is [(point, outcome, note)]; entries without an
    outcome are skipped; all or nothing. Returns how many were recorded."""
    events.require_officer(actor)
    given = [(p, o, n) for p, o, n in entries if o]
    if not given:
        raise ValidationError(_("Välj ett utfall för minst en punkt."))
    with transaction.atomic():
        for point, outcome, note in given:
            _record(point, outcome, note, case, actor)
        counts = {}
        for _p, outcome, _n in given:
            counts[_sv_label(outcome)] = counts.get(_sv_label(outcome), 0) + 1
        events.record(
            case,
            ReferralEvent.Kind.OUTCOME_RECORDED,
            actor=actor,
            summary=f"Utfall registrerat för {len(given)} punkter ("
            + ", ".join(f"{str(k).lower()}: {v}" for k, v in counts.items())
            + ")",
            points={str(p.pk): o for p, o, _n in given},
        )
    return len(given)


def referral_link_previous(
    *, referral: Referral, previous: Referral, actor, expected_version: int | None = None
) -> Referral:
    """Links `referral` to the earlier phase of the same plan (e.g. a suggestion of
    suggest_previous), so the outcome of that phase's reply can be recorded here."""
    events.require_officer(actor)
    if previous.pk == referral.pk or referral.pk in _chain(previous) + [previous.pk]:
        raise ValidationError(
            {
                "previous": _("%(number)s kan inte vara föregående skede: kedjan skulle gå runt.")
                % {"number": previous.diary_number}
            }
        )
    if previous.received > referral.received:
        raise ValidationError(
            {
                "previous": _("%(number)s kom in efter %(case)s och kan inte vara ett tidigare skede.")
                % {"number": previous.diary_number, "case": referral.diary_number}
            }
        )
    with transaction.atomic():
        events.bump_version(referral, expected_version)
        Referral.objects.filter(pk=referral.pk).update(previous=previous)
        referral.previous = previous
        events.record(
            referral,
            ReferralEvent.Kind.LINKED,
            actor=actor,
            summary=f"Kopplad till föregående skede {previous.diary_number} {previous.plan_name}"[:500],
            previous=previous.pk,
        )
    return referral


def previous_points(case: Referral):
    """The points of the sent reply of the case just before `case` in its chain."""
    if not case.previous_id:
        return ReplyPoint.objects.none()
    return (
        ReplyPoint.objects.filter(reply__referral_id=case.previous_id, reply__status=Reply.Status.SENT)
        .prefetch_related("goals")
        .order_by("order", "pk")
    )


def suggest_previous(referral: Referral, *, limit: int = 5) -> list[Referral]:
    """Earlier cases of the same sender that are likely the same plan in an earlier phase: the
    same sender reference first, then a similar plan name (trigram similarity ≥ 0.3)."""
    qs = Referral.objects.filter(sender_id=referral.sender_id).exclude(pk=referral.pk)
    if referral.received:
        qs = qs.filter(received__lte=referral.received)
    if referral.pk:
        # Never suggest a case that already follows this one (no loops in the chain).
        qs = qs.exclude(previous_id=referral.pk)
    later_or_same = [p for p, n in PHASE_ORDER.items() if n > PHASE_ORDER.get(referral.phase, 4)]
    if referral.phase != Phase.OTHER:
        qs = qs.exclude(phase__in=later_or_same)
    same_reference = Q(sender_reference__iexact=referral.sender_reference) if referral.sender_reference else Q(pk=None)
    qs = qs.annotate(
        similarity=TrigramSimilarity("plan_name", referral.plan_name or ""),
        same_reference=Case(When(same_reference, then=Value(1)), default=Value(0), output_field=IntegerField()),
    ).filter(Q(same_reference=1) | Q(similarity__gte=0.3))
    return list(qs.select_related("sender").order_by("-same_reference", "-similarity", "-received")[:limit])
