"""The minutes page (text, take-home, decisions, action items) and marking an action item done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import ActionItemForm, DecisionForm, MinutesForm
from ..models import ActionItem, Minutes
from ..permissions import require_manager
from .common import apply_errors, error_text, visible_meeting, visible_network


class MinutesView(LoginRequiredMixin, View):
    template_name = "networks/minutes_form.html"

    def get_meeting(self, request, slug, pk):
        meeting = visible_meeting(request, slug, pk)
        require_manager(request.user, meeting.network)
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
