"""The officers' work list (/remisser/) and case page (/remisser/<year>-<seq>/), the edit form
with the stale-form guard, and deleting a case (administrators)."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planportal import roles
from planportal.forms import apply_service
from planportal.permissions import forbidden, role_required
from planportal.roles import has_role

from .. import selectors
from ..forms import (
    AreaForm,
    AssignForm,
    DocumentAddForm,
    EmailDropForm,
    ExtendForm,
    ReferralEditForm,
    TriageForm,
    WorkListFilterForm,
)
from ..models import InterestMatch, Referral
from ..sections import render_sections
from ..services import cases as case_services

OFFICER_ROLES = (roles.CASE_OFFICER, roles.ADMINISTRATOR)
OFFICERS_ONLY = gettext_lazy("Bara handläggare av remisser kommer åt den här sidan.")
PAGE_SIZE = 50


def officers_only(view):
    return role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)(view)


def deadline_info(referral, today):
    """Days left in words and a status class: text and colour, never colour alone."""
    if not referral.is_open:
        return {"text": referral.get_status_display(), "css": "closed", "overdue": False}
    left = referral.days_left(today)
    if left < 0:
        return {
            "text": _("Försenad, %(days)s dagar sen") % {"days": -left} if left < -1 else _("Försenad, 1 dag sen"),
            "css": "overdue",
            "overdue": True,
        }
    if left == 0:
        return {"text": _("Sista dag i dag"), "css": "due", "overdue": False}
    text = _("1 dag kvar") if left == 1 else _("%(days)s dagar kvar") % {"days": left}
    return {"text": text, "css": "due" if left <= 7 else "ok", "overdue": False}


@officers_only
def work_list(request):
    form = WorkListFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.referral_work_list(user=request.user, filters=filters)
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [{"referral": r, "deadline": deadline_info(r, today)} for r in page.object_list]
    return render(
        request,
        "referrals/work_list.html",
        {
            "form": form,
            "rows": rows,
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": paginator.num_pages > 1,
            "today": today,
            "drop_form": EmailDropForm(),
        },
    )


def _area_layers(referral) -> str:
    if referral.area is None:
        return "[]"
    geometry = json.loads(referral.area.transform(4326, clone=True).geojson)
    feature = {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"name": f"{referral.diary_number} {referral.plan_name}"},
    }
    return json.dumps(
        [
            {
                "name": str(_("Planområde")),
                "kind": "polygon",
                "color": "#b3005a",
                "fit": True,
                "geojson": {"type": "FeatureCollection", "features": [feature]},
            }
        ]
    )


def _area_summary(referral) -> str:
    """The map's text alternative: where the area is and how big."""
    if referral.area is None:
        return ""
    hectares = referral.area.area / 10_000
    centre = referral.area.point_on_surface.transform(4326, clone=True)
    size = number_format(hectares, 1, force_grouping=True)  # 131 950,4 in Swedish, 131,950.4 in English
    return _(
        "Planområdet är %(size)s hektar i %(parts)s del(ar) (%(source)s), med en punkt inom området vid "
        "latitud %(lat).4f, longitud %(lon).4f."
    ) % {
        "size": size,
        "parts": len(referral.area),
        "source": referral.get_area_source_display() or "–",
        "lat": centre.y,
        "lon": centre.x,
    }


def case_context(request, referral, **forms):
    user = request.user
    today = timezone.localdate()
    interests = list(selectors.case_interests(referral=referral, user=user))
    version = {"version": referral.version}
    context = {
        "referral": referral,
        "deadline": deadline_info(referral, today),
        "documents": list(selectors.case_documents(referral=referral, user=user)),
        "interests": interests,
        "interests_open": sum(1 for i in interests if i.decision == InterestMatch.Decision.OPEN),
        "extensions": list(selectors.case_extensions(referral=referral, user=user)),
        "timeline": list(selectors.case_timeline(referral=referral, user=user)),
        "area_layers": _area_layers(referral),
        "area_summary": _area_summary(referral),
        "assign_form": forms.get("assign_form") or AssignForm(initial={"assignee": referral.assignee, **version}),
        "triage_form": forms.get("triage_form") or TriageForm(initial={"decision": referral.triage, **version}),
        "extend_form": forms.get("extend_form") or ExtendForm(initial=version),
        "area_form": forms.get("area_form") or AreaForm(initial=version),
        "document_form": forms.get("document_form") or DocumentAddForm(),
        "is_administrator": has_role(user, roles.ADMINISTRATOR),
        "today": today,
    }
    # Other concerns' sections, each rendered with the page's context plus its own (the
    # template engine escapes; the strings are SafeString from render_to_string).
    context["sections"] = [
        render_to_string(section["template"], {**context, **section["context"]}, request=request)
        for section in render_sections(referral, request)
    ]
    return context


@officers_only
def case_detail(request, year, seq):
    referral = selectors.referral_for_page(user=request.user, year=year, seq=seq)
    return render(request, "referrals/case_detail.html", case_context(request, referral))


@officers_only
def case_edit(request, year, seq):
    referral = selectors.referral_for_page(user=request.user, year=year, seq=seq)
    form = ReferralEditForm(request.POST or None, instance=referral)
    differences = []
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in case_services.CASE_FIELDS}
        # is_valid() put the posted values on form.instance; the service compares with the stored row.
        stored = selectors.referral_for_page(user=request.user, year=year, seq=seq)
        result = apply_service(
            form,
            case_services.referral_update,
            field_map={"version": "__conflict__"},
            referral=stored,
            data=data,
            actor=request.user,
            version=form.cleaned_data["version"],
        )
        if result is not None:
            messages.success(request, _("Uppgifterna är sparade."))
            return redirect(result)
        if stored.version != form.cleaned_data["version"]:
            # Lost-update guard: keep what was entered, show what changed meanwhile, and let a
            # second save replace it on purpose (the form now carries the current version).
            differences = [
                {
                    "label": Referral._meta.get_field(name).verbose_name,
                    "stored": getattr(stored, name),
                    "entered": data[name],
                }
                for name in case_services.CASE_FIELDS
                if getattr(stored, name) != data[name]
            ]
            form.data = form.data.copy()
            form.data["version"] = stored.version
        referral = stored
    return render(
        request,
        "referrals/case_edit.html",
        {"form": form, "referral": referral, "differences": differences},
        status=400 if form.is_bound else 200,
    )


@officers_only
def case_delete(request, year, seq):
    referral = selectors.referral_for_page(user=request.user, year=year, seq=seq)
    if not has_role(request.user, roles.ADMINISTRATOR):
        return forbidden(request, _("Bara administratörer får ta bort remisser."))
    if request.method == "POST":
        number = referral.diary_number
        case_services.referral_delete(referral=referral, actor=request.user)
        messages.success(request, _("Remissen %(number)s är borttagen.") % {"number": number})
        return redirect(reverse("referrals:index"))
    return render(request, "referrals/case_delete.html", {"referral": referral})


_case = "remisser/<int:year>-<int:seq>"
urlpatterns = [
    path("remisser/", work_list, name="index"),
    path(f"{_case}/", case_detail, name="detail"),
    path(f"{_case}/andra/", case_edit, name="edit"),
    path(f"{_case}/ta-bort/", case_delete, name="delete"),
]
