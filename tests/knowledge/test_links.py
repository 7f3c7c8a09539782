"""The library's links to the apps below it: documents as references of RUS goals (through
rus.registry), documents on agenda items (through networks.registry), related goals on the
document page."""

import pytest

from networks.registry import link_providers
from rus.registry import references_for_goal
from tests.knowledge.factories import DocumentFactory
from tests.networks.factories import AgendaItemFactory
from tests.rus.factories import GoalFactory

pytestmark = pytest.mark.django_db


def test_documents_are_a_reference_source_of_goals(planner):
    goal = GoalFactory(name="Ökat bostadsbyggande")
    public = DocumentFactory(title="Bostadsmarknadsanalys", year=2025)
    internal = DocumentFactory(title="Internt bostads-PM", year=2026, internal=True)
    public.goals.add(goal)
    internal.goals.add(goal)
    (anonymous,) = [r for r in references_for_goal(goal, None) if r["key"] == "documents"]
    assert [i.title for i in anonymous["items"]] == ["Bostadsmarknadsanalys"]
    assert anonymous["by_year"] == {2025: 1}
    (insider,) = [r for r in references_for_goal(goal, planner) if r["key"] == "documents"]
    assert {i.title for i in insider["items"]} == {"Bostadsmarknadsanalys", "Internt bostads-PM"}


def test_document_page_lists_related_goals(client):
    goal = GoalFactory(name="Hållbara transporter")
    doc = DocumentFactory(title="Länstransportplan")
    doc.goals.add(goal)
    body = client.get(doc.get_absolute_url()).content.decode()
    assert "Hållbara transporter" in body and goal.get_absolute_url() in body


def test_agenda_items_link_documents_the_user_may_see(planner, signed_in_user):
    (provider,) = [p for p in link_providers() if p.field_name == "documents"]
    public = DocumentFactory(title="Strukturbild")
    internal = DocumentFactory(title="Internt underlag", internal=True)
    assert set(provider.queryset(signed_in_user)) == {public}
    assert set(provider.queryset(planner)) == {public, internal}
    item = AgendaItemFactory()
    provider.save(item, [public], planner)
    assert provider.linked(item) == [public]
    assert list(public.agenda_items.all()) == [item]
