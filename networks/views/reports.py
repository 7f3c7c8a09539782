"""The county's network inventory: participation table, load per organisation, reporting
lines; and its CSV."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from planportal.csvexport import csv_response

from .. import selectors
from ..diagram import reporting_lines_svg
from ..forms import ParticipationFilterForm
from ..models import Network


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
            focus_areas=selectors.focus_area_list(),
            selected={k: self.request.GET.get(k, "") for k in ("kind", "focus")},
        )
        return ctx


def participation_csv(request):
    """The networks × organisations table with purpose and governance, as CSV (Excel-friendly)."""
    table = selectors.participation_table(user=request.user, filters=request.GET)
    response, writer = csv_response("natverk-deltagande.csv")  # formula-safe cells
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
