"""The agenda's pages: proposing and editing an item, and the coordinator's actions
(accept, decline, order, publish)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from planportal.forms import apply_service

from .. import selectors, services
from ..forms import AgendaItemForm
from ..models import AgendaItem
from ..permissions import agenda_item_check_edit, agenda_item_kinds, can_manage, is_insider
from .common import error_text, link_fields, visible_meeting
from .meetings import post_action


@login_required
@require_POST
def agenda_publish(request, slug, pk):
    return post_action(
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

    return post_action(request, slug, pk, action, _("Dagordningens ordning och tider är sparade."))


def _item(meeting, item_pk) -> AgendaItem:
    return get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)


@login_required
@require_POST
def agenda_item_accept(request, slug, pk, item_pk):
    return post_action(
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
    return post_action(
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
            "deadline": selectors.proposal_deadline(meeting),
            "manager": can_manage(request.user, meeting.network),
        }
        return render(request, self.template_name, ctx, status=status)

    def post(self, request, slug, pk):
        meeting = self.setup_meeting(request, slug, pk)
        form = AgendaItemForm(request.POST, user=request.user)
        if form.is_valid():
            item = apply_service(
                form,
                services.agenda_item_propose,
                field_map=link_fields(form),
                meeting=meeting,
                data=form.item_data(),
                links=form.links(),
                actor=request.user,
            )
            if item is not None:
                if item.status == AgendaItem.Status.ACCEPTED:
                    messages.success(request, _("Punkten är tillagd på dagordningen."))
                else:
                    messages.success(request, _("Tack! Ditt förslag är skickat till samordnaren."))
                return redirect(meeting.get_absolute_url() + "#agenda-title")
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
            agenda_item_check_edit(item=self.item, actor=request.user)
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
            "deadline": selectors.proposal_deadline(self.meeting),
            "manager": can_manage(self.request.user, self.meeting.network),
        }
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request, slug, pk, item_pk):
        return self.render(
            AgendaItemForm(user=request.user, kinds=self.kinds(), initial=AgendaItemForm.initial_for(self.item))
        )

    def kinds(self):
        # The coordinator may keep or give any kind (e.g. a follow-up of an action item).
        return agenda_item_kinds(item=self.item, actor=self.request.user)

    def post(self, request, slug, pk, item_pk):
        form = AgendaItemForm(request.POST, user=request.user, kinds=self.kinds())
        if form.is_valid():
            item = apply_service(
                form,
                services.agenda_item_update,
                field_map=link_fields(form),
                item=self.item,
                data=form.item_data(),
                links=form.links(),
                actor=request.user,
            )
            if item is not None:
                messages.success(request, _("Punkten är ändrad."))
                return redirect(self.meeting.get_absolute_url() + f"#item-{self.item.pk}")
        return self.render(form, status=400)
