"""A meeting's place is checked once, by the meeting services, with the portal's one
Sweden-bounds check (planportal.geo.within_sweden): the page form and the API only turn
latitude and longitude into a point. A place outside Sweden (or nowhere on earth) is named
beside the latitude on the page and under `point` in the API; nothing is saved, never a 500."""

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from networks import services
from networks.models import Meeting

from .factories import in_days

pytestmark = pytest.mark.django_db

OUTSIDE = "Platsen ligger utanför Sverige."


def _form(lat, lon):
    return {
        "title": "Möte",
        "date": "2031-03-05",
        "start_time": "09:00",
        "end_time": "10:00",
        "status": "planned",
        "latitude": lat,
        "longitude": lon,
    }


@pytest.mark.parametrize("lat, lon", [("48.85", "2.35"), ("200", "15.2"), ("59.27", "400")])
def test_the_page_names_a_place_outside_sweden_beside_the_latitude(client, fol, coordinator, lat, lon):
    client.force_login(coordinator)
    response = client.post("/natverk/fol/moten/nytt/", _form(lat, lon))
    assert response.status_code == 400
    assert response.context["form"].errors["latitude"][0].startswith(OUTSIDE)
    assert not Meeting.objects.exists()


def test_the_page_stores_a_place_in_sweden_in_sweref(client, fol, coordinator):
    client.force_login(coordinator)
    assert client.post("/natverk/fol/moten/nytt/", _form("59.2741", "15.2066")).status_code == 302
    point = Meeting.objects.get().point
    assert point.srid == 3006 and 500_000 < point.x < 520_000 and 6_560_000 < point.y < 6_590_000


@pytest.mark.parametrize("lat, lon", [(48.85, 2.35), (95.0, 15.2)])
def test_the_api_refuses_a_place_outside_sweden(client, fol, coordinator, lat, lon):
    client.force_login(coordinator)
    body = {
        "network": "fol",
        "title": "Utomlands",
        "starts_at": in_days(30).isoformat(),
        "ends_at": in_days(30, 12).isoformat(),
        "latitude": lat,
        "longitude": lon,
    }
    response = client.post("/api/v1/meetings/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["point"][0].startswith(OUTSIDE)
    assert not Meeting.objects.exists()


def test_changing_a_meeting_to_a_place_outside_sweden_changes_nothing(coming_meeting, coordinator):
    before = coming_meeting.point
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(
            meeting=coming_meeting, data={"title": "Nytt", "point": Point(2.35, 48.85, srid=4326)}, actor=coordinator
        )
    assert exc.value.message_dict["point"][0].startswith(OUTSIDE)
    coming_meeting.refresh_from_db()
    assert coming_meeting.point == before and coming_meeting.title != "Nytt"
