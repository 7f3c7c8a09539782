"""The minutes page (text, general take-home, decisions, action items), each organisation's
take-home page, and marking an action item done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from planportal.forms import apply_service

from .. import selectors, services
from ..forms import ActionItemForm, DecisionForm, MinutesForm, TakeHomeForm
from ..models import ActionItem, Minutes, TakeHome
from ..permissions import take_home_organisation_ids, user_person
from .common import MeetingManagerMixin, error_text, visible_meeting, visible_network


class MinutesView(MeetingManagerMixin, View):
    template_name = "networks/minutes_form.html"

    def render(self, form=None, decision_form=None, action_form=None, status=200):
        meeting = self.meeting
        minutes = Minutes.objects.filter(meeting=meeting).first()
        take_homes = selectors.meeting_take_homes(user=self.request.user, meeting=meeting)
        general = next((t for t in take_homes if t.organisation_id is None), None)
        if form is None:
            form = MinutesForm(
                initial={"text": minutes.text if minutes else "", "summary": general.text if general else ""}
            )
        ctx = {
            "meeting": meeting,
            "network": meeting.network,
            "minutes": minutes,
            "form": form,
            "take_homes": [t for t in take_homes if t.organisation_id is not None],
            "decision_form": decision_form or DecisionForm(meeting=meeting, prefix="decision"),
            "action_form": action_form or ActionItemForm(prefix="action"),
            "decisions": list(selectors.meeting_decisions(meeting=meeting)),
            "action_items": list(selectors.meeting_action_items(meeting=meeting)),
            "today": timezone.localdate(),
            "manager": True,
        }
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request, slug, pk):
        return self.render()

    def post(self, request, slug, pk):
        meeting, user = self.meeting, request.user
        action = request.POST.get("action", "save")
        if action == "decision":
            form = DecisionForm(request.POST, meeting=meeting, prefix="decision")
            if not (
                form.is_valid()
                and apply_service(form, services.decision_add, meeting=meeting, actor=user, **form.cleaned_data)
            ):
                return self.render(decision_form=form, status=400)
            messages.success(request, _("Beslutet är registrerat."))
        elif action == "action_item":
            form = ActionItemForm(request.POST, prefix="action")
            if not (
                form.is_valid()
                and apply_service(form, services.action_item_add, meeting=meeting, actor=user, **form.cleaned_data)
            ):
                return self.render(action_form=form, status=400)
            messages.success(request, _("Åtgärdspunkten är registrerad och förs till nästa möte."))
        elif action in ("save", "approve"):
            form = MinutesForm(request.POST)
            if not (form.is_valid() and apply_service(form, self.save, form=form, approve=action == "approve")):
                return self.render(form=form, status=400)
            messages.success(request, _("Protokollet är justerat.") if action == "approve" else _("Sparat."))
        elif action == "publish":
            try:
                services.minutes_publish(meeting=meeting, actor=user)
                messages.success(request, _("Protokollet är publicerat och skickat till de inbjudna."))
            except ValidationError as exc:
                messages.error(request, error_text(exc))
        return redirect("networks:meeting_minutes", slug=slug, pk=pk)

    def save(self, *, form, approve: bool):
        minutes = services.minutes_save(meeting=self.meeting, actor=self.request.user, **form.cleaned_data)
        if approve:
            minutes = services.minutes_approve(meeting=self.meeting, actor=self.request.user)
        return minutes


class TakeHomeView(LoginRequiredMixin, View):
    """An invited organisation's representative writes their organisation's take-home from
    the meeting (the coordinator any invited organisation's)."""

    template_name = "networks/take_home_form.html"

    def dispatch(self, request, slug, pk):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.meeting = visible_meeting(request, slug, pk)
        self.organisation_ids = take_home_organisation_ids(request.user, self.meeting)
        if not self.organisation_ids:
            raise PermissionDenied(_("Bara de inbjudna organisationernas företrädare skriver hemtagande från mötet."))
        return super().dispatch(request, slug, pk)

    def render(self, form, status=200):
        ctx = {
            "form": form,
            "meeting": self.meeting,
            "network": self.meeting.network,
            "take_homes": [
                t
                for t in selectors.meeting_take_homes(user=self.request.user, meeting=self.meeting)
                if t.organisation_id in self.organisation_ids
            ],
        }
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request, slug, pk):
        person = user_person(request.user)
        chosen = request.GET.get("organisation", "")
        organisation_id = int(chosen) if chosen.isdigit() else getattr(person, "organisation_id", None)
        if organisation_id not in self.organisation_ids:
            organisation_id = min(self.organisation_ids)
        existing = TakeHome.objects.filter(meeting=self.meeting, organisation_id=organisation_id).first()
        initial = {"organisation": organisation_id, "text": existing.text if existing else ""}
        return self.render(TakeHomeForm(organisation_ids=self.organisation_ids, initial=initial))

    def post(self, request, slug, pk):
        form = TakeHomeForm(request.POST, organisation_ids=self.organisation_ids)
        if form.is_valid():
            apply_service(form, services.take_home_save, meeting=self.meeting, actor=request.user, **form.cleaned_data)
            if form.is_valid():  # no error added by the service
                messages.success(
                    request,
                    _("Hemtagandet för %(organisation)s är sparat.")
                    % {"organisation": form.cleaned_data["organisation"]},
                )
                return redirect(self.meeting.get_absolute_url() + "#take-homes-title")
        return self.render(form, status=400)


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
