"""Pages of the network registry: the list, a network, its forms, the county's participation
table and load, and the calendar feeds."""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import ListView, TemplateView

from . import selectors, services
from .calendars import build_calendar, feed_meetings
from .diagram import reporting_lines_svg
from .forms import MembershipForm, NetworkForm, ParticipationFilterForm
from .models import CalendarToken, FocusArea, Membership, Network, NetworkLine, Organisation
from .permissions import can_create_network, can_manage, is_insider


def friendly_403(view):
    """A refused action gets the service's Swedish reason on a page of its own (status 403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            message = str(exc) or _("Du har inte behörighet att göra det här.")
            return render(request, "networks/forbidden.html", {"message": message}, status=403)

    return wrapper


def apply_errors(form, exc: ValidationError):
    """Puts a service's ValidationError on the form: beside its field (an agenda item's link
    field is `link_<name>`), or at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            if field not in form.fields and f"link_{field}" in form.fields:
                field = f"link_{field}"
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def visible_network(request, slug) -> Network:
    try:
        return selectors.network_detail(user=request.user, slug=slug)
    except Network.DoesNotExist:
        raise Http404(_("Nätverket finns inte, eller så har du inte behörighet att se det."))


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
            "composition": services.composition_report(network),
            "rules": list(network.rules.select_related("organisation")),
            "lines_out": [line for line in lines if line.source_id == network.pk],
            "lines_in": [line for line in lines if line.target_id == network.pk],
            "upcoming": list(selectors.meeting_list(user=user, network=network, upcoming=True)[:10]),
            "past": list(selectors.meeting_list(user=user, network=network, upcoming=False)[:12]),
            "minutes": list(selectors.published_minutes(user=user, network=network)[:12]),
            "open_actions": list(selectors.open_action_items(network=network)) if insider else [],
            "next_host": services.suggested_next_host(network),
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


class ParticipationView(TemplateView):
    """The county's network inventory: load per organisation, networks × organisations, and
    the reporting lines."""

    template_name = "networks/participation.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ParticipationFilterForm(self.request.GET or None)
        year = form.cleaned_data.get("year") if form.is_valid() else None
        year = year or timezone.localdate().year
        user = self.request.user
        table = selectors.participation_table(user=user, filters=self.request.GET)
        lines = list(selectors.network_lines(user=user))
        ctx.update(
            form=form,
            year=year,
            load=selectors.organisation_load(user=user, year=year),
            table=table,
            lines=lines,
            diagram=reporting_lines_svg(
                lines,
                title=_("Rapporteringsvägar mellan nätverken"),
                description=_(
                    "Pilarna visar vilka nätverk som rapporterar till eller bereder ärenden för andra. "
                    "Samma linjer finns som lista under bilden."
                ),
            ),
            kinds=Network.Kind.choices,
            focus_areas=FocusArea.objects.order_by("name"),
            selected={k: self.request.GET.get(k, "") for k in ("kind", "focus")},
        )
        return ctx


def participation_csv(request):
    """The networks × organisations table with purpose and governance, as CSV (Excel-friendly)."""
    table = selectors.participation_table(user=request.user, filters=request.GET)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="natverk-deltagande.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    orgs = table["organisations"]
    writer.writerow(
        [
            _("Nätverk"),
            _("Kortnamn"),
            _("Typ"),
            _("Syfte"),
            _("Mandat"),
            _("Sammankallande"),
            _("Rapporterar till / bereder för"),
            _("Status"),
            _("Antal organisationer"),
            *[o.name for o in orgs],
        ]
    )
    for row in table["rows"]:
        n = row["network"]
        lines = "; ".join(f"{line.get_kind_display()} {line.target}" for line in n.lines_out.all())
        writer.writerow(
            [
                n.name,
                n.short_name,
                n.get_kind_display(),
                n.purpose,
                n.get_mandate_display(),
                n.convenor.name if n.convenor else "",
                lines,
                n.get_status_display(),
                row["total"],
                *row["counts"],
            ]
        )
    return response


# --- calendars ---------------------------------------------------------------------------------


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _since():
    return timezone.now() - timezone.timedelta(days=400)


def network_feed(request, slug):
    network = visible_network(request, slug)
    meetings = selectors.meeting_list(user=request.user, network=network).filter(starts_at__gte=_since())
    body = build_calendar(feed_meetings(meetings), name=f"{network.name} – möten", description=network.purpose[:200])
    return _ics(body, f"{network.slug}.ics")


def organisation_feed(request, slug):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    meetings = selectors.organisation_meetings(user=request.user, organisation=organisation, upcoming=False, limit=None)
    body = build_calendar(
        feed_meetings(meetings.filter(starts_at__gte=_since())), name=f"{organisation.name} – nätverksmöten"
    )
    return _ics(body, f"{organisation.slug}.ics")


def personal_feed(request, token):
    """A secret URL: whoever has it sees this user's meetings, without signing in (calendar apps cannot)."""
    calendar_token = get_object_or_404(CalendarToken.objects.select_related("user"), token=token)
    user = calendar_token.user
    if not user.is_active:
        raise Http404
    meetings = selectors.personal_meetings(user=user).filter(starts_at__gte=_since())
    body = build_calendar(feed_meetings(meetings), name=_("Mina nätverksmöten (Planportalen)"))
    return _ics(body, "mina-moten.ics")


class MyCalendarView(LoginRequiredMixin, View):
    def get(self, request):
        token = services.calendar_token_for(request.user)
        url = request.build_absolute_uri(reverse("networks:personal_feed", kwargs={"token": token.token}))
        networks = selectors.Network.objects.insiders_of(request.user).order_by("name")
        return render(request, "networks/my_calendar.html", {"feed_url": url, "networks": networks})

    def post(self, request):
        services.calendar_token_reset(request.user)
        messages.success(request, _("Du har fått en ny adress. Den gamla fungerar inte längre."))
        return redirect("networks:my_calendar")


def lines_description(lines: list[NetworkLine]) -> str:
    return "; ".join(str(line) for line in lines)
