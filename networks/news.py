"""What is new in the networks for an organisation (planportal.registry.news_sources): meetings
newly planned or whose agenda was just published, and minutes just published, of the networks
the organisation is a member of (of every network the reader sees, without an organisation).
One query per source."""

from django.db.models import Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planportal.news import NewsItem
from planportal.registry import register_news_source

from .models import Meeting, Membership, Minutes


def _meetings_for(user, organisation):
    meetings = Meeting.objects.visible_to(user)
    if organisation is None:
        return meetings
    member_networks = Membership.objects.active().filter(organisation=organisation).values("network_id")
    return meetings.filter(network__in=member_networks).filter(
        Q(invited_group__isnull=True) | Q(invited_group__organisations=organisation)
    )


def new_meetings(user, organisation, since, limit):
    """Coming meetings planned, or with their agenda published, since `since`."""
    meetings = (
        _meetings_for(user, organisation)
        .upcoming()
        .not_cancelled()
        .filter(Q(created_at__gte=since) | Q(agenda_published_at__gte=since))
        .select_related("network")
        .distinct()
        .annotate(news_at=Greatest("created_at", "agenda_published_at"))  # PostgreSQL's ignores NULL
        .order_by("-news_at", "pk")[:limit]
    )
    items = []
    for meeting in meetings:
        published = meeting.agenda_published_at is not None and meeting.agenda_published_at >= since
        what = _("Dagordningen är publicerad") if published else _("Nytt möte")
        day = timezone.localdate(meeting.starts_at)
        items.append(
            NewsItem(
                title=f"{meeting.network.display_name}: {meeting.title}",
                url=meeting.get_absolute_url(),
                at=meeting.news_at,
                detail=_("%(what)s; mötet hålls %(day)s") % {"what": what, "day": f"{day:%Y-%m-%d}"},
                is_example=meeting.is_example,
            )
        )
    return items


def new_minutes(user, organisation, since, limit):
    """Minutes published since `since` (published minutes are read by everyone who sees the meeting)."""
    minutes = (
        Minutes.objects.filter(status=Minutes.Status.PUBLISHED, published_at__gte=since)
        .filter(meeting__in=_meetings_for(user, organisation).values("pk"))
        .select_related("meeting__network")
        .order_by("-published_at", "pk")[:limit]
    )
    return [
        NewsItem(
            title=f"{m.meeting.network.display_name}: {m.meeting.title}",
            url=m.meeting.get_absolute_url() + "#minutes-title",
            at=m.published_at,
            detail=_("Protokollet från mötet %(day)s är publicerat")
            % {"day": f"{timezone.localdate(m.meeting.starts_at):%Y-%m-%d}"},
            is_example=m.meeting.is_example,
        )
        for m in minutes
    ]


register_news_source("meetings", gettext_lazy("Möten"), new_meetings, order=20)
register_news_source("minutes", gettext_lazy("Protokoll"), new_minutes, order=30)
