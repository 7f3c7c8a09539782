"""Defect 8: the take-home summary (hemtagande) is each organisation's own. Every invited
organisation's representative writes what they bring home; it is listed on the meeting page
and on that organisation's page. The meeting's general take-home (the one text there was
before) stays, written with the minutes; old texts became it (migration 0005)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from networks import services
from networks.models import TakeHome
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbour(other_municipality):
    """The representative of the other member municipality, with an account."""
    person = PersonFactory(organisation=other_municipality, name="Grannplanerare", user=UserFactory(username="granne"))
    return person.user


def _publish(meeting, coordinator):
    services.minutes_save(meeting=meeting, text="Protokoll", actor=coordinator)
    services.minutes_approve(meeting=meeting, actor=coordinator)
    services.minutes_publish(meeting=meeting, actor=coordinator)


def test_each_organisation_writes_its_own_take_home(
    held_meeting, planner, neighbour, coordinator, municipality, other_municipality
):
    mine = services.take_home_save(meeting=held_meeting, organisation=municipality, text="Till nämnden", actor=planner)
    theirs = services.take_home_save(
        meeting=held_meeting, organisation=other_municipality, text="Till kommunstyrelsen", actor=neighbour
    )
    assert (mine.organisation, mine.written_by, mine.text) == (municipality, planner.person, "Till nämnden")
    assert theirs.organisation == other_municipality and theirs.written_by == neighbour.person
    # Writing again changes the organisation's one text; an empty text removes it.
    services.take_home_save(meeting=held_meeting, organisation=municipality, text=" Ändrat ", actor=planner)
    assert TakeHome.objects.get(meeting=held_meeting, organisation=municipality).text == "Ändrat"
    assert services.take_home_save(meeting=held_meeting, organisation=municipality, text="", actor=planner) is None
    assert not TakeHome.objects.filter(organisation=municipality).exists()
    # The coordinator may write any invited organisation's.
    services.take_home_save(meeting=held_meeting, organisation=municipality, text="Av samordnaren", actor=coordinator)
    assert TakeHome.objects.filter(meeting=held_meeting).count() == 2


def test_no_one_writes_another_organisations_take_home(
    held_meeting, planner, neighbour, outside_planner, other_coordinator, municipality, other_municipality
):
    for actor, organisation in (
        (neighbour, municipality),  # a member, but of another municipality
        (outside_planner, outside_planner.person.organisation),  # not invited to the meeting
        (other_coordinator, municipality),  # a coordinator of another network
        (planner, None),  # the general take-home is the coordinator's
    ):
        with pytest.raises(PermissionDenied):
            services.take_home_save(meeting=held_meeting, organisation=organisation, text="Nej", actor=actor)
    assert not TakeHome.objects.exists()


def test_a_take_home_is_written_after_the_meeting_has_started(coming_meeting, planner, municipality):
    with pytest.raises(ValidationError) as err:
        services.take_home_save(meeting=coming_meeting, organisation=municipality, text="För tidigt", actor=planner)
    assert "när mötet har börjat" in err.value.messages[0]
    assert not TakeHome.objects.exists()


def test_the_general_take_home_is_written_with_the_minutes_and_locked_with_them(held_meeting, coordinator):
    services.minutes_save(meeting=held_meeting, text="Protokoll", summary="Gemensamt", actor=coordinator)
    general = TakeHome.objects.get(meeting=held_meeting)
    assert general.organisation is None and general.text == "Gemensamt"
    services.minutes_save(meeting=held_meeting, text="Protokoll", summary="Gemensamt, ändrat", actor=coordinator)
    assert TakeHome.objects.get(meeting=held_meeting).text == "Gemensamt, ändrat"
    services.minutes_approve(meeting=held_meeting, actor=coordinator)
    services.minutes_publish(meeting=held_meeting, actor=coordinator)
    with pytest.raises(ValidationError):
        services.take_home_save(meeting=held_meeting, organisation=None, text="Efteråt", actor=coordinator)
    assert TakeHome.objects.get(meeting=held_meeting).text == "Gemensamt, ändrat"


def test_the_take_home_page_of_a_representative(client, held_meeting, planner, municipality):
    url = f"{held_meeting.get_absolute_url()}hemtagande/"
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(planner)
    page = client.get(url)
    assert page.status_code == 200
    assert list(page.context["form"].fields["organisation"].queryset) == [municipality]
    response = client.post(url, {"organisation": municipality.pk, "text": "Ta upp i planberedningen."})
    assert response.status_code == 302
    body = client.get(held_meeting.get_absolute_url()).content.decode()
    assert "Ta upp i planberedningen." in body and 'id="take-homes-title"' in body


def test_the_take_home_page_refuses_another_organisation_and_says_why(
    client, held_meeting, planner, other_municipality, outside_planner
):
    url = f"{held_meeting.get_absolute_url()}hemtagande/"
    client.force_login(planner)
    response = client.post(url, {"organisation": other_municipality.pk, "text": "Smyger in"})
    assert response.status_code == 400 and "organisation" in response.context["form"].errors
    client.force_login(outside_planner)
    assert client.get(url).status_code == 403
    assert not TakeHome.objects.exists()


def test_the_general_take_home_on_the_minutes_page(client, held_meeting, coordinator):
    client.force_login(coordinator)
    url = f"{held_meeting.get_absolute_url()}protokoll/"
    response = client.post(url, {"action": "save", "text": "Protokoll", "summary": "För alla"})
    assert response.status_code == 302
    assert TakeHome.objects.get(meeting=held_meeting, organisation__isnull=True).text == "För alla"
    assert "För alla" in client.get(url).content.decode()


def test_take_homes_on_the_municipality_page_for_whoever_may_see_them(
    client, held_meeting, planner, coordinator, municipality, other_municipality
):
    services.take_home_save(meeting=held_meeting, organisation=municipality, text="Vårt hemtagande", actor=planner)
    services.take_home_save(
        meeting=held_meeting, organisation=other_municipality, text="Grannens hemtagande", actor=coordinator
    )
    page = municipality.get_absolute_url()
    assert "Vårt hemtagande" not in client.get(page).content.decode()  # the public: not before publication
    client.force_login(planner)
    body = client.get(page).content.decode()
    assert "Vårt hemtagande" in body and "Grannens hemtagande" not in body  # only its own organisation's
    client.logout()
    _publish(held_meeting, coordinator)
    body = client.get(page).content.decode()
    assert "Hemtagande från nätverksmöten" in body and "Vårt hemtagande" in body
    assert "Grannens hemtagande" in client.get(other_municipality.get_absolute_url()).content.decode()


def test_the_municipality_page_costs_the_same_queries_for_1_and_12_take_homes(
    client, fol, coordinator, municipality, count_queries
):
    from .factories import MeetingFactory

    def meeting_with_take_home(n):
        meeting = MeetingFactory(network=fol, past=True, title=f"Möte {n}")
        from networks.services.meetings import create_invitations

        create_invitations(meeting)
        services.take_home_save(meeting=meeting, organisation=municipality, text=f"Hemtagande {n}", actor=coordinator)
        _publish(meeting, coordinator)

    meeting_with_take_home(0)
    one, response = count_queries(lambda: client.get(municipality.get_absolute_url()))
    assert "Hemtagande 0" in response.content.decode()
    for n in range(1, 12):
        meeting_with_take_home(n)
    many, response = count_queries(lambda: client.get(municipality.get_absolute_url()))
    assert "Hemtagande 9" in response.content.decode()
    assert one == many


@pytest.mark.django_db(transaction=True)
def test_the_old_single_take_home_becomes_the_meetings_general_one():
    """Migration 0005: Minutes.summary → a TakeHome without an organisation; and back."""
    executor = MigrationExecutor(connection)
    executor.migrate([("networks", "0004_take_home")])
    old = executor.loader.project_state([("networks", "0004_take_home")]).apps
    network = old.get_model("networks", "Network").objects.create(name="Gamla FOL", slug="gamla-fol", kind="forum")
    meeting_model = old.get_model("networks", "Meeting")
    with_text, without = (
        meeting_model.objects.create(
            network=network, title=t, starts_at="2025-01-01T09:00Z", ends_at="2025-01-01T10:00Z"
        )
        for t in ("Med", "Utan")
    )
    minutes_model = old.get_model("networks", "Minutes")
    minutes_model.objects.create(meeting=with_text, text="P", summary="Det gamla hemtagandet")
    minutes_model.objects.create(meeting=without, text="P", summary="")

    executor = MigrationExecutor(connection)
    executor.migrate([("networks", "0006_remove_minutes_summary")])
    assert list(TakeHome.objects.values_list("meeting_id", "organisation_id", "text")) == [
        (with_text.pk, None, "Det gamla hemtagandet")
    ]
    executor = MigrationExecutor(connection)
    executor.migrate([("networks", "0004_take_home")])  # and back: the text returns to the minutes
    old = executor.loader.project_state([("networks", "0004_take_home")]).apps
    assert old.get_model("networks", "Minutes").objects.get(meeting_id=with_text.pk).summary == "Det gamla hemtagandet"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
