"""Pages of the network registry: the list, a network, its form, and its memberships."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from .. import selectors, services
from ..forms import MembershipForm, NetworkForm
from ..models import Membership, Network, Organisation
from ..permissions import can_create_network, can_manage, is_insider
from .common import apply_errors, error_text, visible_network


class NetworkListView(ListView):
    template_name = "networks/network_list.html"
    context_object_name = "networks"
    paginate_by = 50

    def get_queryset(self):
        return selectors.network_list(user=self.request.user, filters=self.request.GET)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        g = self.request.GET
        ctx.update(
            kinds=Network.Kind.choices,
            statuses=Network.Status.choices,
            focus_areas=selectors.focus_area_list(),
            organisations=Organisation.objects.filter(memberships__isnull=False).distinct().order_by("name"),
            selected={k: g.get(k, "") for k in ("kind", "organisation", "focus", "status", "q")},
            can_create=can_create_network(self.request.user),
        )
        return ctx


class NetworkDetailView(View):
    def get(self, request, slug):
        network = visible_network(request, slug)
        user = request.user
        insider = is_insider(user, network)
        manager = can_manage(user, network)
        members = list(selectors.network_members(network=network))
        organisations = {}
        for m in members:
            organisations.setdefault(m.organisation_id, {"organisation": m.organisation, "memberships": []})
            organisations[m.organisation_id]["memberships"].append(m)
        lines = list(selectors.network_lines(user=user, network=network))
        ctx = {
            "network": network,
            "manager": manager,
            "insider": insider,
            "show_people": user.is_authenticated,
            "member_organisations": list(organisations.values()),
            "leaders": [m for m in members if m.role in ("chair", "vice_chair", "secretary")],
            "composition": selectors.composition_report(network),
            "rules": list(network.rules.select_related("organisation")),
            "lines_out": [line for line in lines if line.source_id == network.pk],
            "lines_in": [line for line in lines if line.target_id == network.pk],
            "upcoming": list(selectors.meeting_list(user=user, network=network, upcoming=True)[:10]),
            "past": list(selectors.meeting_list(user=user, network=network, upcoming=False)[:12]),
            "minutes": list(selectors.published_minutes(user=user, network=network)[:12]),
            "open_actions": list(selectors.open_action_items(network=network)) if insider else [],
            "next_host": selectors.suggested_next_host(network),
            "today": timezone.localdate(),
            "membership_form": MembershipForm(initial={"start": timezone.localdate()}) if manager else None,
            "feed_url": request.build_absolute_uri(reverse("networks:network_feed", kwargs={"slug": network.slug})),
        }
        return render(request, "networks/network_detail.html", ctx)


class NetworkFormView(LoginRequiredMixin, View):
    template_name = "networks/network_form.html"

    def get_network(self, request, slug):
        if slug is None:
            if not can_create_network(request.user):
                raise PermissionDenied
            return None
        network = visible_network(request, slug)
        if not can_manage(request.user, network):
            raise PermissionDenied
        return network

    def get(self, request, slug=None):
        network = self.get_network(request, slug)
        form = NetworkForm(instance=network)
        return render(request, self.template_name, {"form": form, "network": network})

    def post(self, request, slug=None):
        network = self.get_network(request, slug)
        form = NetworkForm(request.POST, instance=network)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "focus_areas"}
            try:
                if network is None:
                    network = services.network_create(
                        data=data, actor=request.user, focus_areas=form.cleaned_data["focus_areas"]
                    )
                    messages.success(request, _("Nätverket är registrerat."))
                else:
                    services.network_update(
                        network=network, data=data, actor=request.user, focus_areas=form.cleaned_data["focus_areas"]
                    )
                    messages.success(request, _("Ändringarna är sparade."))
                return redirect(network.get_absolute_url())
            except ValidationError as exc:
                apply_errors(form, exc)
        return render(request, self.template_name, {"form": form, "network": network}, status=400)


class MembershipAddView(LoginRequiredMixin, View):
    def post(self, request, slug):
        network = visible_network(request, slug)
        if not can_manage(request.user, network):
            raise PermissionDenied
        form = MembershipForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.membership_add(
                    network=network,
                    organisation=d["organisation"],
                    person=d["person"],
                    role=d["role"],
                    start=d["start"],
                    end=d["end"],
                    note=d["note"],
                    actor=request.user,
                )
                messages.success(request, _("Medlemskapet är registrerat."))
                return redirect(network.get_absolute_url() + "#members-title")
            except ValidationError as exc:
                apply_errors(form, exc)
        return render(request, "networks/membership_form.html", {"form": form, "network": network}, status=400)

    def get(self, request, slug):
        network = visible_network(request, slug)
        if not can_manage(request.user, network):
            raise PermissionDenied
        form = MembershipForm(initial={"start": timezone.localdate()})
        return render(request, "networks/membership_form.html", {"form": form, "network": network})


@login_required
@require_POST
def membership_end(request, slug, pk):
    network = visible_network(request, slug)
    membership = get_object_or_404(Membership, network=network, pk=pk)
    try:
        services.membership_end(membership=membership, actor=request.user)
        messages.success(request, _("Medlemskapet är avslutat."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect(network.get_absolute_url() + "#members-title")
