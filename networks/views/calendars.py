"""The calendar feeds (RFC 5545): a network's, an organisation's, one meeting's, and each
user's personal feed at a secret address."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from .. import selectors, services
from ..calendars import build_calendar, feed_meetings, meeting_calendar
from ..models import CalendarToken, Network, Organisation
from .common import ics_response, visible_meeting, visible_network


def _since():
    return timezone.now() - timezone.timedelta(days=400)


def network_feed(request, slug):
    network = visible_network(request, slug)
    meetings = selectors.meeting_list(user=request.user, network=network).filter(starts_at__gte=_since())
    body = build_calendar(
        feed_meetings(meetings), name=_("%(name)s – möten") % {"name": network.name}, description=network.purpose[:200]
    )
    return ics_response(body, f"{network.slug}.ics")


def organisation_feed(request, slug):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    meetings = selectors.organisation_meetings(user=request.user, organisation=organisation, upcoming=False, limit=None)
    body = build_calendar(
        feed_meetings(meetings.filter(starts_at__gte=_since())),
        name=_("%(name)s – nätverksmöten") % {"name": organisation.name},
    )
    return ics_response(body, f"{organisation.slug}.ics")


def personal_feed(request, token):
    """A secret URL: whoever has it sees this user's meetings, without signing in (calendar apps cannot)."""
    calendar_token = get_object_or_404(CalendarToken.objects.select_related("user"), token=token)
    user = calendar_token.user
    if not user.is_active:
        raise Http404
    meetings = selectors.personal_meetings(user=user).filter(starts_at__gte=_since())
    body = build_calendar(feed_meetings(meetings), name=_("Mina nätverksmöten (Planportalen)"))
    return ics_response(body, "mina-moten.ics")


class MyCalendarView(LoginRequiredMixin, View):
    def get(self, request):
        token = services.calendar_token_for(request.user)
        url = request.build_absolute_uri(reverse("networks:personal_feed", kwargs={"token": token.token}))
        networks = Network.objects.insiders_of(request.user).order_by("name")
        return render(request, "networks/my_calendar.html", {"feed_url": url, "networks": networks})

    def post(self, request):
        services.calendar_token_reset(request.user)
        messages.success(request, _("Du har fått en ny adress. Den gamla fungerar inte längre."))
        return redirect("networks:my_calendar")


def meeting_ics(request, slug, pk):
    meeting = visible_meeting(request, slug, pk)
    return ics_response(meeting_calendar(meeting), f"mote-{meeting.pk}.ics")
