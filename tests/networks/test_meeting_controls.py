"""The meeting page's controls say what they do: the status select starts at the meeting's
status (saving it untouched changes nothing), the coordinator is told the next step in each
state, a published agenda reads as published (not "stängd" in warning colour), and the
breadcrumb ends with the meeting's name."""

import re

import pytest

from networks import services
from networks.models import Meeting

from .factories import AgendaItemFactory, in_days

pytestmark = pytest.mark.django_db


def _page(client, meeting):
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _status_options(body):
    select = re.search(r'<select id="meeting-status" name="status"[^>]*>(.*?)</select>', body, re.S).group(1)
    return re.findall(r'<option value="([^"]+)"( selected)?>([^<]*)</option>', select)


@pytest.mark.parametrize("status", ["planned", "agenda_open", "agenda_closed"])
def test_the_status_select_starts_at_the_meetings_status(client, coordinator, coming_meeting, status):
    Meeting.objects.filter(pk=coming_meeting.pk).update(status=status)
    client.force_login(coordinator)
    options = _status_options(_page(client, coming_meeting))
    selected = [value for value, chosen, _label in options if chosen]
    assert selected == [status]
    assert options[0][0] == status and options[0][2].endswith("(nuvarande)")
    assert len({value for value, _c, _l in options}) == len(options)  # no status twice


def test_saving_the_status_untouched_keeps_it(client, coordinator, coming_meeting):
    client.force_login(coordinator)
    options = _status_options(_page(client, coming_meeting))
    chosen = next(value for value, selected, _label in options if selected)
    response = client.post(coming_meeting.get_absolute_url() + "status/", {"status": chosen}, follow=True)
    coming_meeting.refresh_from_db()
    assert coming_meeting.status == "agenda_open"
    body = response.content.decode()
    assert "Mötets status är ändrad" not in body
    assert "Mötet har redan status ”Dagordningen är öppen”; inget ändrades." in body


def test_changing_the_status_says_so(client, coordinator, coming_meeting):
    client.force_login(coordinator)
    response = client.post(coming_meeting.get_absolute_url() + "status/", {"status": "planned"}, follow=True)
    coming_meeting.refresh_from_db()
    assert coming_meeting.status == "planned"
    assert "Mötets status är ändrad." in response.content.decode()


def test_the_breadcrumb_ends_with_the_meetings_name(client, coming_meeting):
    body = _page(client, coming_meeting)
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', body, re.S).group(0)
    assert '<li aria-current="page">FOL-möte om vindkraft</li>' in crumbs


def test_a_new_meeting_says_how_its_agenda_gets_published(client, coordinator, fol):
    meeting, _ = services.meeting_schedule(
        network=fol,
        data={
            "title": "Nytt möte",
            "starts_at": in_days(60),
            "ends_at": in_days(60, hour=12),
        },
        actor=coordinator,
    )
    client.force_login(coordinator)
    body = _page(client, meeting)
    assert "Nästa steg" in body and "Mötet är planerat. Öppna dagordningen för förslag" in body
    assert "Publicera dagordningen</button>" not in body
    assert "Dagordningen kan publiceras när minst en punkt är godtagen" in body


def test_after_publishing_the_status_reads_published(client, coordinator, coming_meeting):
    AgendaItemFactory(meeting=coming_meeting, title="Välkommen")
    client.force_login(coordinator)
    body = _page(client, coming_meeting)
    assert "Medlemmarna kan föreslå punkter till och med" in body
    assert "Publicera dagordningen</button>" in body and "de inbjudna får den med e-post" in body

    client.post(coming_meeting.get_absolute_url() + "dagordning/publicera/")
    coming_meeting.refresh_from_db()
    assert coming_meeting.status == "agenda_closed" and coming_meeting.agenda_published_at
    body = _page(client, coming_meeting)
    assert '<span class="status status--ok">Dagordningen är publicerad</span>' in body
    assert "Dagordningen är stängd</span>" not in body
    assert "Publicera dagordningen igen</button>" in body
    assert "och skickades till de inbjudna. Efter mötet" in body
    # the public reads the same status
    client.logout()
    assert '<span class="status status--ok">Dagordningen är publicerad</span>' in _page(client, coming_meeting)
    # and so does the network's meeting list
    network_page = client.get(coming_meeting.network.get_absolute_url()).content.decode()
    assert "Dagordningen är publicerad" in network_page


def test_held_meeting_tells_the_coordinator_what_comes_after(client, coordinator, held_meeting):
    Meeting.objects.filter(pk=held_meeting.pk).update(status="held")
    client.force_login(coordinator)
    body = _page(client, held_meeting)
    assert "Mötet är genomfört. Registrera närvaron, skriv protokollet" in body
