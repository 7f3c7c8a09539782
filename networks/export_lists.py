"""The registry's lists as files (exports app): organisations, municipalities, networks and
meetings, with the pages' filters and visibility (the selectors start from visible_to)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, OuterRef, When
from django.utils.translation import gettext_lazy as _

from exports import filters as check
from exports.registry import Column, portal_url, register_export

from . import selectors
from .models import FocusArea, Meeting, Network, Organisation
from .querysets import organisation_geometry


def _organisation_url():
    return Case(
        When(kind=Organisation.Kind.MUNICIPALITY, then=portal_url("networks:municipality_detail", slug="slug")),
        default=portal_url("networks:organisation_detail", slug="slug"),
    )


ORGANISATION_COLUMNS = [
    Column("name", _("Namn")),
    Column("short_name", _("Kortnamn")),
    Column("kind", _("Typ"), choices=Organisation.Kind.choices),
    Column("code", _("Kod")),
    Column("website", _("Webbplats")),
    Column("url", _("Länk"), source=lambda user: _organisation_url(), kind="url"),
]


def organisations(user, filters):
    check.choice(filters, "kind", Organisation.Kind.choices)
    return selectors.organisation_list(user=user, filters=filters)


register_export(
    "networks.organisations",
    label=_("Organisationer"),
    selector=organisations,
    filter_keys=("kind",),
    columns=ORGANISATION_COLUMNS,
    geometry=organisation_geometry(),
    filename="organisationer",
)

register_export(
    "networks.municipalities",
    label=_("Kommuner"),
    selector=lambda user, filters: selectors.municipality_list(user=user),
    columns=[column for column in ORGANISATION_COLUMNS if column.key != "kind"],
    geometry=organisation_geometry(),
    filename="kommuner",
)


def networks(user, filters):
    check.choice(filters, "kind", Network.Kind.choices)
    check.choice(filters, "status", Network.Status.choices)
    return selectors.network_list(user=user, filters=filters)


register_export(
    "networks.networks",
    label=_("Nätverk"),
    selector=networks,
    filter_keys=("kind", "organisation", "focus", "status", "q"),
    columns=[
        Column("name", _("Namn")),
        Column("short_name", _("Kortnamn")),
        Column("kind", _("Typ"), choices=Network.Kind.choices),
        Column("status", _("Status"), choices=Network.Status.choices),
        Column("convenor", _("Sammankallande organisation"), source="convenor__name"),
        Column("member_organisations", _("Medlemsorganisationer")),
        Column("next_meeting", _("Nästa möte")),
        Column(
            "focus_areas",
            _("Fokusområden"),
            source=ArraySubquery(FocusArea.objects.filter(networks=OuterRef("pk")).order_by("name").values("name")),
            kind="list",
        ),
        Column("url", _("Länk"), source=lambda user: portal_url("networks:network_detail", slug="slug"), kind="url"),
    ],
    filename="natverk",
)


def meetings(user, filters):
    check.choice(filters, "status", Meeting.Status.choices)
    check.date(filters, "from")
    check.date(filters, "to")
    upcoming = {"upcoming": True, "past": False}.get(filters.get("when"))
    check.choice(filters, "when", ("upcoming", "past"))
    qs = selectors.meeting_list(user=user, filters=filters, upcoming=upcoming)
    return qs if upcoming is not None else qs.order_by("starts_at", "pk")


register_export(
    "networks.meetings",
    label=_("Möten"),
    selector=meetings,
    filter_keys=("status", "network", "from", "to", "when"),
    columns=[
        Column("title", _("Rubrik")),
        Column("network", _("Nätverk"), source="network__name"),
        Column("starts_at", _("Start")),
        Column("ends_at", _("Slut")),
        Column("status", _("Status"), choices=Meeting.Status.choices),
        Column("location_name", _("Plats")),
        Column("address", _("Adress")),
        Column("host", _("Värd"), source="host__name"),
        Column("is_example", _("Exempeldata")),
        Column(
            "url",
            _("Länk"),
            source=lambda user: portal_url("networks:meeting_detail", slug="network__slug", pk="pk"),
            kind="url",
        ),
    ],
    geometry="point",
    filename="moten",
)
