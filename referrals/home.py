"""The signed-in person's cards on the home page (planportal.registry.home_cards): a case
officer's open referral cases by deadline, and the consultations asked of a unit member's
units that are still unanswered. Reads through the work list's selectors; fixed query counts."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planportal.registry import register_home_card
from planportal.roles import ADMINISTRATOR, CASE_OFFICER, has_role

from .selectors import referral_work_list
from .selectors_workflow import my_consultations

LIMIT = 5


@register_home_card
def my_cases(request):
    user = request.user
    if not has_role(user, CASE_OFFICER, ADMINISTRATOR):
        return None
    cases = referral_work_list(user=user, filters={"status": "open", "assignee": "me", "sort": "deadline"})
    unassigned = referral_work_list(user=user, filters={"status": "open", "assignee": "none"})
    return {
        "title": _("Dina öppna remisser"),
        "template": "referrals/home/cases.html",
        "order": 15,
        "cases": list(cases[:LIMIT]),
        "count": cases.count(),
        "unassigned": unassigned.count(),
        "today": timezone.localdate(),
        "url": reverse("referrals:index"),
    }


@register_home_card
def open_consultations(request):
    consultations = my_consultations(request.user).filter(answered_at__isnull=True)
    shown = list(consultations[:LIMIT])
    if not shown:
        return None
    return {
        "title": _("Samrådsförfrågningar till din enhet"),
        "template": "referrals/home/consultations.html",
        "order": 16,
        "consultations": shown,
        "count": consultations.count(),
        "url": reverse("referrals:my_consultations"),
    }
