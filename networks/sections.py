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
        "feed_url": reverse(name, kwargs={"slug": organisation.slug}),
    }
