"""Real Chromium through Playwright: a member proposes an agenda item and the coordinator
accepts it; a member edits their own proposal; axe finds no WCAG 2.1 AA violations on the
network, meeting and participation pages (signed in as the coordinator, where the pages carry
the most: forms and tables) and on the edit form."""

import re

import pytest
from playwright.sync_api import expect

from networks import services
from networks.models import AgendaItem, NetworkLine

from .factories import AgendaItemFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("secret-pass-123")
    page.get_by_role("button", name="Logga in").click()
    expect(page.locator(".site-account")).to_contain_text(username)


def test_a_member_proposes_an_item_and_the_coordinator_accepts_it(
    page, live_server, coming_meeting, planner, coordinator
):
    url = live_server.url + coming_meeting.get_absolute_url()

    sign_in(page, live_server, planner.username)
    page.goto(url)
    page.get_by_role("link", name="Föreslå punkt").click()
    expect(page.locator("h1")).to_have_text("Föreslå punkt")
    page.get_by_label("Rubrik").fill("Erfarenheter av vindbruksplaner")
    page.get_by_label("Beskrivning").fill("Hur har kommunerna gjort med samråden?")
    page.get_by_label("Typ av punkt").select_option("discussion")
    page.get_by_role("button", name="Skicka förslaget").click()
    expect(page.locator(".messages")).to_contain_text("Ditt förslag är skickat till samordnaren")
    expect(page.locator("#proposals-title")).to_be_visible()
    expect(page.locator(".proposal")).to_contain_text("Erfarenheter av vindbruksplaner")

    sign_in(page, live_server, coordinator.username)
    page.goto(url)
    page.get_by_role("button", name=re.compile(r"^Godta\s*: Erfarenheter av vindbruksplaner$")).click()
    expect(page.locator(".messages")).to_contain_text("Punkten är godtagen")
    agenda = page.locator("table.agenda")
    expect(agenda).to_contain_text("Erfarenheter av vindbruksplaner")
    page.get_by_label("Minuter för Erfarenheter av vindbruksplaner").fill("45")
    page.get_by_role("button", name="Spara ordning och tider").click()
    expect(page.locator(".messages")).to_contain_text("ordning och tider är sparade")
    page.get_by_role("button", name="Publicera dagordningen").click()
    expect(page.locator(".messages")).to_contain_text("Dagordningen är publicerad")
    item = AgendaItem.objects.get(title="Erfarenheter av vindbruksplaner")
    assert item.status == "accepted" and item.duration_minutes == 45 and item.proposed_by == planner.person

    # the public sees the published agenda
    page.context.clear_cookies()
    page.goto(url)
    expect(page.locator("table.agenda")).to_contain_text("Erfarenheter av vindbruksplaner")


def test_network_meeting_and_participation_pages_are_accessible(
    page, live_server, fol, coming_meeting, held_meeting, coordinator, planner, axe_check
):
    AgendaItemFactory(meeting=coming_meeting, title="Välkommen", duration_minutes=10)
    services.agenda_item_propose(meeting=coming_meeting, data={"title": "Ett förslag"}, actor=planner)
    services.minutes_save(meeting=held_meeting, text="Protokoll", summary="Hemtagande", actor=coordinator)
    services.action_item_add(meeting=held_meeting, title="Sammanställ", actor=coordinator)
    kcrd = NetworkFactory(name="KC/RD-gruppen", short_name="KC/RD")
    NetworkLine.objects.create(source=fol, target=kcrd, kind="reports_to")

    for who in (None, coordinator.username):
        if who:
            sign_in(page, live_server, who)
        for path in (
            "/natverk/",
            "/natverk/fol/",
            coming_meeting.get_absolute_url(),
            held_meeting.get_absolute_url(),
            "/natverk/deltagande/",
        ):
            page.goto(live_server.url + path)
            expect(page.locator("h1")).to_have_count(1)
            axe_check(page)
    for path in (
        coming_meeting.get_absolute_url() + "punkter/ny/",
        "/natverk/fol/moten/nytt/",
        held_meeting.get_absolute_url() + "narvaro/",
        held_meeting.get_absolute_url() + "protokoll/",
    ):
        page.goto(live_server.url + path)
        axe_check(page)


def test_a_member_edits_their_own_proposal_on_an_accessible_form(page, live_server, coming_meeting, planner, axe_check):
    item = services.agenda_item_propose(
        meeting=coming_meeting, data={"title": "Vindbruk", "description": "Kort."}, actor=planner
    )
    sign_in(page, live_server, planner.username)
    page.goto(live_server.url + coming_meeting.get_absolute_url())
    axe_check(page)  # the meeting page as the proposer sees it, with the edit link
    page.get_by_role("link", name=re.compile(r"^Ändra förslaget\s*: Vindbruk$")).click()
    expect(page.locator("h1")).to_have_text("Ändra punkt")
    expect(page.get_by_label("Rubrik")).to_have_value("Vindbruk")
    axe_check(page)

    # an empty title: the error summary names the field, in Swedish, and nothing is saved
    page.get_by_label("Rubrik").fill("")
    page.get_by_role("button", name="Spara ändringarna").click()
    expect(page.locator("#error-summary")).to_contain_text("Rubrik: Det här fältet är obligatoriskt.")
    expect(page.get_by_label("Rubrik")).to_have_attribute("aria-invalid", "true")
    axe_check(page)
    assert AgendaItem.objects.get(pk=item.pk).title == "Vindbruk"

    page.get_by_label("Rubrik").fill("Vindbruk och landskapsbild")
    page.get_by_label("Beskrivning").fill("Hur har kommunerna vägt landskapsbilden?")
    page.get_by_label("Typ av punkt").select_option("information")
    page.get_by_label("Önskad tid i minuter").fill("20")
    page.get_by_role("button", name="Spara ändringarna").click()
    expect(page.locator(".messages")).to_contain_text("Punkten är ändrad.")
    expect(page.locator(".proposal")).to_contain_text("Vindbruk och landskapsbild")
    item.refresh_from_db()
    assert (item.title, item.kind, item.duration_minutes, item.status) == (
        "Vindbruk och landskapsbild",
        "information",
        20,
        "proposed",
    )


def test_a_representative_writes_their_take_home_by_keyboard(
    page, live_server, held_meeting, planner, coordinator, municipality, axe_check
):
    sign_in(page, live_server, planner.username)
    page.goto(live_server.url + held_meeting.get_absolute_url())
    link = page.get_by_role("link", name="Skriv hemtagande för din organisation")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Hemtagande från mötet")
    axe_check(page)
    page.get_by_label("Hemtagande", exact=True).focus()
    page.keyboard.type("Ta upp strandskyddet i planberedningen.")
    page.keyboard.press("Tab")  # to the button
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Hemtagandet för Exempelkommun är sparat.")
    expect(page.locator(".takeaway")).to_contain_text("Ta upp strandskyddet i planberedningen.")
    axe_check(page)

    # After publication the municipality's page lists it for everyone.
    services.minutes_save(meeting=held_meeting, text="Protokoll", actor=coordinator)
    services.minutes_approve(meeting=held_meeting, actor=coordinator)
    services.minutes_publish(meeting=held_meeting, actor=coordinator)
    page.context.clear_cookies()
    page.goto(live_server.url + municipality.get_absolute_url())
    expect(page.get_by_role("heading", name="Hemtagande från nätverksmöten")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Ta upp strandskyddet i planberedningen.")
    axe_check(page)
