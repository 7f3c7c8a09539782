"""“Registrera remiss”: drop the municipality's e-mail (.eml/.msg) and confirm the draft read
from it — each suggestion shown with where it came from — or fill in the form by hand. Nothing
is saved until the officer presses Registrera (the dropped e-mail is kept, unseen by others,
so its attachments can become the case's documents)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from planportal.forms import add_service_errors, apply_service

from ..forms import EmailDropForm, ReferralRegisterForm
from ..intake import draft_from_email
from ..models import IntakeMessage, Referral
from ..services import cases as case_services
from .cases import officers_only

# EmailDraft's suggestions → the registration form's fields.
DRAFT_FIELDS = {
    "sender_organisation": "sender",
    "sender_reference": "sender_reference",
    "plan_name": "plan_name",
    "plan_type": "plan_type",
    "phase": "phase",
    "deadline": "deadline",
    "received": "received",
}
CONTACT_FIELDS = {"name": "contact_name", "email": "contact_email", "phone": "contact_phone"}


def _draft_initial(draft) -> tuple[dict, dict]:
    """(initial form values, {form field: where the suggestion came from})."""
    initial, sources = {}, {}
    for name, field in DRAFT_FIELDS.items():
        suggestion = getattr(draft, name)
        if suggestion is None or suggestion.value in (None, ""):
            continue
        initial[field] = suggestion.value
        sources[field] = str(suggestion.source)
    if draft.contact is not None:
        for attr, field in CONTACT_FIELDS.items():
            value = getattr(draft.contact.value, attr, "")
            if value:
                initial[field] = value
                sources[field] = str(draft.contact.source)
    return initial, sources


def _read_intake(intake):
    """The stored e-mail read again (its attachments and sources for the page)."""
    with intake.file.open("rb") as handle:
        return draft_from_email(handle.read(), filename=intake.filename)


def _describe_sources(form, sources):
    """Each suggested field is described by the note saying where its suggestion came from."""
    for name in sources or {}:
        if name not in form.fields:
            continue
        bound = form[name]
        attrs = bound.field.widget.attrs
        ids = [i for i in attrs.get("aria-describedby", "").split() if i]
        ids.append(f"{bound.auto_id}-source")
        attrs["aria-describedby"] = " ".join(dict.fromkeys(ids))


def _page(request, *, form, drop_form, draft=None, sources=None, duplicates=(), status=200):
    attachments = list(draft.attachments) if draft is not None else []
    _describe_sources(form, sources)
    return render(
        request,
        "referrals/register.html",
        {
            "form": form,
            "drop_form": drop_form,
            "draft": draft,
            "sources": sources or {},
            "attachments": attachments,
            "duplicates": duplicates,
            "max_mb": case_services.intake_limit_mb(),
        },
        status=status,
    )


def _from_email(request):
    drop_form = EmailDropForm(request.POST, request.FILES)
    if not drop_form.is_valid():
        return _page(request, form=_blank_form(request), drop_form=drop_form, status=400)
    upload = drop_form.cleaned_data["file"]
    try:
        draft = draft_from_email(upload, filename=upload.name)
    except ValidationError as exc:
        add_service_errors(drop_form, exc)
        return _page(request, form=_blank_form(request), drop_form=drop_form, status=400)
    intake = case_services.intake_store(upload=upload, actor=request.user)
    initial, sources = _draft_initial(draft)
    initial["intake"] = intake.pk
    form = ReferralRegisterForm(initial=initial, user=request.user, attachments=[a.filename for a in draft.attachments])
    return _page(request, form=form, drop_form=EmailDropForm(), draft=draft, sources=sources)


def _blank_form(request):
    return ReferralRegisterForm(initial={"received": timezone.localdate()}, user=request.user)


def _register(request):
    intake_id = request.POST.get("intake") or None
    draft = sources = None
    attachments = []
    if intake_id:
        intake = IntakeMessage.objects.visible_to(request.user).filter(pk=intake_id).select_related("referral").first()
        if intake is not None and intake.referral is not None:
            # The same draft sent twice (a double click, the back button): it is registered already.
            messages.info(
                request,
                _("E-postmeddelandet %(name)s är redan registrerat som %(number)s.")
                % {"name": intake.filename, "number": intake.referral.diary_number},
            )
            return redirect(intake.referral)
        if intake is not None:
            draft = _read_intake(intake)
            attachments = [a.filename for a in draft.attachments]
            _initial, sources = _draft_initial(draft)
    form = ReferralRegisterForm(request.POST, request.FILES, user=request.user, attachments=attachments)
    if not form.is_valid():
        return _page(request, form=form, drop_form=EmailDropForm(), draft=draft, sources=sources, status=400)
    data = {name: form.cleaned_data.get(name) for name in case_services.CASE_FIELDS}
    data["confidential_attachments"] = form.cleaned_data.get("confidential_attachments") or []
    found = list(
        case_services.duplicates(sender=data["sender"], sender_reference=data["sender_reference"], phase=data["phase"])
    )
    if found and not form.cleaned_data.get("confirm_duplicate"):
        form.add_error(
            "confirm_duplicate",
            _("Samma beteckning och skede finns redan (%(numbers)s). Kryssa i rutan om du vill registrera ändå.")
            % {"numbers": ", ".join(r.diary_number for r in found)},
        )
        return _page(
            request, form=form, drop_form=EmailDropForm(), draft=draft, sources=sources, duplicates=found, status=400
        )
    area = case_services.AreaInput(
        area=form.cleaned_data.get("area"),
        whole_municipality=form.cleaned_data.get("whole_municipality", False),
        source=Referral.AreaSource.UPLOAD if request.FILES.get("area_file") else Referral.AreaSource.DRAWN,
    )
    result = apply_service(
        form,
        case_services.referral_register,
        data=data,
        actor=request.user,
        documents=form.documents(),
        area=area,
        intake=form.cleaned_data.get("intake"),
    )
    if result is None:
        return _page(request, form=form, drop_form=EmailDropForm(), draft=draft, sources=sources, status=400)
    referral, warnings = result
    messages.success(
        request, _("Remissen är registrerad med diarienummer %(number)s.") % {"number": referral.diary_number}
    )
    for warning in [*form.fields["area"].warnings, *warnings]:
        messages.warning(request, warning)
    if "and_decline" in request.POST:
        return redirect(
            reverse("referrals:triage", kwargs={"year": referral.diary_year, "seq": referral.diary_seq})
            + "?beslut=decline"
        )
    return redirect(referral)


@officers_only
def register(request):
    if request.method == "POST":
        if request.POST.get("step") == "email":
            return _from_email(request)
        return _register(request)
    return _page(request, form=_blank_form(request), drop_form=EmailDropForm())


urlpatterns = [
    path("remisser/registrera/", register, name="register_case"),
]
