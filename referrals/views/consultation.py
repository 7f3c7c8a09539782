"""Internal consultation pages: the officer's request (a section of the case page and its own page
when the form has errors), "Mina samrådsförfrågningar" for the units' members, the answer form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planportal import roles
from planportal.forms import apply_service
from planportal.permissions import forbidden, role_required

from .. import selectors_workflow as sel
from ..models import Referral, ReferralDocument
from ..querysets import is_case_officer
from ..services import consultation as services
from ..workflow_forms import ConsultationAnswerForm, ConsultationRequestForm

OFFICER_ROLES = (roles.CASE_OFFICER, roles.ADMINISTRATOR)
OFFICERS_ONLY = gettext_lazy("Bara handläggare hanterar remisser.")


def get_case(request, year, seq):
    return get_object_or_404(
        Referral.objects.visible_to(request.user).select_related("sender"), diary_year=year, diary_seq=seq
    )


def section_context(referral, request) -> dict:
    """The consultation section of the case page (officers)."""
    if not is_case_officer(request.user):
        return None
    return {
        "referral": referral,
        "consultations": list(sel.case_consultations(referral, request.user)),
        "request_form": ConsultationRequestForm(),
        "today": timezone.localdate(),
    }


@role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
def consultation_request(request, year, seq):
    referral = get_case(request, year, seq)
    form = ConsultationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = apply_service(
            form,
            services.consultation_request,
            referral=referral,
            units=form.cleaned_data["units"],
            due=form.cleaned_data["due"],
            question=form.cleaned_data["question"],
            actor=request.user,
        )
        if created is not None:
            messages.success(
                request,
                _("Internt samråd begärt från %(units)s.") % {"units": ", ".join(c.unit.name for c in created)},
            )
            return redirect(referral.get_absolute_url() + "#samrad")
    return render(
        request,
        "referrals/consultation/request.html",
        {
            "referral": referral,
            "request_form": form,
            "consultations": sel.case_consultations(referral, request.user),
            "today": timezone.localdate(),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def my_consultations(request):
    return render(
        request,
        "referrals/consultation/my_list.html",
        {
            "consultations": list(sel.my_consultations(request.user)),
            "units": list(sel.user_units(request.user)),
            "today": timezone.localdate(),
        },
    )


@login_required
def consultation_answer(request, pk):
    consultation = sel.consultation_for_answer(request.user, pk)
    if consultation is None:
        raise Http404
    referral = consultation.referral
    editable = referral.is_open and not (hasattr(referral, "reply") and referral.reply.is_sent)
    may_answer = services.can_answer(request.user, consultation)
    form = ConsultationAnswerForm(request.POST or None, initial={"answer": consultation.answer})
    if request.method == "POST":
        if not may_answer:
            return forbidden(request, _("Bara enhetens medarbetare och handläggare får svara på samrådet."))
        if form.is_valid():
            try:
                saved = apply_service(
                    form,
                    services.consultation_answer,
                    consultation=consultation,
                    answer=form.cleaned_data["answer"],
                    actor=request.user,
                )
            except PermissionDenied as exc:
                return forbidden(request, exc)
            if saved is not None:
                messages.success(request, _("Svaret är sparat. Tack!"))
                return redirect("referrals:consultation_answer", pk=consultation.pk)
    documents = ReferralDocument.objects.visible_to(request.user).filter(referral=referral)
    return render(
        request,
        "referrals/consultation/answer.html",
        {
            "consultation": consultation,
            "referral": referral,
            "form": form,
            "editable": editable and may_answer,
            "documents": documents,
            "is_officer": is_case_officer(request.user),
        },
        status=400 if form.is_bound else 200,
    )


urlpatterns = [
    path("remisser/samrad/", my_consultations, name="my_consultations"),
    path("remisser/samrad/<int:pk>/", consultation_answer, name="consultation_answer"),
    path("remisser/<int:year>-<int:seq>/samrad/", consultation_request, name="consultation_request"),
]


def _register_section():
    try:
        from ..sections import register_case_section
    except ImportError:  # the case page's registry (rcore) not installed yet
        return
    register_case_section(
        "consultation", order=40, template="referrals/consultation/section.html", context=section_context
    )


_register_section()
