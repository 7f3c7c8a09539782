"""The networks' section on organisation and municipality pages (planportal.registry)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors


def organisation_networks_section(organisation, request):
    user = request.user
    year = timezone.localdate().year
    load = selectors.organisation_load(user=user, year=year, organisation=organisation)
    name = "networks:municipality_feed" if organisation.is_municipality else "networks:organisation_feed"
    return {
        "title": _("Nätverk och möten"),
        "template": "networks/sections/organisation_networks.html",
        "order": 20,
        "networks": list(selectors.organisation_networks(user=user, organisation=organisation)),
        "meetings": list(selectors.organisation_meetings(user=user, organisation=organisation, limit=8)),
        "load": load[0] if load else None,
        "year": year,
        "organisation": organisation,
        "feed_url": reverse(name, kwargs={"slug": organisation.slug}),
    }


def organisation_take_homes_section(organisation, request):
    """What the organisation's representatives brought home from network meetings (hemtagande)."""
    take_homes = list(selectors.organisation_take_homes(user=request.user, organisation=organisation, limit=10))
    if not take_homes:
        return None
    return {
        "title": _("Hemtagande från nätverksmöten"),
        "template": "networks/sections/organisation_take_homes.html",
        "order": 25,
        "take_homes": take_homes,
    }
