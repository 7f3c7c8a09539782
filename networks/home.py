"""The signed-in person's cards on the home page (planportal.registry.home_cards): their
organisation (one click to its page), its next meetings and the invitations it has not
answered, the networks they coordinate with those networks' next meetings and open proposals,
and "Min kalender". Each card costs a fixed number of queries, whatever the number of rows."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planportal.registry import register_home_card
from planportal.roles import user_organisation

from .models import AgendaItem, Invitation, Meeting, Network
from .selectors.meetings import organisation_meetings

LIMIT = 5


@register_home_card
def your_organisation(request):
    organisation = user_organisation(request.user)
    if organisation is None:
        return None
    return {
        "title": _("Din kommun") if organisation.is_municipality else _("Din organisation"),
        "template": "networks/home/organisation.html",
        "order": 10,
        "organisation": organisation,
    }


@register_home_card
def your_meetings(request):
    user = request.user
    organisation = user_organisation(user)
    if organisation is None:
        return None
    meetings = list(organisation_meetings(user=user, organisation=organisation, limit=LIMIT))
    owed = (
        Invitation.objects.visible_to(user)
        .filter(organisation=organisation, reply=Invitation.Reply.NONE, meeting__starts_at__gte=timezone.now())
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting", "meeting__network", "person")
        .order_by("meeting__starts_at", "pk")
    )
    return {
        "title": _("Era nästa möten"),
        "template": "networks/home/meetings.html",
        "order": 20,
        "organisation": organisation,
        "meetings": meetings,
        "owed": list(owed[:LIMIT]),
        "owed_count": owed.count(),
    }


@register_home_card
def coordinated_networks(request):
    user = request.user
    networks = Network.objects.filter(coordinators=user)
    names = list(networks.order_by("name").values_list("name", flat=True)[: LIMIT + 1])
    if not names:
        return None
    now = timezone.now()
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(network__in=networks, starts_at__gte=now)
        .not_cancelled()
        .select_related("network")
        .order_by("starts_at")
    )
    proposals = (
        AgendaItem.objects.visible_to(user)
        .filter(meeting__network__in=networks, meeting__starts_at__gte=now, status=AgendaItem.Status.PROPOSED)
        .select_related("meeting", "meeting__network")
        .order_by("meeting__starts_at", "pk")
    )
    return {
        "title": _("Nätverk du samordnar"),
        "template": "networks/home/coordinated.html",
        "order": 30,
        "networks": names[:LIMIT],
        "more_networks": len(names) > LIMIT,
        "meetings": list(meetings[:LIMIT]),
        "proposals": list(proposals[:LIMIT]),
        "proposal_count": proposals.count(),
    }


@register_home_card
def my_calendar(request):
    return {
        "title": _("Min kalender"),
        "template": "networks/home/calendar.html",
        "order": 90,
        "url": reverse("networks:my_calendar"),
    }
