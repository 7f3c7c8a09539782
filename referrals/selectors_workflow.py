"""Reads for consultation, the reply and the outcome loop; each starts from `visible_to(user)`."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from .models import Consultation, InterestMatch, Phrase, Referral, Reply, ReplyPoint, Unit
from .querysets import is_case_officer


def my_consultations(user):
    """The consultations asked of the units `user` belongs to, of open cases: unanswered first,
    by date (the page "Mina samrådsförfrågningar"). One query whatever the number."""
    if not getattr(user, "is_authenticated", False):
        return Consultation.objects.none()
    return (
        Consultation.objects.visible_to(user)
        .filter(unit__members=user, referral__status__in=Referral.OPEN_STATUSES)
        .select_related("referral", "referral__sender", "unit")
        .order_by("answered_at", "due", "referral__diary_number")
        .distinct()
    )


def user_units(user):
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    return Unit.objects.filter(members=user)


def consultation_for_answer(user, pk: int):
    """The consultation `user` may read (its unit's members, case officers), or None."""
    return (
        Consultation.objects.visible_to(user)
        .select_related("referral", "referral__sender", "unit", "answered_by")
        .filter(pk=pk)
        .first()
    )


def case_consultations(referral, user):
    return (
        Consultation.objects.visible_to(user)
        .filter(referral=referral)
        .select_related("unit", "answered_by", "requested_by")
        .order_by("due", "unit__name")
    )


def active_units():
    return Unit.objects.filter(is_active=True).order_by("name")


def case_reply(referral, user):
    """The case's reply as `user` may see it (officers: any state; others: sent only), with its
    points and their goals, or None."""
    points = ReplyPoint.objects.prefetch_related("goals").select_related("interest").order_by("order", "pk")
    return (
        Reply.objects.visible_to(user)
        .filter(referral=referral)
        .select_related("referral", "referral__sender", "reviewed_by", "approved_by", "sent_by")
        .prefetch_related(Prefetch("points", queryset=points))
        .first()
    )


def point_phrases(referral=None):
    """Active paragraphs of the phrase library: for the case's plan type, or for all types."""
    phrases = Phrase.objects.filter(kind=Phrase.Kind.POINT, is_active=True)
    if referral is None:
        return phrases
    # plan_types is "" (all) or codes separated by commas ("op,fop"): match a whole code.
    code = rf"(^|,)\s*{referral.plan_type}\s*(,|$)"
    return phrases.filter(Q(plan_types="") | Q(plan_types__regex=code))


def interests_for_points(referral, user):
    """Items of the checklist that may still become points: accepted or not yet assessed (never
    dismissed ones), not already in the reply."""
    if not is_case_officer(user):
        return InterestMatch.objects.none()
    in_reply = ReplyPoint.objects.filter(interest=OuterRef("pk"), reply__referral=referral)
    return (
        InterestMatch.objects.visible_to(user)
        .filter(referral=referral)
        .exclude(decision=InterestMatch.Decision.DISMISSED)
        .exclude(Exists(in_reply))
    )


def answered_consultations_not_in_reply(referral, user):
    """Answered consultations whose answer is not yet a point (matched by the answer's text)."""
    consultations = list(case_consultations(referral, user).filter(answered_at__isnull=False))
    texts = set(
        ReplyPoint.objects.filter(reply__referral=referral, source=ReplyPoint.Source.CONSULTATION).values_list(
            "text", flat=True
        )
    )
    return [c for c in consultations if c.answer not in texts]


def previous_reply_points(referral, user):
    """The points of the sent reply of the case before `referral` in the plan chain."""
    if not referral.previous_id or not is_case_officer(user):
        return ReplyPoint.objects.none()
    return (
        ReplyPoint.objects.filter(reply__referral_id=referral.previous_id, reply__status=Reply.Status.SENT)
        .prefetch_related("goals")
        .select_related("outcome_case")
        .order_by("order", "pk")
    )
