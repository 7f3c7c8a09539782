"""10. Pages: the network list with filters, the network page, the meeting page, the
organisation and municipality pages; query counts for the lists; forms in Swedish."""

import pytest

from networks import services
from networks.models import Meeting

from .factories import FocusAreaFactory, MeetingFactory, MembershipFactory, NetworkFactory, in_days

pytestmark = pytest.mark.django_db


def _networks(n, area):
    for _ in range(n):
        network = NetworkFactory()
        network.focus_areas.add(area)
        MembershipFactory(network=network)
        MeetingFactory(network=network)


def test_network_list_filters_by_kind_organisation_and_focus_area(client, fol, municipality):
    area = FocusAreaFactory(name="Energi och klimat", slug="energi")
    council = NetworkFactory(name="Regionala samverkansrådet", kind="council")
    council.focus_areas.add(area)
    assert "Regionala samverkansrådet" in client.get("/natverk/").content.decode()
    body = client.get("/natverk/?kind=forum").content.decode()
    assert "Forum för fysisk planering" in body and "Regionala samverkansrådet" not in body
    body = client.get(f"/natverk/?organisation={municipality.slug}").content.decode()
    assert "Forum för fysisk planering" in body and "Regionala samverkansrådet" not in body
    body = client.get("/natverk/?focus=energi").content.decode()
    assert "Regionala samverkansrådet" in body and "Forum för fysisk planering" not in body


@pytest.mark.parametrize("url", ["/natverk/", "/api/v1/networks/", "/natverk/deltagande/"])
def test_network_lists_cost_the_same_queries_for_1_and_25_networks(client, count_queries, url):
    area = FocusAreaFactory()
    _networks(1, area)
    few, _ = count_queries(lambda: client.get(url))
    _networks(24, area)
    many, response = count_queries(lambda: client.get(url))
    assert response.status_code == 200
    assert few == many, (few, many)


@pytest.mark.parametrize("url", ["/api/v1/meetings/", "/api/v1/memberships/", "/api/v1/agenda-items/"])
def test_api_lists_cost_the_same_queries_for_1_and_25_rows(client, count_queries, url, coordinator, fol):
    from .factories import AgendaItemFactory

    client.force_login(coordinator)

    def rows(n):
        for _ in range(n):
            meeting = MeetingFactory(network=fol)
            AgendaItemFactory(meeting=meeting)
            MembershipFactory(network=fol)

    rows(1)
    client.get(url)  # warm the per-user caches
    few, _ = count_queries(lambda: client.get(url))
    rows(24)
    many, response = count_queries(lambda: client.get(url))
    assert response.status_code == 200 and response.json()["count"] >= 25
    assert few == many, (few, many)


def test_the_network_page(client, fol, coming_meeting, held_meeting, coordinator):
    services.minutes_save(meeting=held_meeting, text="Text", summary="Hemtagande om strandskydd", actor=coordinator)
    services.minutes_approve(meeting=held_meeting, actor=coordinator)
    services.minutes_publish(meeting=held_meeting, actor=coordinator)
    body = client.get("/natverk/fol/").content.decode()
    assert body.count("<h1") == 1
    for text in (
        "Samverkan om exempel.",
        "Exempelkommun",
        "Grannkommun",
        "FOL-möte om vindkraft",
        "Publicerade protokoll",
    ):
        assert text in body, text
    assert "kalender.ics" in body


def test_the_meeting_page_shows_agenda_replies_minutes_and_action_items(client, held_meeting, coordinator, planner):
    from .factories import AgendaItemFactory

    AgendaItemFactory(meeting=held_meeting, title="Strandskydd och LIS", duration_minutes=30)
    held_meeting.agenda_published_at = held_meeting.starts_at
    held_meeting.save()
    services.decision_add(
        meeting=held_meeting, text="FOL rekommenderar LIS-planer.", kind="recommendation", actor=coordinator
    )
    services.action_item_add(meeting=held_meeting, title="Samla LIS-planerna", owner=planner.person, actor=coordinator)
    services.minutes_save(meeting=held_meeting, text="Protokolltext", summary="Ta med hem", actor=coordinator)
    services.minutes_approve(meeting=held_meeting, actor=coordinator)
    services.minutes_publish(meeting=held_meeting, actor=coordinator)
    client.force_login(planner)
    body = client.get(held_meeting.get_absolute_url()).content.decode()
    for text in (
        "Strandskydd och LIS",
        "09.00",
        "Närvaro",
        "Kommer",
        "Protokolltext",
        "Ta med hem",
        "FOL rekommenderar LIS-planer.",
        "Samla LIS-planerna",
    ):
        assert text in body, text


