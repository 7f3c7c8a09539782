"""A small world with one thing of every kind the public may open (named ...SYNLIG...) and one
it may not (...DOLD...), the hidden one's text holding the same searched word."""

import pytest
from django.utils import timezone

from networks.models import AgendaItem
from tests.knowledge.factories import DocumentFactory
from tests.networks.factories import AgendaItemFactory, MeetingFactory, NetworkFactory
from tests.referrals.factories import ReferralFactory
from tests.rus.factories import GoalFactory, IndicatorFactory, StrategyFactory


@pytest.fixture
def world(db, municipality):
    """`vattenplan` in every kind's title; the hidden twin of each in its own way."""
    public_network = NetworkFactory(name="Vattenplansnätverket SYNLIG", purpose="Samordnar länets vattenplanering.")
    internal_network = NetworkFactory(name="Vattenplansgruppen DOLD", internal=True, purpose="Intern vattenplanering.")
    published = {"agenda_published_at": timezone.now()}
    meeting = MeetingFactory(
        network=public_network,
        title="Vattenplanmöte SYNLIG",
        description="Om vattenplanen <img src=x onerror=alert(2)>.",
    )
    hidden_meeting = MeetingFactory(network=internal_network, title="Vattenplanmöte DOLD", description="Vattenplan.")
    MeetingFactory._meta.model.objects.filter(pk=meeting.pk).update(**published)
    accepted = AgendaItem.Status.ACCEPTED
    item = AgendaItemFactory(meeting=meeting, title="Vattenplanen SYNLIG", status=accepted, description="Vattenplan.")
    proposed = AgendaItemFactory(
        meeting=meeting, title="Vattenplanen förslag DOLD", status=AgendaItem.Status.PROPOSED, description="Vattenplan."
    )
    internal_item = AgendaItemFactory(meeting=hidden_meeting, title="Vattenplanen intern DOLD", status=accepted)
    strategy = StrategyFactory()
    draft = StrategyFactory(draft=True)
    goal = GoalFactory(strategy=strategy, name="Vattenplan för länet SYNLIG", description="Vattenplanering.")
    draft_goal = GoalFactory(strategy=draft, name="Vattenplan utkast DOLD", description="Vattenplanering.")
    indicator = IndicatorFactory(goal=goal, name="Vattenplaner antagna SYNLIG", definition="Antal vattenplaner.")
    draft_indicator = IndicatorFactory(goal=goal, name="Vattenplaner utkast DOLD", status="draft")
    document = DocumentFactory(
        title="Regional vattenplan SYNLIG", summary="Länets vattenplan <img src=x onerror=alert(1)> & 3 < 4."
    )
    internal_document = DocumentFactory(title="Vattenplan intern DOLD", internal=True)
    withdrawn_document = DocumentFactory(title="Vattenplan tillbakadragen DOLD", withdrawn=True)
    referral = ReferralFactory(plan_name="Detaljplan vattenplan SYNLIG", internal_notes="Hemlig anteckning zebrafink.")
    organisation = municipality
    return {
        "visible": [public_network, meeting, item, goal, indicator, document, referral, organisation],
        "hidden": [
            internal_network,
            hidden_meeting,
            proposed,
            internal_item,
            draft_goal,
            draft_indicator,
            internal_document,
            withdrawn_document,
        ],
        "referral": referral,
        "meeting": meeting,
        "item": item,
        "draft_goal": draft_goal,
        "document": document,
        "network": public_network,
    }
