"""What referrals add to other apps' pages, registered in ReferralsConfig.ready() through
`register()`: the municipality page's section (its open and recent cases), a layer on the
portal map (/karta/), and links from FOL agenda items to the cases they discuss."""

import json

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def municipality_referrals_section(organisation, request):
    """On a sender's page (a municipality or another body): its open cases and recent ones."""
    from . import selectors_public as public
    from .querysets import is_case_officer

    open_cases, recent_cases = public.sender_cases(user=request.user, organisation=organisation)
    if not open_cases and not recent_cases:
        return None
    user = request.user
    layers = [
        _cases_layer(open_cases, key="open-referrals", name=_("Pågående remisser"), color="#b35900", user=user),
        _cases_layer(
            recent_cases, key="recent-referrals", name=_("Senast avslutade remisser"), color="#1d7a35", user=user
        ),
    ]
    on_map = {feature["id"] for layer in layers for feature in layer["geojson"]["features"]}
    return {
        "title": _("Remisser till Regionen"),
        "template": "referrals/public/municipality_section.html",
        "order": 30,
        "open_cases": open_cases,
        "recent_cases": recent_cases,
        "without_area": {case.pk for case in (*open_cases, *recent_cases) if case.pk not in on_map},
        "organisation": organisation,
        "officer": is_case_officer(request.user),
        "register_url": reverse("referrals:register") + f"?municipality={organisation.slug}",
        # On the page's map (networks' organisation page), listed by this section.
        "map_layers": [layer for layer in layers if layer["geojson"]["features"]],
    }


def _cases_layer(cases, *, key, name, color, user) -> dict:
    """A map layer (static/js/map.js) of these cases' plan areas, their GeoJSON inline: one query."""
    from . import selectors_public as public
    from .models import Referral

    geojson = {"type": "FeatureCollection", "features": []}
    if cases:
        geojson = json.loads(
            public.areas_of(Referral.objects.visible_to(user).filter(pk__in=[c.pk for c in cases]), user=user)
        )
    return {
        "key": key,
        "name": name,
        "geojson": geojson,
        "kind": "polygon",
        "color": color,
        "popup": "plan_name",
        "detail": "diary_number",
        "link": "url",
        "fit": True,
    }


def referral_map_layers(request):
    """The cases' plan areas on the portal map as vector tiles (referrals/api/tiles.py), ongoing
    and closed as two layers coloured by status, with the year filter (diary year), the list of
    what is in view (the in-view API) and the referral map as their list."""
    from .models import Referral
    from .views.maps import STATUS_COLOURS

    years = sorted(
        Referral.objects.visible_to(request.user)
        .filter(area__isnull=False)
        .order_by()
        .values_list("diary_year", flat=True)
        .distinct()
    )
    tiles = reverse("referral-tiles", kwargs={"z": 0, "x": 0, "y": 0}).replace("0/0/0.pbf", "{z}/{x}/{y}.pbf")
    classes = {value: {"label": str(label), "color": STATUS_COLOURS[value]} for value, label in Referral.Status.choices}
    layers = []
    for key, name, status, on, color in (
        ("referrals-open", _("Pågående remisser"), "open", True, STATUS_COLOURS["registered"]),
        ("referrals-closed", _("Avslutade remisser"), "closed", False, STATUS_COLOURS["answered"]),
    ):
        statuses = [str(s) for s in (Referral.OPEN_STATUSES if status == "open" else ("answered", "declined"))]
        layers.append(
            {
                "key": key,
                "name": name,
                "kind": "mvt",
                "tiles": f"{tiles}?status={status}",
                "color": color,
                "class_property": "status",
                "classes": {s: classes[s] for s in statuses},
                "popup": "plan_name",
                "detail": "diary_number",
                "link": "url",
                "years": years,
                "year_param": "year",
                "list_api": f"{reverse('referrals-in-view')}?status={status}",
                "list_url": f"{reverse('referrals:map')}?status={status}",
                "list_label": _("remisserna som lista och karta"),
                "on": on,
                "order": 10,
            }
        )
    return layers


class PublicCaseLink:
    """A linked case as an agenda item shows it: its diary number and name, linking to the
    register page, which everyone who can see the meeting may open (the officers' case page
    is for case officers; the register page links on to it for them)."""

    def __init__(self, referral):
        self.referral = referral
        self.pk = referral.pk

    def __str__(self):
        return str(self.referral)

    def get_absolute_url(self):
        return self.referral.get_public_url()


def register():
    from networks.registry import register_agenda_item_link_provider
    from planportal.registry import register_map_layers, register_organisation_section

    from .models import Referral

    register_organisation_section(municipality_referrals_section)
    register_map_layers(referral_map_layers)
    register_agenda_item_link_provider(
        field_name="referrals",
        label=gettext_lazy("Remisser"),
        queryset=lambda user: Referral.objects.visible_to(user).select_related("sender"),
        save=lambda item, objects, actor: item.referrals.set(objects),
        current=lambda item: [PublicCaseLink(r) for r in item.referrals.all()],
        help_text=gettext_lazy("Remisser som punkten behandlar."),
        order=30,
    )
