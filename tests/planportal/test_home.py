"""The home page (issue 12): the public gets an entry to each part with one line on it; signed
in, each person gets what they came for (planner, coordinator, editor, case officer), in a
constant number of queries whatever the number of rows."""

import datetime

import pytest
from django.utils import timezone

from knowledge.models import Document
from networks.models import AgendaItem, Invitation
from referrals.models import Consultation
from tests.factories import PersonFactory
from tests.knowledge.factories import DocumentFactory, ThemeFactory
from tests.networks.factories import (
    AgendaItemFactory,
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
    NetworkFactory,
)
from tests.referrals.factories import ReferralFactory, UnitFactory

pytestmark = pytest.mark.django_db


def page(client, user=None):
    if user is not None:
        client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_gets_one_entry_per_part_with_a_line_on_it(client):
    html = page(client)
    for url, words in (
        ("/dokument/", "sökbara per tema och kommun"),
        ("/natverk/", "dagordningar och protokoll"),
        ("/rus/", "effektmål och indikatorer"),
        ("/diarium/", "sista svarsdag"),
        ("/karta/", "med listor över det som visas"),
        ("/kommuner/", "Länets tolv kommuner"),
    ):
        assert f'href="{url}"' in html and words in html, url
    assert "För dig" not in html and "Min kalender" not in html


def test_a_planner_sees_their_municipality_meetings_and_invitations_owed(client, planner, municipality):
    network = NetworkFactory(name="Planeringsnätverket")
    MembershipFactory(network=network, organisation=municipality)
    meeting = MeetingFactory(network=network, title="Höstmötet")
    colleague = PersonFactory(organisation=municipality, name="Kollega Kommunsson")
    InvitationFactory(meeting=meeting, person=colleague)
    InvitationFactory(meeting=MeetingFactory(network=network, title="Vårmötet"), person=colleague, reply="yes")
    html = page(client, planner)
    assert "Din kommun" in html and f'href="{municipality.get_absolute_url()}"' in html
    assert "Höstmötet" in html and "Planeringsnätverket" in html
    assert "1 inbjudan till er organisation väntar på svar" in html and "Kollega Kommunsson" in html
    assert "Min kalender" in html and 'href="/natverk/min-kalender/"' in html


def test_a_planner_sees_new_documents_in_the_themes_they_follow(client, planner):
    theme = ThemeFactory(name="Bostäder", slug="bostader")
    planner.subscriptions.create(theme=theme)
    DocumentFactory(title="Bostadsmarknadsanalys 2026", themes=[theme])
    DocumentFactory(title="Skolresultat 2026")
    html = page(client, planner)
    assert "Nya dokument i dina bevakningar" in html
    assert "Bostadsmarknadsanalys 2026" in html and "Skolresultat 2026" not in html


def test_without_followed_themes_the_newest_documents_show(client, planner):
    DocumentFactory(title="Skolresultat 2026")
    html = page(client, planner)
    assert "Nya dokument</h3>" in html and "Skolresultat 2026" in html and "Bevaka teman och kommuner" in html


def test_a_coordinator_sees_their_networks_meetings_and_open_proposals(client, coordinator):
    network = NetworkFactory(name="Forum för fysisk planering", coordinators=[coordinator])
    meeting = MeetingFactory(network=network, title="Decembermötet")
    AgendaItemFactory(meeting=meeting, title="Förslag om cykelstråk", status=AgendaItem.Status.PROPOSED)
    AgendaItemFactory(meeting=meeting, title="Redan godtagen punkt")
    other = MeetingFactory(title="Någon annans möte")
    html = page(client, coordinator)
    assert "Nätverk du samordnar" in html and "Forum för fysisk planering" in html
    assert "Decembermötet" in html and "Förslag om cykelstråk" in html and "1 förslag väntar" in html
    assert "Redan godtagen punkt" not in html and other.title not in html


def test_an_editor_sees_documents_due_for_review(client, editor):
    DocumentFactory(title="Gammal trafikanalys", overdue=True)
    DocumentFactory(title="Färsk analys", review_by=timezone.localdate() + datetime.timedelta(days=300))
    html = page(client, editor)
    assert "Dokument att granska" in html and "Gammal trafikanalys" in html and "(försenad)" in html
    assert "Färsk analys" not in html.split("Dokument att granska")[1].split("</section>")[0]


