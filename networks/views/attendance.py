"""Replies before a meeting and attendance after it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from .. import services
from ..forms import ReplyForm
from ..models import Person
from ..permissions import user_person
from .common import MeetingManagerMixin, error_text, visible_meeting


@login_required
@require_POST
def meeting_reply(request, slug, pk):
    meeting = visible_meeting(request, slug, pk)
    person = user_person(request.user)
    form = ReplyForm(request.POST, organisation=person.organisation if person else None)
    if not form.is_valid():
        messages.error(request, _("Välj ett svar."))
        return redirect(meeting.get_absolute_url() + "#replies-title")
    try:
        services.meeting_reply(
            meeting=meeting,
            actor=request.user,
            reply=form.cleaned_data["reply"],
            substitute=form.cleaned_data.get("substitute"),
            comment=form.cleaned_data.get("comment", ""),
        )
        messages.success(request, _("Ditt svar är sparat."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect(meeting.get_absolute_url() + "#replies-title")


class AttendanceView(MeetingManagerMixin, View):
    template_name = "networks/attendance_form.html"

    def context(self, meeting, errors=None):
        invitations = list(
            meeting.invitations.select_related("person", "organisation", "substitute", "attended_by").order_by(
                "organisation__name", "person__name"
            )
        )
        people = {}
        for p in Person.objects.filter(organisation__in={i.organisation_id for i in invitations}).order_by("name"):
            people.setdefault(p.organisation_id, []).append(p)
        for inv in invitations:
            inv.colleagues = people.get(inv.organisation_id, [])
        return {"meeting": meeting, "network": meeting.network, "invitations": invitations, "errors": errors or []}

    def get(self, request, slug, pk):
        return render(request, self.template_name, self.context(self.meeting))

    def post(self, request, slug, pk):
        meeting = self.meeting
        attended, attended_by = {}, {}
        people = {p.pk: p for p in Person.objects.filter(organisation__invitations__meeting=meeting).distinct()}
        for inv in meeting.invitations.all():
            attended[inv.pk] = request.POST.get(f"attended-{inv.pk}") == "on"
            by = request.POST.get(f"attended_by-{inv.pk}", "")
            if by.isdigit() and int(by) in people and int(by) != inv.person_id:
                attended_by[inv.pk] = people[int(by)]
        try:
            services.attendance_record(meeting=meeting, attended=attended, attended_by=attended_by, actor=request.user)
        except ValidationError as exc:
            return render(request, self.template_name, self.context(meeting, exc.messages), status=400)
        messages.success(request, _("Närvaron är registrerad."))
        return redirect(meeting.get_absolute_url() + "#replies-title")
