"""Pages of one meeting: the meeting, scheduling and editing it, its status and cancelling."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from planportal.forms import apply_service

from .. import selectors, services
from ..forms import CancelForm, DeclineForm, MeetingForm, ReplyForm
from ..models import AgendaItem, Invitation, Meeting
from ..permissions import (
    can_manage,
    is_member,
    is_own_proposal,
    proposals_open,
    require_manager,
    take_home_organisation_ids,
    user_person,
)
from .common import error_text, visible_meeting, visible_network


def _warn_conflicts(request, warnings):
    for w in warnings:
        m = w["meeting"]
        messages.warning(
            request,
            _("Samma dag: %(network)s har möte %(when)s, dit %(orgs)s också är inbjudna.")
            % {
                "network": m.network,
                "when": timezone.localtime(m.starts_at).strftime("%Y-%m-%d %H.%M"),
                "orgs": ", ".join(w["organisations"]),
            },
        )


def _agenda_times(meeting, items):
    """Clock times for the accepted items, from the meeting's start and each item's minutes."""
    clock = timezone.localtime(meeting.starts_at)
    for item in items:
        if item.status == AgendaItem.Status.ACCEPTED:
            item.clock = clock
            clock = clock + timedelta(minutes=item.duration_minutes or 0)


class MeetingDetailView(View):
    def get(self, request, slug, pk):
        meeting = visible_meeting(request, slug, pk)
        network = meeting.network
        user = request.user
        manager = can_manage(user, network)
        insider = manager or is_member(user, network)
        items = selectors.meeting_agenda(user=user, meeting=meeting)
        accepted = sorted(
            [i for i in items if i.status == AgendaItem.Status.ACCEPTED], key=lambda i: (i.position or 999, i.pk)
        )
        _agenda_times(meeting, accepted)
        now = timezone.now()
        person = user_person(user)
        invitations = list(selectors.meeting_invitations(user=user, meeting=meeting)) if insider else []
        my_invitation = next((i for i in invitations if person and i.person_id == person.pk), None)
        can_reply = (
            person is not None
            and not meeting.is_cancelled
            and meeting.starts_at > now
            and person.organisation_id in selectors.invited_organisation_ids(meeting)
        )
        deadline = selectors.proposal_deadline(meeting)
        members_may_propose = insider and proposals_open(meeting, now)
        can_propose = insider and (manager or members_may_propose)
        proposed = [i for i in items if i.status == AgendaItem.Status.PROPOSED]
        # The proposer's own proposals, while they may still change them (agenda_item_check_edit).
        editable = {i.pk for i in proposed if is_own_proposal(i, person)} if members_may_propose else set()
        minutes = selectors.minutes_visible(user=user, meeting=meeting)
        show_minutes_detail = minutes is not None
        conflicts = []
        if manager and not meeting.is_cancelled and meeting.starts_at > now:
            conflicts = selectors.meeting_conflicts(
                network=network,
                day=timezone.localtime(meeting.starts_at).date(),
                organisation_ids=selectors.invited_organisation_ids(meeting),
                exclude_pk=meeting.pk,
            )
        replies = {}
        for inv in invitations:
            replies[inv.reply] = replies.get(inv.reply, 0) + 1
        ctx = {
            "meeting": meeting,
            "network": network,
            "manager": manager,
            "insider": insider,
            "accepted": accepted,
            "proposed": proposed,
            "editable_item_ids": set() if manager else editable,
            "declined": [i for i in items if i.status == AgendaItem.Status.DECLINED],
            "deadline": deadline,
            "deadline_passed": now > deadline,
            "can_propose": can_propose,
            "invitations": invitations,
            "reply_counts": [(label, replies.get(code, 0)) for code, label in Invitation.Reply.choices],
            "my_invitation": my_invitation,
            "can_reply": can_reply,
            "reply_form": ReplyForm(
                organisation=person.organisation if person else None,
                initial={"reply": my_invitation.reply if my_invitation else None},
            )
            if can_reply
            else None,
            "minutes": minutes,
            "show_minutes_detail": show_minutes_detail,
            "take_homes": selectors.meeting_take_homes(user=user, meeting=meeting),
            "can_write_take_home": meeting.starts_at <= now
            and not meeting.is_cancelled
            and bool(take_home_organisation_ids(user, meeting)),
            "decisions": list(selectors.meeting_decisions(meeting=meeting)) if show_minutes_detail or insider else [],
            "action_items": list(selectors.meeting_action_items(meeting=meeting))
            if insider or show_minutes_detail
            else [],
            "decline_form": DeclineForm(),
            "cancel_form": CancelForm(),
            "conflicts": conflicts,
            "started": meeting.starts_at <= now,
            "today": timezone.localdate(),
            "statuses": [
                (code, label)
                for code, label in Meeting.Status.choices
                if code in services.ALLOWED_TRANSITIONS.get(meeting.status, set()) and code != Meeting.Status.CANCELLED
            ],
            "next_host": selectors.suggested_next_host(network) if manager else None,
        }
        return render(request, "networks/meeting_detail.html", ctx)


# The services name the meeting's times; the form asks for a date and two clock times.
MEETING_FIELD_MAP = {
    "ends_at": "end_time",
    "starts_at": "start_time",
    "duration_minutes": "end_time",
    "point": "latitude",
}


class MeetingFormView(LoginRequiredMixin, View):
    """Schedule a meeting (one, or a series) or edit one."""

    template_name = "networks/meeting_form.html"

    def dispatch(self, request, slug, pk=None):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.network = visible_network(request, slug)
        require_manager(request.user, self.network)
        self.meeting = visible_meeting(request, slug, pk) if pk else None
        return super().dispatch(request, slug, pk)

    def form(self, data=None):
        if self.meeting is None:
            initial = {"host": selectors.suggested_next_host(self.network), "status": Meeting.Status.AGENDA_OPEN}
            return MeetingForm(data, network=self.network, initial=initial)
        return MeetingForm(
            data, network=self.network, series_allowed=False, initial=MeetingForm.initial_for(self.meeting)
        )

    def render(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"form": form, "network": self.network, "meeting": self.meeting},
            status=status,
        )

    def get(self, request, slug, pk=None):
        return self.render(self.form())

    def save(self, *, form):
        """The right service for the form: (first meeting, same-day warnings, message)."""
        data, user = form.meeting_data(), self.request.user
        if self.meeting is not None:
            meeting, warnings = services.meeting_update(meeting=self.meeting, data=data, actor=user)
            return meeting, warnings, _("Mötet är ändrat. Kalendrarna får ändringen.")
        if form.cleaned_data.get("repeat"):
            d = form.cleaned_data
            _series, meetings, warnings = services.meeting_series_schedule(
                network=self.network,
                title=data["title"],
                rrule=form.rule(),
                first_start=data["starts_at"],
                duration_minutes=int((data["ends_at"] - data["starts_at"]).total_seconds() // 60),
                until=d.get("until"),
                count=d.get("count"),
                data={k: v for k, v in data.items() if k not in ("title", "starts_at", "ends_at")},
                actor=user,
            )
            return meetings[0], warnings, _("%(n)s möten är planerade.") % {"n": len(meetings)}
        meeting, warnings = services.meeting_schedule(network=self.network, data=data, actor=user)
        return meeting, warnings, _("Mötet är planerat och inbjudningarna skickas.")

    def post(self, request, slug, pk=None):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        result = apply_service(form, self.save, field_map=MEETING_FIELD_MAP, form=form)
        if result is None:
            return self.render(form, status=400)
        meeting, warnings, message = result
        messages.success(request, message)
        _warn_conflicts(request, warnings)
        return redirect(meeting.get_absolute_url())


def post_action(request, slug, pk, action, success):
    meeting = visible_meeting(request, slug, pk)
    try:
        action(meeting)
        messages.success(request, success)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect(meeting.get_absolute_url())


@login_required
@require_POST
def meeting_status(request, slug, pk):
    status = request.POST.get("status", "")
    meeting = visible_meeting(request, slug, pk)
    if status == meeting.status:  # saved untouched: say so rather than "changed"
        success = _("Mötet har redan status ”%(status)s”; inget ändrades.") % {"status": meeting.get_status_display()}
    else:
        success = _("Mötets status är ändrad.")
    return post_action(
        request,
        slug,
        pk,
        lambda m: services.meeting_set_status(meeting=m, status=status, actor=request.user),
        success,
    )


@login_required
@require_POST
def meeting_cancel(request, slug, pk):
    reason = request.POST.get("reason", "")
    return post_action(
        request,
        slug,
        pk,
        lambda m: services.meeting_cancel(meeting=m, reason=reason, actor=request.user),
        _("Mötet är inställt. De inbjudna får besked."),
    )
