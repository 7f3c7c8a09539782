"""Reads of referral cases for the officers' pages (work list, case page). Every function taking
`user` starts from the models' visible_to(user)."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from networks.models import Organisation
from planportal.roles import ADMINISTRATOR, CASE_OFFICER

from .models import DeadlineExtension, InterestMatch, Referral, ReferralDocument, ReferralEvent
from .querysets import is_case_officer

WORK_LIST_SORTS = {
    "deadline": ("deadline", "diary_year", "diary_seq"),
    "-received": ("-received", "-diary_year", "-diary_seq"),
    "diary": ("-diary_year", "-diary_seq"),
    "sender": ("sender__name", "deadline", "pk"),
}


def case_officers() -> QuerySet:
    """Users who may handle referrals (the assignee choices), by name."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name__in=[CASE_OFFICER, ADMINISTRATOR]) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def sender_choices() -> QuerySet:
    """Organisations that send referrals: municipalities first, then the others."""
    return Organisation.objects.order_by("-kind", "name").only("pk", "name", "kind")


def municipalities() -> QuerySet:
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("name")


def referral_work_list(*, user, filters: dict, today: datetime.date | None = None) -> QuerySet[Referral]:
    """The work list: cases sorted by deadline (nearest first), filtered by the cleaned filter
    values: status ("open" default, "all", or a status), assignee ("me", "none", or a user),
    municipality (Organisation), plan_type, overdue (bool); sort (a key of WORK_LIST_SORTS).
    Sender and assignee selected."""
    today = today or timezone.localdate()
    qs = Referral.objects.visible_to(user).select_related("sender", "assignee")
    status = filters.get("status") or "open"
    if status == "open":
        qs = qs.open()
    elif status != "all":
        qs = qs.filter(status=status)
    assignee = filters.get("assignee")
    if assignee == "me":
        qs = qs.filter(assignee=user)
    elif assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee:
        qs = qs.filter(assignee=assignee)
    if filters.get("municipality"):
        qs = qs.filter(sender=filters["municipality"])
    if filters.get("plan_type"):
        qs = qs.filter(plan_type=filters["plan_type"])
    if filters.get("overdue"):
        qs = qs.open().filter(deadline__lt=today)
    return qs.order_by(*WORK_LIST_SORTS.get(filters.get("sort") or "deadline", WORK_LIST_SORTS["deadline"]))


def referral_for_page(*, user, year: int, seq: int) -> Referral:
    try:
        return (
            Referral.objects.visible_to(user)
            .select_related("sender", "assignee", "registered_by", "previous")
            .get(diary_year=year, diary_seq=seq)
        )
    except Referral.DoesNotExist:
        raise Http404 from None


def case_documents(*, referral, user) -> QuerySet[ReferralDocument]:
    return ReferralDocument.objects.visible_to(user).filter(referral=referral).order_by("created_at", "pk")


def case_interests(*, referral, user) -> QuerySet[InterestMatch]:
    return InterestMatch.objects.visible_to(user).filter(referral=referral).order_by("distance_m", "source", "title")


def case_timeline(*, referral, user) -> QuerySet[ReferralEvent]:
    """The event trail, newest first, with who did it."""
    qs = ReferralEvent.objects.visible_to(user).filter(referral=referral)
    return qs.select_related("actor").order_by("-at", "-pk")


def case_extensions(*, referral, user) -> QuerySet[DeadlineExtension]:
    if not is_case_officer(user):
        return DeadlineExtension.objects.none()
    return referral.extensions.select_related("recorded_by").order_by("recorded_at")


def referrals_due_reminder(*, today: datetime.date, days: int) -> QuerySet[Referral]:
    """Open cases whose assignee is due a reminder: deadline within `days` (or past), not yet
    reminded for this deadline, with an assignee who has an e-mail address."""
    return (
        Referral.objects.open()
        .filter(deadline__lte=today + datetime.timedelta(days=days), assignee__isnull=False)
        .exclude(assignee__email="")
        .exclude(deadline_reminder_sent_for=F("deadline"))
        .select_related("assignee", "sender")
        .order_by("deadline", "pk")
    )
