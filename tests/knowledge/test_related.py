"""The document page's related lists: goals of strategies the user may see, and documents
linked by hand or sharing both a theme and a municipality with the document."""

import pytest

from knowledge import selectors
from tests.knowledge.factories import DocumentFactory, ThemeFactory
from tests.rus.factories import GoalFactory, StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def goals():
    published = GoalFactory(name="Hållbara transporter", strategy=StrategyFactory(slug="rus-antagen"))
    draft = GoalFactory(name="Utkast: fler cykelvägar", strategy=StrategyFactory(slug="rus-utkast", draft=True))
    document = DocumentFactory(title="Länstransportplan")
    document.goals.add(published, draft)
    return document, published, draft


def test_related_goals_of_a_draft_strategy_are_not_shown_to_the_public(client, goals, planner, signed_in_user):
    document, published, draft = goals
    for user in (None, signed_in_user, planner):  # a municipal planner sees no RUS drafts either
        assert list(selectors.related_goals(user=user, document=document)) == [published]
    body = client.get(document.get_absolute_url()).content.decode()
    assert "Hållbara transporter" in body and "Utkast: fler cykelvägar" not in body


def test_related_goals_of_a_draft_strategy_are_shown_to_region_staff(client, goals, editor, case_officer):
    document, published, draft = goals
    for user in (editor, case_officer):
        assert set(selectors.related_goals(user=user, document=document)) == {published, draft}
    client.force_login(editor)
    assert "Utkast: fler cykelvägar" in client.get(document.get_absolute_url()).content.decode()


@pytest.fixture
def library(orebro, kumla):
    housing, energy = ThemeFactory(slug="bostader"), ThemeFactory(slug="energi")
    doc = DocumentFactory(title="Bostadsmarknadsanalys Örebro", themes=[housing], municipalities=[orebro])
    others = {
        "both": DocumentFactory(title="Bostadsprogram Örebro", year=2024, themes=[housing], municipalities=[orebro]),
        "both, older": DocumentFactory(
            title="Bostäder Örebro 2019", year=2019, themes=[housing, energy], municipalities=[orebro, kumla]
        ),
        "theme only": DocumentFactory(title="Bostäder i Kumla", themes=[housing], municipalities=[kumla]),
        "municipality only": DocumentFactory(title="Energi i Örebro", themes=[energy], municipalities=[orebro]),
        "neither": DocumentFactory(title="Energi i Kumla", themes=[energy], municipalities=[kumla]),
        "linked": DocumentFactory(title="Handlänkad", year=2010),
        "both, internal": DocumentFactory(
            title="Internt bostads-PM Örebro", themes=[housing], municipalities=[orebro], internal=True
        ),
        "linked, withdrawn": DocumentFactory(title="Tillbakadragen", withdrawn=True),
    }
    doc.related.add(others["linked"], others["linked, withdrawn"])
    return doc, others


def titles(qs):
    return [d.title for d in qs]


def test_related_documents_are_linked_or_share_a_theme_and_a_municipality(library):
    doc, others = library
    # Linked by hand first, then the newest.
    assert titles(selectors.related_documents(user=None, document=doc)) == [
        "Handlänkad",
        "Bostadsprogram Örebro",
        "Bostäder Örebro 2019",
    ]


def test_related_documents_follow_visibility(library, planner, editor):
    doc, _ = library
    assert "Internt bostads-PM Örebro" in titles(selectors.related_documents(user=planner, document=doc))
    assert "Tillbakadragen" not in titles(selectors.related_documents(user=planner, document=doc))
    assert "Tillbakadragen" in titles(selectors.related_documents(user=editor, document=doc))


def test_related_documents_are_symmetric_and_never_the_document_itself(library):
    doc, others = library
    assert doc.title in titles(selectors.related_documents(user=None, document=others["linked"]))
    assert doc.title in titles(selectors.related_documents(user=None, document=others["both"]))
    assert others["both"].title not in titles(selectors.related_documents(user=None, document=others["both"]))


def test_related_documents_take_one_query_and_are_distinct(library, count_queries):
    doc, _ = library
    n, rows = count_queries(
        lambda: [(d.title, d.publisher.name) for d in selectors.related_documents(user=None, document=doc)]
    )
    assert n == 1 and len(rows) == len(set(rows))
