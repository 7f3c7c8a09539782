"""7. Calendars (RFC 5545), parsed back with icalendar and checked field by field: stable UID,
SEQUENCE raised on every change, STATUS:CANCELLED, Europe/Stockholm with its VTIMEZONE, a
link back to the meeting; feeds per network, per organisation, personal (secret URL), per meeting."""

from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from networks import services
from networks.calendars import meeting_uid
from networks.models import CalendarToken

from .factories import MeetingFactory, NetworkFactory, in_days

pytestmark = pytest.mark.django_db


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _event(cal, meeting):
    [event] = [e for e in cal.walk("VEVENT") if str(e["UID"]) == meeting_uid(meeting)]
    return event


def test_the_network_feed_field_by_field(client, coming_meeting, settings):
    settings.SITE_URL = "https://planportal.example.org"
    cal = _parse(client.get("/natverk/fol/kalender.ics"))
    assert str(cal["VERSION"]) == "2.0" and "Planportalen" in str(cal["PRODID"])
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    event = _event(cal, coming_meeting)
    assert str(event["UID"]) == f"meeting-{coming_meeting.uid}@planportalen.regionorebrolan.se"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event["DTEND"].params["TZID"] == "Europe/Stockholm"
    start = event.decoded("DTSTART")
    assert (
        start == coming_meeting.starts_at
        and start.utcoffset() == start.astimezone(ZoneInfo("Europe/Stockholm")).utcoffset()
    )
    assert start.astimezone(ZoneInfo("Europe/Stockholm")).hour == 9
    assert str(event["URL"]) == f"https://planportal.example.org{coming_meeting.get_absolute_url()}"
    assert "FOL" in str(event["SUMMARY"]) and "Regionens hus" in str(event["LOCATION"])


def test_uid_is_stable_and_sequence_rises_on_every_change_and_cancel_is_cancelled(client, coming_meeting, coordinator):
    uid = str(_event(_parse(client.get("/natverk/fol/kalender.ics")), coming_meeting)["UID"])
    services.meeting_update(meeting=coming_meeting, data={"location_name": "Kumla kommunhus"}, actor=coordinator)
    event = _event(_parse(client.get("/natverk/fol/kalender.ics")), coming_meeting)
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 1 and "Kumla" in str(event["LOCATION"])
    services.meeting_update(meeting=coming_meeting, data={"location_name": "Kumla kommunhus"}, actor=coordinator)
    assert int(_event(_parse(client.get("/natverk/fol/kalender.ics")), coming_meeting)["SEQUENCE"]) == 1  # no change
    services.meeting_set_status(meeting=coming_meeting, status="agenda_closed", actor=coordinator)
    services.meeting_cancel(meeting=coming_meeting, reason="För få anmälda", actor=coordinator)
    event = _event(_parse(client.get("/natverk/fol/kalender.ics")), coming_meeting)
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 3
    assert str(event["STATUS"]) == "CANCELLED"
    assert "För få anmälda" in str(event["DESCRIPTION"])


def test_the_meeting_ics(client, coming_meeting):
    cal = _parse(client.get(coming_meeting.get_absolute_url() + "kalender.ics"))
    assert len(cal.walk("VEVENT")) == 1 and cal.walk("VTIMEZONE")
    assert str(_event(cal, coming_meeting)["UID"]) == meeting_uid(coming_meeting)


def test_the_organisation_feed_has_the_meetings_it_is_invited_to(client, coming_meeting, municipality, outside_planner):
    other = MeetingFactory(network=NetworkFactory(), starts_at=in_days(5))
    cal = _parse(client.get(f"/kommuner/{municipality.slug}/kalender.ics"))
    uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
    assert meeting_uid(coming_meeting) in uids and meeting_uid(other) not in uids
    empty = _parse(client.get("/kommuner/utanfor/kalender.ics"))
    assert empty.walk("VEVENT") == []


def test_the_personal_feed_at_a_secret_url(client, planner, coming_meeting):
    internal = NetworkFactory(internal=True, name="Internt nätverk")
    from .factories import MembershipFactory

    MembershipFactory(network=internal, organisation=planner.person.organisation, person=planner.person)
    internal_meeting = MeetingFactory(network=internal)
    unrelated = MeetingFactory(network=NetworkFactory())
    client.force_login(planner)
    page = client.get("/natverk/min-kalender/").content.decode()
    token = CalendarToken.objects.get(user=planner).token
    assert f"/natverk/kalender/{token}.ics" in page
    client.logout()
    cal = _parse(client.get(f"/natverk/kalender/{token}.ics"))  # no sign-in needed: the URL is the secret
    uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
    assert {meeting_uid(coming_meeting), meeting_uid(internal_meeting)} <= uids
    assert meeting_uid(unrelated) not in uids
    assert client.get("/natverk/kalender/wrong-token.ics").status_code == 404
    # a new address replaces the old one
    client.force_login(planner)
    client.post("/natverk/min-kalender/")
    client.logout()
    assert client.get(f"/natverk/kalender/{token}.ics").status_code == 404


def test_internal_meetings_are_not_in_public_feeds(client, municipality):
    internal = NetworkFactory(internal=True, slug="hemligt")
    from .factories import MembershipFactory

    MembershipFactory(network=internal, organisation=municipality)
    meeting = MeetingFactory(network=internal)
    assert client.get("/natverk/hemligt/kalender.ics").status_code == 404
    cal = _parse(client.get(f"/kommuner/{municipality.slug}/kalender.ics"))
    assert meeting_uid(meeting) not in {str(e["UID"]) for e in cal.walk("VEVENT")}
