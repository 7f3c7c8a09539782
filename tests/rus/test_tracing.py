"""Part 7: tracing the strategy's effect – the goal page lists what references the goal,
through sources other parts register, and counts them per year."""

import datetime

import pytest
from django.utils import timezone

from rus.registry import (
    counts_per_year,
    references_for_goal,
    register_goal_reference_source,
    unregister_goal_reference_source,
)

from .factories import GoalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents_source():
    """A stand-in for what knowledge registers: the function receives the goal and the user."""
    calls = []

    def documents(goal, user):
        calls.append((goal.pk, getattr(user, "username", None)))
        return [
            {"title": f"Bostadsmarknadsanalys om {goal.code}", "url": "/dokument/1/", "year": 2023},
            {"title": "Resvaneundersökning", "url": "/dokument/2/", "year": 2024},
            {"title": "Energiplan", "url": "/dokument/3/", "year": 2024},
        ]

    register_goal_reference_source("test_documents", "Dokument", documents, order=1)
    yield calls
    unregister_goal_reference_source("test_documents")


def test_registered_source_is_listed_and_counted_per_year(documents_source, strategy):
    goal = GoalFactory(strategy=strategy)
    refs = references_for_goal(goal, None)
    docs = next(r for r in refs if r["key"] == "test_documents")
    assert [i.title for i in docs["items"]][0] == f"Bostadsmarknadsanalys om {goal.code}"
    assert docs["by_year"] == {2023: 1, 2024: 2}
    rows = counts_per_year(refs)
    assert rows[0]["year"] == 2024 and rows[0]["total"] == 2
    assert rows[1]["year"] == 2023 and rows[1]["total"] == 1


def test_goal_page_shows_references_and_counts(client, documents_source, strategy, signed_in_user):
    goal = GoalFactory(strategy=strategy)
    client.force_login(signed_in_user)
    body = client.get(goal.get_absolute_url()).content.decode()
    assert "Genomslag" in body and "Resvaneundersökning" in body and 'href="/dokument/2/"' in body
    table = body[body.index("Antal hänvisningar per år") :]
    assert '<th scope="row">2024</th><td>2</td>' in table.replace("\n", "")
    # the source is asked with the viewing user, so it can apply its own visibility
    assert documents_source[-1] == (goal.pk, "plain-user")


def _agenda_item(*, title, accepted=True, published=True, year=2025):
    from networks.models import AgendaItem, Meeting, Network
    from tests.factories import OrganisationFactory

    network = Network.objects.create(
        name="FOL", slug="fol", kind=Network.Kind.choices[0][0], convenor=OrganisationFactory(region=True)
    )
    starts = timezone.make_aware(datetime.datetime(year, 3, 12, 9, 0))
    meeting = Meeting.objects.create(
        network=network,
        title="FOL-möte",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        agenda_published_at=starts - datetime.timedelta(days=3) if published else None,
    )
    return AgendaItem.objects.create(meeting=meeting, title=title, status="accepted" if accepted else "proposed")


def test_network_agenda_items_are_references_of_the_goal(client, strategy):
    goal = GoalFactory(strategy=strategy)
    item = _agenda_item(title="Vindkraft och regional bäring")
    goal.agenda_items.add(item)
    refs = {r["key"]: r for r in references_for_goal(goal, None)}
    items = refs["agenda_items"]["items"]
    assert [i.title for i in items] == ["Vindkraft och regional bäring (FOL, 2025-03-12)"]
    assert items[0].year == 2025 and items[0].url == item.meeting.get_absolute_url()
    body = client.get(goal.get_absolute_url()).content.decode()
    assert "Vindkraft och regional bäring" in body


def test_agenda_item_link_provider_lets_networks_link_goals(strategy):
    from networks.registry import link_providers

    provider = next(p for p in link_providers() if p.field_name == "rus_goals")
    goal = GoalFactory(strategy=strategy)
    item = _agenda_item(title="Strukturbild för gods")
    provider.save(item, [goal], None)
    assert provider.linked(item) == [goal]
    assert list(provider.queryset(None)) == [goal]


def test_draft_goals_cannot_be_picked_by_the_public(strategy):
    from networks.registry import link_providers

    from .factories import StrategyFactory

    provider = next(p for p in link_providers() if p.field_name == "rus_goals")
    GoalFactory(strategy=StrategyFactory(draft=True, slug="utkast"))
    published = GoalFactory(strategy=strategy)
    assert list(provider.queryset(None)) == [published]


def test_knowledge_documents_are_traced_on_the_goal_page(client, strategy, signed_in_user):
    """The real registration by knowledge: public documents linked to the goal, counted per year;
    an internal document stays hidden from the public."""
    from tests.knowledge.factories import DocumentFactory

    goal = GoalFactory(strategy=strategy)
    public = DocumentFactory(title="Bostadsmarknadsanalys 2024", year=2024)
    internal = DocumentFactory(title="Internt arbetsunderlag", year=2024, internal=True)
    public.goals.add(goal)
    internal.goals.add(goal)
    refs = {r["key"]: r for r in references_for_goal(goal, None)}
    assert [i.title for i in refs["documents"]["items"]] == ["Bostadsmarknadsanalys 2024"]
    assert refs["documents"]["items"][0].url == public.get_absolute_url()
    assert refs["documents"]["by_year"] == {2024: 1}
    body = client.get(goal.get_absolute_url()).content.decode()
    assert "Bostadsmarknadsanalys 2024" in body and "Internt arbetsunderlag" not in body