def test_organisation_and_municipality_pages_show_networks_and_next_meetings(
    client, coming_meeting, municipality, region
):
    body = client.get(municipality.get_absolute_url()).content.decode()
    assert "Nätverk och möten" in body and "Forum för fysisk planering" in body and "FOL-möte om vindkraft" in body
    body = client.get(region.get_absolute_url()).content.decode()
    assert "Forum för fysisk planering" in body and "Ordförande" in body


def test_the_meeting_form_shows_errors_in_swedish_and_keeps_the_values(client, fol, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/natverk/fol/moten/nytt/",
        {"title": "Kvällsmöte", "date": "2031-03-05", "start_time": "18:00", "end_time": "17:00", "status": "planned"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Det finns fel i formuläret" in body and "Ange en sluttid efter starttiden." in body
    assert response.context["form"].errors["end_time"]  # the service's rule, beside the field
    assert 'value="Kvällsmöte"' in body
    response = client.post(
        "/natverk/fol/moten/nytt/",
        {
            "title": "Serie",
            "date": "2031-03-05",
            "start_time": "09:00",
            "end_time": "10:00",
            "status": "planned",
            "repeat": "weekly",
            "interval": "1",
        },
    )
    assert "Ange ett slutdatum eller ett antal möten för serien." in response.content.decode()
    assert not Meeting.objects.exists()


def test_scheduling_a_series_from_the_form(client, fol, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/natverk/fol/moten/nytt/",
        {
            "title": "FOL-möte",
            "date": "2031-02-13",
            "start_time": "09:00",
            "end_time": "12:00",
            "status": "agenda_open",
            "repeat": "monthly",
            "interval": "2",
            "count": "3",
        },
    )
    assert response.status_code == 302
    dates = [m.starts_at.date().isoformat() for m in Meeting.objects.order_by("starts_at")]
    assert dates == ["2031-02-13", "2031-04-10", "2031-06-12"]  # second Thursday, every second month


def test_a_proposal_after_the_cut_off_shows_the_message_on_the_form(client, coming_meeting, planner):
    from django.utils import timezone

    coming_meeting.agenda_deadline = timezone.now() - timezone.timedelta(days=1)
    coming_meeting.save()
    client.force_login(planner)
    response = client.post(coming_meeting.get_absolute_url() + "punkter/ny/", {"title": "Sent", "kind": "discussion"})
    assert response.status_code == 400
    assert "Sista dag för förslag var" in response.content.decode()


def test_reply_and_attendance_pages(client, coming_meeting, planner, held_meeting, coordinator):
    client.force_login(planner)
    response = client.post(coming_meeting.get_absolute_url() + "svar/", {"reply": "maybe"}, follow=True)
    assert "Ditt svar är sparat." in response.content.decode()
    client.force_login(coordinator)
    inv = held_meeting.invitations.first()
    response = client.post(held_meeting.get_absolute_url() + "narvaro/", {f"attended-{inv.pk}": "on"})
    assert response.status_code == 302
    inv.refresh_from_db()
    assert inv.attended is True
    assert held_meeting.invitations.filter(attended=False).count() == 2
    assert in_days(0)


def test_the_pages_speak_english_as_the_second_language(client, fol, coming_meeting):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Networks and collaboration forums" in client.get("/natverk/").content.decode()
    body = client.get(coming_meeting.get_absolute_url()).content.decode()
    assert "Agenda" in body and "Swedish time" in body and "Propose an item" not in body  # signed out
    assert "Participation and load" in client.get("/natverk/deltagande/").content.decode()
