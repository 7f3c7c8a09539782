"""Pages of the network registry: the list, a network, its form, and its memberships."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from planportal import roles
from planportal.forms import apply_service
from planportal.permissions import RoleRequiredMixin

from .. import selectors, services
from ..forms import MembershipForm, NetworkForm
from ..models import Membership, Network, Organisation
from ..permissions import can_create_network, can_manage, is_insider
from .common import NetworkManagerMixin, error_text, visible_network


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


class NetworkFormView(View):
    """Registering a network (coordinators and administrators: NetworkCreateView) or changing
    one (its coordinators: NetworkEditView); the form's input goes through the services."""

    template_name = "networks/network_form.html"
    network = None

    def render(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "network": self.network}, status=status)

    def get(self, request, slug=None):
        return self.render(NetworkForm(instance=self.network))

    def post(self, request, slug=None):
        form = NetworkForm(request.POST, instance=self.network)
        if not form.is_valid():
            return self.render(form, status=400)
        data = {k: v for k, v in form.cleaned_data.items() if k != "focus_areas"}
        focus_areas = form.cleaned_data["focus_areas"]
        if self.network is None:
            network = apply_service(
                form, services.network_create, data=data, actor=request.user, focus_areas=focus_areas
            )
            message = _("Nätverket är registrerat.")
        else:
            network = apply_service(
                form,
                services.network_update,
                network=self.network,
                data=data,
                actor=request.user,
                focus_areas=focus_areas,
            )
            message = _("Ändringarna är sparade.")
        if network is None:
            return self.render(form, status=400)
        messages.success(request, message)
        return redirect(network.get_absolute_url())


class NetworkCreateView(RoleRequiredMixin, NetworkFormView):
    required_roles = (roles.COORDINATOR, roles.ADMINISTRATOR)
    permission_denied_message = gettext_lazy("Bara samordnare kan registrera nätverk.")


class NetworkEditView(NetworkManagerMixin, NetworkFormView):
    pass


class MembershipAddView(NetworkManagerMixin, View):
    template_name = "networks/membership_form.html"

    def render(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "network": self.network}, status=status)

    def get(self, request, slug):
        return self.render(MembershipForm(initial={"start": timezone.localdate()}))

    def post(self, request, slug):
        form = MembershipForm(request.POST)
        if form.is_valid():
            membership = apply_service(
                form, services.membership_add, network=self.network, actor=request.user, **form.cleaned_data
            )
            if membership is not None:
                messages.success(request, _("Medlemskapet är registrerat."))
                return redirect(self.network.get_absolute_url() + "#members-title")
        return self.render(form, status=400)


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
