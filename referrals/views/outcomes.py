"""The outcome loop on the new case's page: the points of the previous case's sent reply, each
with whether the municipality took it into account — one form for all points. Its URL patterns
are gathered by views/replies.py (same concern: the reply's points)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from planportal.forms import apply_service
from planportal.permissions import forbidden, role_required

from .. import selectors_workflow as sel
from ..models import Referral
from ..querysets import is_case_officer
from ..services import outcomes as services
from ..workflow_forms import OutcomesForm
from .consultation import OFFICER_ROLES, OFFICERS_ONLY, get_case


def section_context(referral, request, form=None) -> dict | None:
    """The previous reply's points with the outcome form; on a case with no previous phase, the
    suggested earlier cases (or nothing). Keys are prefixed: they share the case page's namespace."""
    user = request.user
    if not is_case_officer(user):
        return None
    if not referral.previous_id:
        suggestions = _suggestions(referral, user)
        return {"referral": referral, "outcome_suggestions": suggestions} if suggestions else None
    points = list(sel.previous_reply_points(referral, user))
    return {
        "referral": referral,
        "outcome_previous": referral.previous,
        "outcome_points": points,
        "outcome_form": form or OutcomesForm(points=points),
    }


def _suggestions(referral, user):
    if not is_case_officer(user) or referral.previous_id or not referral.is_open:
        return []
    return services.suggest_previous(referral)


@role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
def outcome_record(request, year, seq):
    referral = get_case(request, year, seq)
    points = list(sel.previous_reply_points(referral, request.user))
    form = OutcomesForm(request.POST or None, points=points)
    if request.method == "POST" and form.is_valid():
        try:
            count = apply_service(
                form, services.outcomes_record, case=referral, entries=form.entries(), actor=request.user
            )
        except PermissionDenied as exc:
            return forbidden(request, exc)
        if count is not None:
            messages.success(request, _("Utfallet är registrerat för %(n)s punkter.") % {"n": count})
            return redirect(referral.get_absolute_url() + "#utfall")
    context = section_context(referral, request, form=form) or {"referral": referral}
    return render(request, "referrals/reply/outcomes.html", context, status=400 if form.is_bound else 200)


@role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
def link_previous(request, year, seq):
    """POST: a suggested earlier case becomes this case's previous phase."""
    referral = get_case(request, year, seq)
    if request.method != "POST":
        return redirect(referral.get_absolute_url() + "#utfall")
    previous = Referral.objects.visible_to(request.user).filter(pk=request.POST.get("previous") or 0).first()
    version = request.POST.get("version")
    try:
        if previous is None:
            raise ValidationError(_("Välj ett tidigare skede."))
        services.referral_link_previous(
            referral=referral,
            previous=previous,
            actor=request.user,
            expected_version=int(version) if (version or "").isdigit() else None,
        )
    except PermissionDenied as exc:
        return forbidden(request, exc)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(referral.get_absolute_url() + "#utfall")
    messages.success(request, _("Kopplad till föregående skede %(number)s.") % {"number": previous.diary_number})
    return redirect(referral.get_absolute_url() + "#utfall")


urlpatterns = [
    path("remisser/<int:year>-<int:seq>/utfall/", outcome_record, name="outcome_record"),
    path("remisser/<int:year>-<int:seq>/foregaende/", link_previous, name="link_previous"),
]
