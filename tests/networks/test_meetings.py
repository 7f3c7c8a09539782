"""3. Meetings one at a time or as a series, in Europe/Stockholm time, with place and/or
online link, host (and a suggested next host), status, and invited groups."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from networks import services
from networks.models import Invitation, Meeting, MeetingSeries, MemberGroup

from .factories import MeetingFactory, MembershipFactory, in_days

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_a_single_meeting_with_place_point_online_link_and_host(fol, coordinator, municipality):
    point = Point(515000, 6571000, srid=3006)
    meeting, warnings = services.meeting_schedule(
        network=fol,
        data={
            "title": "FOL-möte",
            "starts_at": in_days(30),
            "ends_at": in_days(30, hour=12),
            "location_name": "Kumla kommunhus",
            "address": "Torget 1, Kumla",
            "point": point,
            "online_url": "https://meet.example.org/fol",
            "host": municipality,
        },
        actor=coordinator,
    )
    meeting.refresh_from_db()
    assert meeting.starts_at.astimezone(STOCKHOLM).hour == 9
    assert meeting.point.equals(point) and meeting.host == municipality
    assert meeting.status == Meeting.Status.PLANNED and warnings == []
    # every member organisation's contact person is invited
    assert {i.organisation.name for i in meeting.invitations.select_related("organisation")} == {
        "Region Örebro län",
        "Exempelkommun",
        "Grannkommun",
    }


def test_an_end_before_the_start_is_refused(fol, coordinator):
    with pytest.raises(ValidationError) as err:
        services.meeting_schedule(
            network=fol, data={"title": "X", "starts_at": in_days(3, 13), "ends_at": in_days(3, 10)}, actor=coordinator
        )
    assert "sluta efter att det börjar" in err.value.message_dict["ends_at"][0]
    assert not Meeting.objects.exists()


def test_a_series_by_count_keeps_stockholm_wall_clock_time_across_daylight_saving(fol, coordinator):
    # Second Thursday every month from February: crosses the switch to summer time in March.
    first = datetime(2031, 2, 13, 9, 0, tzinfo=STOCKHOLM)
    series, meetings, _w = services.meeting_series_schedule(
        network=fol,
        title="FOL-möte",
        rrule="FREQ=MONTHLY;BYDAY=+2TH",
        first_start=first,
        duration_minutes=180,
        count=4,
        actor=coordinator,
    )
    starts = [m.starts_at.astimezone(STOCKHOLM) for m in meetings]
    assert [s.date() for s in starts] == [date(2031, 2, 13), date(2031, 3, 13), date(2031, 4, 10), date(2031, 5, 8)]
    assert {s.time() for s in starts} == {time(9, 0)}
    assert {m.ends_at - m.starts_at for m in meetings} == {timedelta(hours=3)}
    assert starts[0].utcoffset() == timedelta(hours=1) and starts[2].utcoffset() == timedelta(hours=2)
    assert all(m.series == series for m in meetings) and series.count == 4


def test_a_series_by_end_date(fol, coordinator):
    _series, meetings, _w = services.meeting_series_schedule(
        network=fol,
        title="Veckomöte",
        rrule="FREQ=WEEKLY;INTERVAL=2",
        first_start=datetime(2031, 9, 1, 13, 0, tzinfo=STOCKHOLM),
        duration_minutes=60,
        until=date(2031, 10, 13),
        actor=coordinator,
    )
    assert [m.starts_at.astimezone(STOCKHOLM).date().isoformat() for m in meetings] == [
        "2031-09-01",
        "2031-09-15",
        "2031-09-29",
        "2031-10-13",
    ]


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({}, "until"),
        ({"count": 3, "until": date(2031, 12, 1)}, "count"),
        ({"count": 3, "rrule": "FREQ=NOPE"}, "rrule"),
        ({"count": 3, "rrule": "FREQ=WEEKLY;COUNT=3"}, "rrule"),
        ({"count": 500}, "count"),
    ],
)
def test_a_series_without_end_or_count_or_with_a_bad_rule_is_refused(fol, coordinator, kwargs, field):
    args = {"rrule": "FREQ=WEEKLY", **kwargs}
    with pytest.raises(ValidationError) as err:
        services.meeting_series_schedule(
            network=fol,
            title="Serie",
            first_start=datetime(2031, 9, 1, 13, 0, tzinfo=STOCKHOLM),
            duration_minutes=60,
            actor=coordinator,
            **args,
        )
    assert field in err.value.message_dict
    assert not MeetingSeries.objects.exists() and not Meeting.objects.exists()


def test_a_meeting_for_a_group_of_members_invites_only_them(fol, coordinator, other_municipality):
    rural = MemberGroup.objects.create(network=fol, name="Landsbygdskommuner")
    rural.organisations.set([other_municipality])
    meeting, _w = services.meeting_schedule(
        network=fol,
        data={"title": "Landsbygdsträff", "starts_at": in_days(9), "ends_at": in_days(9, 11), "invited_group": rural},
        actor=coordinator,
    )
    assert list(meeting.invitations.values_list("organisation__name", flat=True)) == ["Grannkommun"]


def test_rotating_host_suggests_who_hosted_longest_ago(fol, municipality, other_municipality, region):
    fol.rotating_host = True
    fol.save()
    MeetingFactory(network=fol, past=True, host=other_municipality, starts_at=in_days(-100))
    MeetingFactory(network=fol, past=True, host=region, starts_at=in_days(-50))
    assert services.suggested_next_host(fol) == municipality  # never hosted
    MeetingFactory(network=fol, past=True, host=municipality, starts_at=in_days(-10))
    assert services.suggested_next_host(fol) == other_municipality


def test_status_changes_follow_the_meeting_life(coming_meeting, coordinator):
    services.meeting_set_status(meeting=coming_meeting, status="agenda_closed", actor=coordinator)
    with pytest.raises(ValidationError):  # not before it has started
        services.meeting_set_status(meeting=coming_meeting, status="held", actor=coordinator)
    with pytest.raises(ValidationError):
        services.meeting_set_status(meeting=coming_meeting, status="minutes_approved", actor=coordinator)
    services.meeting_cancel(meeting=coming_meeting, reason="Sjukdom", actor=coordinator)
    coming_meeting.refresh_from_db()
    assert coming_meeting.status == "cancelled" and coming_meeting.cancelled_reason == "Sjukdom"


def test_a_new_member_is_invited_to_coming_meetings(coming_meeting, fol, coordinator):
    from tests.factories import OrganisationFactory, PersonFactory

    newcomer = OrganisationFactory(name="Länsstyrelsen i Örebro län", slug="lst", kind="county_board")
    person = PersonFactory(organisation=newcomer)
    services.membership_add(network=fol, organisation=newcomer, person=person, role="contact_person", actor=coordinator)
    assert Invitation.objects.filter(meeting=coming_meeting, person=person).exists()


def test_scheduling_warns_about_other_networks_meetings_the_same_day(fol, coordinator, municipality):
    from .factories import NetworkFactory

    kcrd = NetworkFactory(name="KC/RD-gruppen", short_name="KC/RD")
    MembershipFactory(network=kcrd, organisation=municipality)
    MeetingFactory(network=kcrd, starts_at=in_days(12, 13), title="KC/RD-möte")
    _m, warnings = services.meeting_schedule(
        network=fol, data={"title": "FOL", "starts_at": in_days(12, 9), "ends_at": in_days(12, 12)}, actor=coordinator
    )
    assert len(warnings) == 1
    assert warnings[0]["meeting"].network == kcrd and warnings[0]["organisations"] == ["Exempelkommun"]
    # another day: nothing to warn about
    _m, warnings = services.meeting_schedule(
        network=fol, data={"title": "FOL", "starts_at": in_days(13, 9), "ends_at": in_days(13, 12)}, actor=coordinator
    )
    assert warnings == []
