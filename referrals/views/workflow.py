"""The case page's actions: assign, triage (declining asks for one confirmation showing the
text that will be sent), extend the deadline, set the plan area, accept or dismiss an interest.
Each posts to a service; errors come back on the case page with the entered values."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from planportal.forms import apply_service

from .. import selectors
from ..forms import AreaForm, AssignForm, DocumentAddForm, ExtendForm, InterestDecisionForm, TriageForm
from ..models import InterestMatch, Phrase, Referral, ReferralDocument
from ..services import cases as document_services
from ..services import deadlines, interests, triage
from ..services.cases import AreaInput, referral_set_area
from .cases import case_context, officers_only

CONFLICT = {"version": "__conflict__"}


def _case(request, year, seq):
    return selectors.referral_for_page(user=request.user, year=year, seq=seq)


def _back(request, referral, form_name, form):
    """The case page again with the form's errors (and the entered values), status 400."""
    return render(
        request, "referrals/case_detail.html", case_context(request, referral, **{form_name: form}), status=400
    )


@officers_only
def assign(request, year, seq):
    referral = _case(request, year, seq)
    if request.method != "POST":
        return redirect(referral)
    form = AssignForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        triage.referral_assign,
        field_map=CONFLICT,
        referral=referral,
        assignee=form.cleaned_data["assignee"],
        actor=request.user,
        version=form.cleaned_data["version"],
    ):
        messages.success(request, _("Handläggaren är sparad."))
        return redirect(referral)
    return _back(request, _case(request, year, seq), "assign_form", form)


@officers_only
def triage_decide(request, year, seq):
    referral = _case(request, year, seq)
    decision = request.POST.get("decision") or request.GET.get("beslut") or ""
    if request.method == "GET" or (decision == Referral.Triage.DECLINE and "confirm" not in request.POST):
        if decision != Referral.Triage.DECLINE:
            return redirect(referral)
        # One confirmation before closing the case: the text that will be registered and sent.
        phrase = Phrase.objects.filter(kind=Phrase.Kind.DECLINE, is_active=True).order_by("order", "pk").first()
        return render(
            request,
            "referrals/triage_decline.html",
            {
                "referral": referral,
                "phrase": phrase,
                "form": TriageForm(initial={"decision": decision, "version": referral.version}),
            },
        )
    form = TriageForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        triage.referral_triage,
        field_map=CONFLICT,
        referral=referral,
        decision=form.cleaned_data["decision"],
        actor=request.user,
        version=form.cleaned_data["version"],
    ):
        done = {
            Referral.Triage.ANSWER: _("Beslut sparat: Regionen yttrar sig."),
            Referral.Triage.STANDARD: _("Beslut sparat: standardyttrande. Utkastet finns under Yttrande."),
            Referral.Triage.DECLINE: _(
                "Regionen avstår från att yttra sig. Ärendet är avslutat och avsändaren underrättas per e-post."
            ),
        }
        messages.success(request, done[form.cleaned_data["decision"]])
        return redirect(referral)
    return _back(request, _case(request, year, seq), "triage_form", form)


@officers_only
def extend(request, year, seq):
    referral = _case(request, year, seq)
    if request.method != "POST":
        return redirect(referral)
    form = ExtendForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        deadlines.referral_extend,
        field_map=CONFLICT,
        referral=referral,
        new_deadline=form.cleaned_data["new_deadline"],
        reason=form.cleaned_data["reason"],
        granted_by=form.cleaned_data["granted_by"],
        actor=request.user,
        version=form.cleaned_data["version"],
    ):
        messages.success(request, _("Anståndet är registrerat."))
        return redirect(referral)
    return _back(request, _case(request, year, seq), "extend_form", form)


@officers_only
def set_area(request, year, seq):
    referral = _case(request, year, seq)
    if request.method != "POST":
        return redirect(referral)
    form = AreaForm(request.POST, request.FILES)
    if form.is_valid():
        given = AreaInput(
            area=form.cleaned_data.get("area"),
            whole_municipality=form.cleaned_data.get("whole_municipality", False),
            source=Referral.AreaSource.UPLOAD if request.FILES.get("area_file") else Referral.AreaSource.DRAWN,
        )
        warnings = apply_service(
            form,
            referral_set_area,
            field_map=CONFLICT,
            referral=referral,
            actor=request.user,
            area=given,
            version=form.cleaned_data["version"],
        )
        if form.is_valid():
            messages.success(request, _("Planområdet är sparat och de regionala intressena är kontrollerade igen."))
            for warning in [*form.fields["area"].warnings, *(warnings or [])]:
                messages.warning(request, warning)
            return redirect(referral)
    return _back(request, _case(request, year, seq), "area_form", form)


@officers_only
def document_add(request, year, seq):
    referral = _case(request, year, seq)
    if request.method != "POST":
        return redirect(referral)
    form = DocumentAddForm(request.POST, request.FILES)
    if form.is_valid() and apply_service(
        form, document_services.document_add, referral=referral, documents=form.documents(), actor=request.user
    ):
        messages.success(request, _("Handlingarna är tillagda."))
        return redirect(referral.get_absolute_url() + "#docs-title")
    return _back(request, referral, "document_form", form)


@officers_only
def document_remove(request, pk):
    document = get_object_or_404(ReferralDocument.objects.visible_to(request.user).select_related("referral"), pk=pk)
    referral = document.referral
    if request.method == "POST":
        name = document.name
        document_services.document_remove(document=document, actor=request.user)
        messages.success(request, _("Handlingen %(name)s är borttagen.") % {"name": name})
    return redirect(referral.get_absolute_url() + "#docs-title")


@officers_only
def interest_decide(request, pk):
    match = get_object_or_404(InterestMatch.objects.visible_to(request.user).select_related("referral"), pk=pk)
    referral = match.referral
    if request.method != "POST":
        return redirect(referral)
    form = InterestDecisionForm(request.POST)
    if form.is_valid() and apply_service(
        form, interests.interest_decide, match=match, decision=form.cleaned_data["decision"], actor=request.user
    ):
        return redirect(referral.get_absolute_url() + f"#intresse-{match.pk}")
    for error in form.non_field_errors() + form.errors.get("decision", []):
        messages.error(request, error)
    return redirect(referral.get_absolute_url() + "#intressen")


_case_path = "remisser/<int:year>-<int:seq>"
urlpatterns = [
    path(f"{_case_path}/tilldela/", assign, name="assign"),
    path(f"{_case_path}/beslut/", triage_decide, name="triage"),
    path(f"{_case_path}/anstand/", extend, name="extend"),
    path(f"{_case_path}/planomrade/", set_area, name="area"),
    path(f"{_case_path}/handlingar/", document_add, name="document_add"),
    path("remisser/handlingar/<int:pk>/ta-bort/", document_remove, name="document_remove"),
    path("remisser/intressen/<int:pk>/", interest_decide, name="interest_decide"),
]
