"""The reply (yttrande) on the case page: its editor (a section of the case page and a page of its
own, where a refused action shows its errors), the actions (points, review, approve, send), the
print-friendly HTML and the PDF; the public register's copies of a sent reply."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from planportal.forms import apply_service
from planportal.permissions import forbidden, role_required

from .. import selectors_workflow as sel
from ..models import Consultation, Referral, Reply, ReplyPoint
from ..querysets import can_approve, is_case_officer
from ..reports import reply_context, reply_pdf
from ..services import replies as services
from ..workflow_forms import PointAddForm, PointEditForm, ReplySendForm, ReplyTextForm, VersionForm
from .consultation import OFFICER_ROLES, OFFICERS_ONLY, get_case

CONFLICT = {"version": "__all__"}


def editor_context(referral, request, **forms) -> dict:
    user = request.user
    if not is_case_officer(user):
        return None
    reply = sel.case_reply(referral, user)
    version = reply.version if reply else None
    points = list(reply.points.all()) if reply else []
    initial = {"version": version}
    return {
        "referral": referral,
        "reply": reply,
        "reply_points": points,
        "reply_has_content": bool(points or (reply and reply.introduction)),
        "reply_editable": referral.is_open and not (reply and reply.is_sent),
        "can_approve": can_approve(user),
        "reply_interests": list(sel.interests_for_points(referral, user)),
        "answered_consultations": sel.answered_consultations_not_in_reply(referral, user),
        "point_form": forms.get("point_form") or PointAddForm(initial=initial, referral=referral),
        "text_form": forms.get("text_form")
        or ReplyTextForm(
            initial={
                **initial,
                "introduction": getattr(reply, "introduction", ""),
                "conclusion": getattr(reply, "conclusion", ""),
            }
        ),
        "send_form": forms.get("send_form")
        or ReplySendForm(initial={**initial, "sent_to": referral.contact_email, "sent_on": timezone.localdate()}),
        "action_form": forms.get("action_form"),
        "reply_version": version,
    }


def section_context(referral, request) -> dict | None:
    # Sections' contexts share the case page's namespace: every key here is the reply's own.
    return editor_context(referral, request)


def _editor(request, referral, status=200, **forms):
    return render(request, "referrals/reply/edit.html", editor_context(referral, request, **forms), status=status)


def _done(request, referral, message):
    messages.success(request, message)
    return redirect(referral.get_absolute_url() + "#yttrande")


def _run(request, case, form, form_key, service, message, /, **kwargs):
    """Validates `form`, calls the service with the form's version; on success back to the case,
    else the editor page with the form's errors (400), or the 403 page. Only POST: a GET (a link,
    a prefetch) must never change the reply (tests/planportal/test_permission_matrix.py)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if form.is_valid():
        try:
            result = apply_service(
                form, service, field_map=CONFLICT, expected_version=form.cleaned_data.get("version"), **kwargs
            )
        except PermissionDenied as exc:
            return forbidden(request, exc)
        if not form.errors:
            return _done(request, case, message(result) if callable(message) else message)
    return _editor(request, case, status=400, **{form_key: form})


def _point(referral, pk):
    return get_object_or_404(ReplyPoint.objects.select_related("reply"), pk=pk, reply__referral=referral)


def _reply(referral):
    reply = Reply.objects.filter(referral=referral).first()
    if reply is None:
        raise Http404
    return reply


@role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
def reply_edit(request, year, seq):
    return _editor(request, get_case(request, year, seq))


@role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
def reply_point_add(request, year, seq):
    referral = get_case(request, year, seq)
    form = PointAddForm(request.POST, referral=referral)
    if form.is_valid():
        goals = form.cleaned_data["goals"]
        kwargs = {
            "referral": referral,
            "actor": request.user,
            "text": form.cleaned_data["text"],
            "heading": form.cleaned_data["heading"],
            "phrase": form.cleaned_data["phrase"],
            "goals": goals if goals or not form.cleaned_data["phrase"] else None,
        }
        return _run(request, referral, form, "point_form", services.reply_add_point, _("Punkten är tillagd."), **kwargs)
    return _editor(request, referral, status=400, point_form=form)