def test_a_case_officer_sees_their_open_cases_by_deadline_and_consultations(client, case_officer):
    today = timezone.localdate()
    late = ReferralFactory(plan_name="Sen plan", assignee=case_officer, deadline=today + datetime.timedelta(days=3))
    ReferralFactory(plan_name="Tidig plan", assignee=case_officer, deadline=today + datetime.timedelta(days=1))
    ReferralFactory(plan_name="Stängd plan", assignee=case_officer, answered=True)
    ReferralFactory(plan_name="Ingens plan")
    unit = UnitFactory(name="Kollektivtrafikenheten")
    unit.members.add(case_officer)
    Consultation.objects.create(referral=late, unit=unit, due=today + datetime.timedelta(days=2))
    html = page(client, case_officer)
    card = html.split("Dina öppna remisser")[1].split("</section>")[0]
    assert card.index("Tidig plan") < card.index("Sen plan") and "Stängd plan" not in card
    assert "1 öppen remiss har ingen handläggare" in card
    assert "Samrådsförfrågningar till din enhet" in html and "Kollektivtrafikenheten" in html


def test_a_signed_in_user_without_role_or_organisation_gets_the_calendar_and_the_entries(client, signed_in_user):
    html = page(client, signed_in_user)
    assert "Min kalender" in html and 'href="/dokument/"' in html
    assert "Din kommun" not in html and "Dina öppna remisser" not in html and "Dokument att granska" not in html


def _rows(n, *, coordinator, municipality, case_officer):
    network = NetworkFactory(coordinators=[coordinator])
    MembershipFactory(network=network, organisation=municipality)
    unit = UnitFactory()
    unit.members.add(case_officer)
    for _ in range(n):
        meeting = MeetingFactory(network=network)
        InvitationFactory(meeting=meeting, person=PersonFactory(organisation=municipality))
        AgendaItemFactory(meeting=meeting, status=AgendaItem.Status.PROPOSED)
        DocumentFactory(overdue=True)
        referral = ReferralFactory(assignee=case_officer)
        Consultation.objects.create(referral=referral, unit=unit, due=referral.deadline)


@pytest.mark.parametrize("who", ["planner", "coordinator", "editor", "case_officer"])
def test_query_count_does_not_grow_with_rows(client, count_queries, who, request, municipality):
    users = {name: request.getfixturevalue(name) for name in ("planner", "coordinator", "editor", "case_officer")}
    client.force_login(users[who])
    kinds = {"coordinator": users["coordinator"], "case_officer": users["case_officer"]}
    _rows(1, municipality=municipality, **kinds)
    one, _ = count_queries(lambda: client.get("/"))
    _rows(24, municipality=municipality, **kinds)
    many, response = count_queries(lambda: client.get("/"))
    assert response.status_code == 200
    assert one == many
    assert Invitation.objects.count() == 25 and Document.objects.count() == 25


SWEDISH_ON_HOME = (
    "För dig",
    "Hela portalen",
    "Din kommun",
    "Era nästa möten",
    "inbjudan",
    "Nätverk du samordnar",
    "Nästa möten",
    "förslag väntar",
    "Min kalender",
    "Nya dokument",
    "Dokument att granska",
    "granskas senast",
    "försenad",
    "Dina öppna remisser",
    "sista svarsdag",
    "handläggare",
    "Arbetslistan",
    "Samrådsförfrågningar",
    "svar senast",
    "sökbara per tema",
    "Diarium för remisser",
    "Länets tolv kommuner",
)


@pytest.mark.parametrize("who", [None, "planner", "coordinator", "editor", "case_officer"])
def test_the_english_home_page_carries_no_swedish_the_portal_wrote(client, who, request, municipality):
    users = {name: request.getfixturevalue(name) for name in ("planner", "coordinator", "case_officer")}
    _rows(2, municipality=municipality, **{k: users[k] for k in ("coordinator", "case_officer")})
    ReferralFactory(plan_name="Ingens plan")
    if who:
        client.force_login(request.getfixturevalue(who))
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    leftovers = [word for word in SWEDISH_ON_HOME if word in main]
    assert not leftovers, leftovers
    assert "What the portal holds" in main if who is None else "For you" in main and "My calendar" in main
