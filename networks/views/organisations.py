"""Pages of the organisation registry: the municipalities, the organisations, and one organisation's page
(with the sections other apps register)."""

import json

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from planportal.geo import feature_collection
from planportal.registry import sections_for

from .. import selectors
from ..models import Organisation
from ..querysets import organisation_geometry


class MunicipalityListView(ListView):
    template_name = "networks/municipality_list.html"
    context_object_name = "municipalities"

    def get_queryset(self):
        return selectors.municipality_list(user=self.request.user)


class OrganisationListView(ListView):
    template_name = "networks/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 100

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user, filters=self.request.GET)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["kinds"] = Organisation.Kind.choices
        ctx["selected_kind"] = self.request.GET.get("kind", "")
        return ctx


class OrganisationDetailView(DetailView):
    template_name = "networks/organisation_detail.html"
    context_object_name = "organisation"
    municipality = False

    def get_object(self, queryset=None):
        qs = Organisation.objects.visible_to(self.request.user)
        qs = qs.filter(kind=Organisation.Kind.MUNICIPALITY) if self.municipality else qs
        return get_object_or_404(qs, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = self.object
        ctx["people"] = selectors.person_list(user=self.request.user, organisation=org)
        ctx["sections"] = sections = sections_for(org, self.request)
        ctx["has_geometry"] = bool(org.boundary or org.seat)
        # One map of the organisation: its outline, and what the sections put on it (a section's
        # "map_layers"; the section lists the same features, so the map is never the only way).
        layers = []
        if ctx["has_geometry"]:
            geojson = organisation_feature_collection(Organisation.objects.filter(pk=org.pk))
            layers.append(
                {
                    "key": "organisation",
                    "name": org.name,
                    "geojson": json.loads(geojson),
                    "color": "#005a9c",
                    "fillOpacity": 0.05,
                    "fit": True,
                }
            )
        for number, section in enumerate(sections, start=1):
            section["anchor"] = f"section-{number}"
            for layer in section.get("map_layers") or ():
                # framed on the organisation when it has an outline, else on the sections' features
                layers.append({**layer, "fit": layer.get("fit", False) and not ctx["has_geometry"]})
        ctx["map_sections"] = [s for s in sections if s.get("map_layers")]
        ctx["show_map"] = bool(layers)
        if layers:
            ctx["map_layers_json"] = json.dumps(layers)
        return ctx


def organisation_feature_collection(qs) -> str:
    return feature_collection(
        qs,
        geometry=organisation_geometry(),
        properties={"name": "name", "code": "code", "slug": "slug"},
    )