@role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
def reply_add_consultation(request, year, seq, pk):
    referral = get_case(request, year, seq)
    consultation = get_object_or_404(Consultation.objects.select_related("unit"), pk=pk, referral=referral)
    return _run(
        request,
        referral,
        VersionForm(request.POST),
        "action_form",
        services.reply_add_point,
        _("Svaret från %(unit)s är tillagt som punkt.") % {"unit": consultation.unit.name},
        referral=referral,
        consultation=consultation,
        actor=request.user,
    )


@role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
def reply_point_edit(request, year, seq, pk):
    referral = get_case(request, year, seq)
    point = _point(referral, pk)
    if request.method != "POST":
        form = PointEditForm(
            initial={
                "version": point.reply.version,
                "heading": point.heading,
                "text": point.text,
                "goals": list(point.goals.all()),
            }
        )
        return render(request, "referrals/reply/point_edit.html", {"referral": referral, "point": point, "form": form})
    form = PointEditForm(request.POST)
    if form.is_valid():
        try:
            apply_service(
                form,
                services.reply_update_point,
                field_map=CONFLICT,
                point=point,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
                goals=form.cleaned_data["goals"],
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except PermissionDenied as exc:
            return forbidden(request, exc)
        if not form.errors:
            return _done(request, referral, _("Punkten är ändrad."))
    return render(
        request, "referrals/reply/point_edit.html", {"referral": referral, "point": point, "form": form}, status=400
    )


@role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
def reply_point_remove(request, year, seq, pk):
    referral = get_case(request, year, seq)
    point = _point(referral, pk)
    return _run(
        request,
        referral,
        VersionForm(request.POST),
        "action_form",
        services.reply_remove_point,
        _("Punkten är borttagen."),
        point=point,
        actor=request.user,
    )


@role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
def reply_point_move(request, year, seq, pk):
    referral = get_case(request, year, seq)
    point = _point(referral, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    return _run(
        request,
        referral,
        VersionForm(request.POST),
        "action_form",
        services.reply_move_point,
        _("Punkten är flyttad."),
        point=point,
        offset=offset,
        actor=request.user,
    )


@role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
def reply_add_interests(request, year, seq):
    referral = get_case(request, year, seq)
    return _run(
        request,
        referral,
        VersionForm(request.POST),
        "action_form",
        services.reply_add_accepted_interests,
        lambda points: _("%(n)s regionala intressen är tillagda som punkter.") % {"n": len(points)},
        referral=referral,
        include_open=True,
        actor=request.user,
    )


@role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
def reply_text(request, year, seq):
    referral = get_case(request, year, seq)
    form = ReplyTextForm(request.POST)
    if not form.is_valid():
        return _editor(request, referral, status=400, text_form=form)
    reply = services.reply_start(referral=referral, actor=request.user)
    return _run(
        request,
        referral,
        form,
        "text_form",
        services.reply_update_text,
        _("Inledning och avslutning är sparade."),
        reply=reply,
        introduction=form.cleaned_data["introduction"],
        conclusion=form.cleaned_data["conclusion"],
        actor=request.user,
    )


def _transition(service, message):
    @role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
    def view(request, year, seq):
        referral = get_case(request, year, seq)
        reply = _reply(referral)
        return _run(
            request,
            referral,
            VersionForm(request.POST),
            "action_form",
            service,
            message,
            reply=reply,
            actor=request.user,
        )

    return view


reply_review = _transition(services.reply_review, _("Yttrandet är granskat."))
reply_approve = _transition(services.reply_approve, _("Yttrandet är godkänt."))


@role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
def reply_send(request, year, seq):
    referral = get_case(request, year, seq)
    reply = _reply(referral)
    form = ReplySendForm(request.POST)
    if not form.is_valid():
        return _editor(request, referral, status=400, send_form=form)
    return _run(
        request,
        referral,
        form,
        "send_form",
        services.reply_send,
        _("Yttrandet är skickat och ärendet avslutat."),
        reply=reply,
        sent_to=form.cleaned_data["sent_to"],
        sent_on=form.cleaned_data["sent_on"],
        actor=request.user,
    )


# --- the reply as a document: print-friendly HTML and PDF ---------------------------------------


def _document_reply(request, year, seq, public: bool):
    if public:
        referral = get_object_or_404(Referral.objects.visible_to(request.user), diary_year=year, diary_seq=seq)
        replies = Reply.objects.filter(status=Reply.Status.SENT)  # the register shows sent replies only
    else:
        if not is_case_officer(request.user):
            raise PermissionDenied(OFFICERS_ONLY)
        referral = get_case(request, year, seq)
        replies = Reply.objects.visible_to(request.user)
    reply = replies.select_related("referral", "referral__sender", "approved_by").filter(referral=referral).first()
    if reply is None:
        raise Http404
    return reply


def _print(request, year, seq, public=False):
    reply = _document_reply(request, year, seq, public)
    return render(request, "referrals/reply/print.html", {**reply_context(reply), "public": public})


def _pdf(request, year, seq, public=False):
    reply = _document_reply(request, year, seq, public)
    response = HttpResponse(reply_pdf(reply), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="yttrande-{year}-{seq}.pdf"'
    return response


@role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
def reply_print(request, year, seq):
    return _print(request, year, seq)


@role_required(*OFFICER_ROLES, message=OFFICERS_ONLY)
def reply_pdf_view(request, year, seq):
    return _pdf(request, year, seq)


def register_reply(request, year, seq):
    return _print(request, year, seq, public=True)


def register_reply_pdf(request, year, seq):
    return _pdf(request, year, seq, public=True)


_case = "remisser/<int:year>-<int:seq>/yttrande"
urlpatterns = [
    path(f"{_case}/", reply_edit, name="reply_edit"),
    path(f"{_case}/punkter/ny/", reply_point_add, name="reply_point_add"),
    path(f"{_case}/punkter/<int:pk>/", reply_point_edit, name="reply_point_edit"),
    path(f"{_case}/punkter/<int:pk>/ta-bort/", reply_point_remove, name="reply_point_remove"),
    path(f"{_case}/punkter/<int:pk>/flytta/", reply_point_move, name="reply_point_move"),
    path(f"{_case}/intressen/", reply_add_interests, name="reply_add_interests"),
    path(f"{_case}/samrad/<int:pk>/", reply_add_consultation, name="reply_add_consultation"),
    path(f"{_case}/text/", reply_text, name="reply_text"),
    path(f"{_case}/granska/", reply_review, name="reply_review"),
    path(f"{_case}/godkann/", reply_approve, name="reply_approve"),
    path(f"{_case}/skicka/", reply_send, name="reply_send"),
    path(f"{_case}/utskrift/", reply_print, name="reply_print"),
    path("remisser/<int:year>-<int:seq>/yttrande.pdf", reply_pdf_view, name="reply_pdf"),
    path("diarium/<int:year>-<int:seq>/yttrande/", register_reply, name="register_reply"),
    path("diarium/<int:year>-<int:seq>/yttrande.pdf", register_reply_pdf, name="register_reply_pdf"),
]

from .outcomes import urlpatterns as _outcome_urls  # noqa: E402  (the outcome loop's page, same concern)

urlpatterns += _outcome_urls


def _register_sections():
    try:
        from ..sections import register_case_section
    except ImportError:  # the case page's registry (rcore) not installed yet
        return
    register_case_section("reply", order=50, template="referrals/reply/section.html", context=section_context)
    from .outcomes import section_context as outcome_context

    register_case_section("outcome", order=60, template="referrals/reply/outcome_section.html", context=outcome_context)


_register_sections()
