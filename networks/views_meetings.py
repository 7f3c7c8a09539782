"""Pages of one meeting: the meeting, its forms (schedule, edit, propose an item, reply,
attendance, minutes) and the coordinator's actions on the agenda."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from . import selectors, services
from .calendars import meeting_calendar
from .forms import (
    ActionItemForm,
    AgendaItemForm,
    CancelForm,
    DecisionForm,
    DeclineForm,
    MeetingForm,
    MinutesForm,
    ReplyForm,
)
from .models import ActionItem, AgendaItem, Invitation, Meeting, Minutes, Person
from .permissions import can_manage, is_insider, is_member, user_person
from .views_networks import _ics, apply_errors, error_text, visible_network


def visible_meeting(request, slug, pk) -> Meeting:
    try:
        return selectors.meeting_detail(user=request.user, slug=slug, pk=pk)
    except Meeting.DoesNotExist:
        raise Http404(_("Mötet finns inte, eller så har du inte behörighet att se det."))


def _require_manager(request, network):
    if not can_manage(request.user, network):
        raise PermissionDenied(_("Bara nätverkets samordnare kan göra det här."))


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
            and person.organisation_id in services.invited_organisation_ids(meeting)
        )
        deadline = services.proposal_deadline(meeting)
        members_may_propose = insider and services.proposals_open(meeting, now)
        can_propose = insider and (manager or members_may_propose)
        proposed = [i for i in items if i.status == AgendaItem.Status.PROPOSED]
        # The proposer's own proposals, while they may still change them (agenda_item_check_edit).
        editable = {i.pk for i in proposed if services.is_own_proposal(i, person)} if members_may_propose else set()
        minutes = selectors.minutes_visible(user=user, meeting=meeting, insider=insider)
        show_minutes_detail = minutes is not None
        conflicts = []
        if manager and not meeting.is_cancelled and meeting.starts_at > now:
            conflicts = services.meeting_conflicts(
                network=network,
                day=timezone.localtime(meeting.starts_at).date(),
                organisation_ids=services.invited_organisation_ids(meeting),
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
            "next_host": services.suggested_next_host(network) if manager else None,
        }
        return render(request, "networks/meeting_detail.html", ctx)


class MeetingFormView(LoginRequiredMixin, View):
    """Schedule a meeting (one, or a series) or edit one."""

    template_name = "networks/meeting_form.html"

    def dispatch(self, request, slug, pk=None):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.network = visible_network(request, slug)
        _require_manager(request, self.network)
        self.meeting = visible_meeting(request, slug, pk) if pk else None
        return super().dispatch(request, slug, pk)

    def form(self, data=None):
        if self.meeting is None:
            initial = {"host": services.suggested_next_host(self.network), "status": Meeting.Status.AGENDA_OPEN}
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

    def post(self, request, slug, pk=None):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        data = form.meeting_data()
        try:
            if self.meeting is not None:
                meeting, warnings = services.meeting_update(meeting=self.meeting, data=data, actor=request.user)
                messages.success(request, _("Mötet är ändrat. Kalendrarna får ändringen."))
            elif form.cleaned_data.get("repeat"):
                d = form.cleaned_data
                duration = int((data["ends_at"] - data["starts_at"]).total_seconds() // 60)
                _series, meetings, warnings = services.meeting_series_schedule(
                    network=self.network,
                    title=data["title"],
                    rrule=form.rule(),
                    first_start=data["starts_at"],
                    duration_minutes=duration,
                    until=d.get("until"),
                    count=d.get("count"),
                    data={k: v for k, v in data.items() if k not in ("title", "starts_at", "ends_at")},
                    actor=request.user,
                )
                meeting = meetings[0]
                messages.success(request, _("%(n)s möten är planerade.") % {"n": len(meetings)})
            else:
                meeting, warnings = services.meeting_schedule(network=self.network, data=data, actor=request.user)
                messages.success(request, _("Mötet är planerat och inbjudningarna skickas."))
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "ends_at" in exc.error_dict:
                exc = ValidationError({"end_time": exc.error_dict.pop("ends_at"), **exc.error_dict})
            apply_errors(form, exc)
            return self.render(form, status=400)
        _warn_conflicts(request, warnings)
        return redirect(meeting.get_absolute_url())


def meeting_ics(request, slug, pk):
    meeting = visible_meeting(request, slug, pk)
    return _ics(meeting_calendar(meeting), f"mote-{meeting.pk}.ics")


def _post_action(request, slug, pk, action, success):
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
    return _post_action(
        request,
        slug,
        pk,
        lambda m: services.meeting_set_status(meeting=m, status=status, actor=request.user),
        _("Mötets status är ändrad."),
    )


@login_required
@require_POST
def meeting_cancel(request, slug, pk):
    reason = request.POST.get("reason", "")
    return _post_action(
        request,
        slug,
        pk,
        lambda m: services.meeting_cancel(meeting=m, reason=reason, actor=request.user),
        _("Mötet är inställt. De inbjudna får besked."),
    )


@login_required
@require_POST
def agenda_publish(request, slug, pk):
    return _post_action(
        request,
        slug,
        pk,
        lambda m: services.agenda_publish(meeting=m, actor=request.user),
        _("Dagordningen är publicerad och skickad till de inbjudna."),
    )


@login_required
@require_POST
def agenda_order(request, slug, pk):
    def action(meeting):
        order = []
        for item in meeting.agenda_items.accepted():
            row = {"id": item.pk}
            position = request.POST.get(f"position-{item.pk}", "").strip()
            minutes = request.POST.get(f"duration-{item.pk}", "").strip()
            try:
                if position:
                    row["position"] = int(position)
                if f"duration-{item.pk}" in request.POST:
                    row["duration_minutes"] = int(minutes) if minutes else None
            except ValueError:
                raise ValidationError(_("Ordning och tid anges i hela tal."))
            order.append(row)
        services.agenda_order(meeting=meeting, order=order, actor=request.user)

    return _post_action(request, slug, pk, action, _("Dagordningens ordning och tider är sparade."))


def _item(meeting, item_pk) -> AgendaItem:
    return get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)


@login_required
@require_POST
def agenda_item_accept(request, slug, pk, item_pk):
    return _post_action(
        request,
        slug,
        pk,
        lambda m: services.agenda_item_accept(item=_item(m, item_pk), actor=request.user),
        _("Punkten är godtagen."),
    )


@login_required
@require_POST
def agenda_item_decline(request, slug, pk, item_pk):
    reason = request.POST.get("reason", "")
    return _post_action(
        request,
        slug,
        pk,
        lambda m: services.agenda_item_decline(item=_item(m, item_pk), reason=reason, actor=request.user),
        _("Punkten är avböjd."),
    )


class AgendaItemProposeView(LoginRequiredMixin, View):
    template_name = "networks/agenda_item_form.html"

    def setup_meeting(self, request, slug, pk):
        meeting = visible_meeting(request, slug, pk)
        if not is_insider(request.user, meeting.network):
            raise PermissionDenied(_("Bara medlemsorganisationernas personer kan föreslå punkter."))
        return meeting

    def get(self, request, slug, pk):
        meeting = self.setup_meeting(request, slug, pk)
        form = AgendaItemForm(user=request.user)
        return self.render(request, meeting, form)

    def render(self, request, meeting, form, status=200):
        ctx = {
            "form": form,
            "meeting": meeting,
            "network": meeting.network,
            "deadline": services.proposal_deadline(meeting),
            "manager": can_manage(request.user, meeting.network),
        }
        return render(request, self.template_name, ctx, status=status)

    def post(self, request, slug, pk):
        meeting = self.setup_meeting(request, slug, pk)
        form = AgendaItemForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                item = services.agenda_item_propose(
                    meeting=meeting, data=form.item_data(), links=form.links(), actor=request.user
                )
                if item.status == AgendaItem.Status.ACCEPTED:
                    messages.success(request, _("Punkten är tillagd på dagordningen."))
                else:
                    messages.success(request, _("Tack! Ditt förslag är skickat till samordnaren."))
                return redirect(meeting.get_absolute_url() + "#agenda-title")
            except ValidationError as exc:
                apply_errors(form, exc)
        return self.render(request, meeting, form, status=400)


class AgendaItemEditView(LoginRequiredMixin, View):
    """The proposer changes their own proposal while the agenda takes proposals (the rules are
    services.agenda_item_check_edit); the coordinator may use it for any item."""

    template_name = "networks/agenda_item_form.html"

    def dispatch(self, request, slug, pk, item_pk):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.meeting = visible_meeting(request, slug, pk)
        # Only items the user may see: others must not learn that an item exists.
        self.item = get_object_or_404(
            AgendaItem.objects.visible_to(request.user).select_related("meeting__network"),
            meeting=self.meeting,
            pk=item_pk,
        )
        try:
            services.agenda_item_check_edit(item=self.item, actor=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect(self.meeting.get_absolute_url() + "#agenda-title")
        return super().dispatch(request, slug, pk, item_pk)

    def render(self, form, status=200):
        ctx = {
            "form": form,
            "meeting": self.meeting,
            "network": self.meeting.network,
            "item": self.item,
            "deadline": services.proposal_deadline(self.meeting),
            "manager": can_manage(self.request.user, self.meeting.network),
        }
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request, slug, pk, item_pk):
        return self.render(
            AgendaItemForm(user=request.user, kinds=self.kinds(), initial=AgendaItemForm.initial_for(self.item))
        )

    def kinds(self):
        # The coordinator may keep or give any kind (e.g. a follow-up of an action item).
        return services.agenda_item_kinds(item=self.item, actor=self.request.user)

    def post(self, request, slug, pk, item_pk):
        form = AgendaItemForm(request.POST, user=request.user, kinds=self.kinds())
        if form.is_valid():
            try:
                services.agenda_item_update(
                    item=self.item, data=form.item_data(), links=form.links(), actor=request.user
                )
                messages.success(request, _("Punkten är ändrad."))
                return redirect(self.meeting.get_absolute_url() + f"#item-{self.item.pk}")
            except ValidationError as exc:
                apply_errors(form, exc)
        return self.render(form, status=400)


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


class AttendanceView(LoginRequiredMixin, View):
    template_name = "networks/attendance_form.html"

    def get_meeting(self, request, slug, pk):
        meeting = visible_meeting(request, slug, pk)
        _require_manager(request, meeting.network)
        return meeting

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
        meeting = self.get_meeting(request, slug, pk)
        return render(request, self.template_name, self.context(meeting))

    def post(self, request, slug, pk):
        meeting = self.get_meeting(request, slug, pk)
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


class MinutesView(LoginRequiredMixin, View):
    template_name = "networks/minutes_form.html"

    def get_meeting(self, request, slug, pk):
        meeting = visible_meeting(request, slug, pk)
        _require_manager(request, meeting.network)
        return meeting

    def render(self, request, meeting, form=None, decision_form=None, action_form=None, status=200):
        minutes = Minutes.objects.filter(meeting=meeting).first()
        if form is None:
            form = MinutesForm(initial={"text": minutes.text, "summary": minutes.summary} if minutes else None)
        ctx = {
            "meeting": meeting,
            "network": meeting.network,
            "minutes": minutes,
            "form": form,
            "decision_form": decision_form or DecisionForm(meeting=meeting, prefix="decision"),
            "action_form": action_form or ActionItemForm(prefix="action"),
            "decisions": list(selectors.meeting_decisions(meeting=meeting)),
            "action_items": list(selectors.meeting_action_items(meeting=meeting)),
            "today": timezone.localdate(),
            "manager": True,
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request, slug, pk):
        return self.render(request, self.get_meeting(request, slug, pk))

    def post(self, request, slug, pk):
        meeting = self.get_meeting(request, slug, pk)
        action = request.POST.get("action", "save")
        try:
            if action == "decision":
                form = DecisionForm(request.POST, meeting=meeting, prefix="decision")
                if not form.is_valid():
                    return self.render(request, meeting, decision_form=form, status=400)
                d = form.cleaned_data
                try:
                    services.decision_add(
                        meeting=meeting,
                        text=d["text"],
                        kind=d["kind"],
                        agenda_item=d["agenda_item"],
                        actor=request.user,
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                    return self.render(request, meeting, decision_form=form, status=400)
                messages.success(request, _("Beslutet är registrerat."))
            elif action == "action_item":
                form = ActionItemForm(request.POST, prefix="action")
                if not form.is_valid():
                    return self.render(request, meeting, action_form=form, status=400)
                d = form.cleaned_data
                try:
                    services.action_item_add(
                        meeting=meeting,
                        title=d["title"],
                        owner=d["owner"],
                        owner_organisation=d["owner_organisation"],
                        due=d["due"],
                        actor=request.user,
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                    return self.render(request, meeting, action_form=form, status=400)
                messages.success(request, _("Åtgärdspunkten är registrerad och förs till nästa möte."))
            elif action in ("save", "approve"):
                form = MinutesForm(request.POST)
                if not form.is_valid():
                    return self.render(request, meeting, form=form, status=400)
                try:
                    services.minutes_save(meeting=meeting, actor=request.user, **form.cleaned_data)
                    if action == "approve":
                        services.minutes_approve(meeting=meeting, actor=request.user)
                except ValidationError as exc:
                    apply_errors(form, exc)
                    return self.render(request, meeting, form=form, status=400)
                messages.success(request, _("Protokollet är justerat.") if action == "approve" else _("Sparat."))
            elif action == "publish":
                services.minutes_publish(meeting=meeting, actor=request.user)
                messages.success(request, _("Protokollet är publicerat och skickat till de inbjudna."))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        meeting.refresh_from_db()
        return redirect("networks:meeting_minutes", slug=slug, pk=pk)


@login_required
@require_POST
def action_item_done(request, slug, pk):
    network = visible_network(request, slug)
    action = get_object_or_404(ActionItem.objects.select_related("meeting__network"), meeting__network=network, pk=pk)
    done = request.POST.get("done", "1") == "1"
    services.action_item_done(action_item=action, actor=request.user, done=done)
    messages.success(request, _("Åtgärdspunkten är markerad som klar.") if done else _("Åtgärdspunkten är öppen igen."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = network.get_absolute_url()
    return redirect(target)
