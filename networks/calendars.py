"""RFC 5545 calendars of meetings, built with icalendar: one VEVENT per meeting with a
stable UID, a SEQUENCE raised on every change, STATUS:CANCELLED for cancelled meetings,
times in Europe/Stockholm with the zone's VTIMEZONE, and a link back to the meeting."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.gis.geos import Point
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from planportal.geo import WGS84

from .models import Meeting

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PRODID = "-//Region Örebro län//Planportalen//SV"
UID_DOMAIN = "planportalen.regionorebrolan.se"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.uid}@{UID_DOMAIN}"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def meeting_event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at.astimezone(ZoneInfo("UTC")))
    event.add("last-modified", meeting.updated_at.astimezone(ZoneInfo("UTC")))
    event.add("created", meeting.created_at.astimezone(ZoneInfo("UTC")))
    event.add("dtstart", timezone.localtime(meeting.starts_at, STOCKHOLM))
    event.add("dtend", timezone.localtime(meeting.ends_at, STOCKHOLM))
    summary = f"{meeting.network}: {meeting.title}"
    event.add("summary", _("INSTÄLLT: %(summary)s") % {"summary": summary} if meeting.is_cancelled else summary)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    url = _absolute(meeting.get_absolute_url())
    event.add("url", url)
    place = ", ".join(p for p in (meeting.location_name, meeting.address) if p)
    if not place and meeting.online_url:
        place = meeting.online_url
    if place:
        event.add("location", place)
    if meeting.point is not None:
        point = Point(meeting.point.x, meeting.point.y, srid=meeting.point.srid)
        point.transform(WGS84)
        event.add("geo", (round(point.y, 6), round(point.x, 6)))
    lines = [meeting.network.name]
    if meeting.is_cancelled and meeting.cancelled_reason:
        lines.append(_("Inställt: %(reason)s") % {"reason": meeting.cancelled_reason})
    if meeting.description:
        lines.append(meeting.description)
    if meeting.online_url:
        lines.append(_("Digitalt möte: %(url)s") % {"url": meeting.online_url})
    if meeting.host_id:
        lines.append(_("Värd: %(host)s") % {"host": meeting.host.name})
    lines.append(_("Mer om mötet: %(url)s") % {"url": url})
    event.add("description", "\n\n".join(lines))
    return event


def build_calendar(meetings, *, name: str, description: str = "") -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Stockholm")
    if description:
        cal.add("x-wr-caldesc", description)
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    first = None
    last = None
    for meeting in meetings:
        cal.add_component(meeting_event(meeting))
        start = timezone.localtime(meeting.starts_at, STOCKHOLM).date()
        first = start if first is None or start < first else first
        last = start if last is None or start > last else last
    if first is not None:
        # Only the transitions the events need, instead of 1970–2038.
        cal.add_missing_timezones(first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 2, 1, 1))
    return cal.to_ical()


def feed_meetings(queryset):
    return queryset.select_related("network", "host").order_by("starts_at")


def meeting_calendar(meeting: Meeting) -> bytes:
    return build_calendar([meeting], name=f"{meeting.network}: {meeting.title}")
