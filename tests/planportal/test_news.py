"""What is new, on the home page (issue 11, item 2): for a signed-in person's organisation the
documents, meetings, minutes, replies sent and indicator values of the last 30 days that concern
it, each linking to its page; for the public what is new and public. The sources are registered
by the apps (planportal.registry.register_news_source, one `<app>/news.py` each); the page costs
the same number of queries whatever the number of new things."""

import datetime
import html as htmllib
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from networks.models import Meeting, Minutes
from planportal import roles
from planportal.news import NEWS_DAYS, news_for
from planportal.registry import news_sources
from referrals.models import Reply
from rus.models import IndicatorValue
from tests.conftest import _user_with_role
from tests.knowledge.factories import DocumentFactory
from tests.networks.factories import MeetingFactory, MembershipFactory, NetworkFactory
from tests.referrals.factories import MunicipalityFactory, ReferralFactory, ReplyFactory
from tests.rus.factories import IndicatorFactory, IndicatorValueFactory, StrategyFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=NEWS_DAYS + 5)


def news_block(html):
    start = html.index('aria-labelledby="home-news"')
    return html[start : html.index('aria-labelledby="home-parts"')]


def home(client, user=None, language=None):
    if user is not None:
        client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    response = client.get("/")
    assert response.status_code == 200
    return htmllib.unescape(news_block(response.content.decode()))


def _meeting(network, title, *, created=None, **kwargs):
    meeting = MeetingFactory(network=network, title=title, **kwargs)
    if created:
        Meeting.objects.filter(pk=meeting.pk).update(created_at=created)
    return meeting


def _minutes(meeting, *, published_at=None, status=Minutes.Status.PUBLISHED):
    return Minutes.objects.create(meeting=meeting, status=status, published_at=published_at or timezone.now())


def _sent_reply(referral, *, sent_on=None, status=Reply.Status.SENT):
    return ReplyFactory(referral=referral, status=status, sent_on=sent_on or timezone.localdate())


def _value(indicator, area, *, updated=None, year=2025):
    value = IndicatorValueFactory(indicator=indicator, area=area, year=year, value=Decimal("50"))
    if updated:
        IndicatorValue.objects.filter(pk=value.pk).update(updated_at=updated)
    return value


@pytest.fixture
def world(db, region):
    """Two municipalities; for each kind of news something new for each, something public and
    something the public may not see, and something too old."""
    ours = MunicipalityFactory(name="Exempelkommun", slug="exempelkommun", code="1999")
    theirs = MunicipalityFactory(name="Grannkommun", slug="grannkommun", code="1998")
    w = {"ours": ours, "theirs": theirs, "region": region}
    # documents
    w["our_doc"] = DocumentFactory(title="Vår nya trafikanalys", municipalities=[ours])
    DocumentFactory(title="Grannens nya grönplan", municipalities=[theirs])
    DocumentFactory(title="Internt nytt PM", municipalities=[ours], internal=True)
    DocumentFactory(title="Gammal bostadsanalys", municipalities=[ours], updated_at=LONG_AGO, created_at=LONG_AGO)
    # meetings and minutes
    our_network = NetworkFactory(name="Vårt nätverk")
    MembershipFactory(network=our_network, organisation=ours)
    their_network = NetworkFactory(name="Grannarnas nätverk")
    MembershipFactory(network=their_network, organisation=theirs)
    internal = NetworkFactory(name="Internt nätverk", internal=True)
    MembershipFactory(network=internal, organisation=ours)
    w["our_meeting"] = _meeting(our_network, "Nyplanerat höstmöte")
    _meeting(their_network, "Grannarnas vintermöte")
    _meeting(internal, "Internt beredningsmöte")
    _meeting(our_network, "Länge planerat möte", created=LONG_AGO)
    w["our_minutes"] = _minutes(_meeting(our_network, "Avslutat vårmöte", past=True))
    _minutes(_meeting(our_network, "Ojusterat möte", past=True), status=Minutes.Status.DRAFT)
    _minutes(_meeting(our_network, "Gammalt protokollmöte", past=True), published_at=LONG_AGO)
    # replies sent on referrals
    w["our_reply"] = _sent_reply(ReferralFactory(sender=ours, plan_name="Detaljplan för Ekbacken", answered=True))
    _sent_reply(ReferralFactory(sender=theirs, plan_name="Grannens detaljplan", answered=True))
    _sent_reply(ReferralFactory(sender=ours, plan_name="Plan med utkast till yttrande"), status=Reply.Status.APPROVED)
    _sent_reply(
        ReferralFactory(sender=ours, plan_name="Plan besvarad för länge sedan", answered=True),
        sent_on=LONG_AGO.date(),
    )
    # indicator values
    w["our_indicator"] = indicator = IndicatorFactory(name="Andel med bredband", areas=[ours, theirs, region])
    _value(indicator, ours)
    other = IndicatorFactory(name="Grannens indikator", areas=[theirs])
    _value(other, theirs)
    draft = IndicatorFactory(name="Utkastindikator", goal__strategy=StrategyFactory(draft=True, slug="utkast"))
    _value(draft, ours)
    old = IndicatorFactory(name="Gammal indikator", areas=[ours])
    _value(old, ours, updated=LONG_AGO)
    return w


@pytest.fixture
def readers(world, case_officer):
    return {
        "planner": _user_with_role(roles.PLANNER, world["ours"], username="varplanerare"),
        "other_planner": _user_with_role(roles.PLANNER, world["theirs"], username="grannplanerare"),
        "case_officer": case_officer,
    }


NEVER = (
    "Internt nytt PM",
    "Internt beredningsmöte",
    "Ojusterat möte",
    "Plan med utkast till yttrande",
    "Utkastindikator",
    "Gammal bostadsanalys",
    "Länge planerat möte",
    "Gammalt protokollmöte",
    "Plan besvarad för länge sedan",
    "Gammal indikator",
)


def test_every_app_registers_its_news(world):
    assert [s["key"] for s in sorted(news_sources, key=lambda s: s["order"])] == [
        "documents",
        "meetings",
        "minutes",
        "replies",
        "indicators",
    ]


def test_the_public_sees_what_is_new_and_public(client, world):
    html = home(client)
    assert "Nytt i portalen" in html and "de senaste 30 dagarna" in html
    for text in (
        "Vår nya trafikanalys",
        "Grannens nya grönplan",
        "Nyplanerat höstmöte",
        "Grannarnas vintermöte",
        "Avslutat vårmöte",
        "Detaljplan för Ekbacken",
        "Grannens detaljplan",
        "Andel med bredband",
        "Grannens indikator",
    ):
        assert text in html, text
    leaked = [text for text in NEVER if text in html]
    assert not leaked, leaked


def test_a_planner_sees_what_is_new_for_their_municipality(client, world, readers):
    html = home(client, readers["planner"])
    assert "Nytt för Exempelkommun" in html
    assert f'href="{world["ours"].get_absolute_url()}"' in html  # on to the municipality's page
    for text in (
        "Vår nya trafikanalys",
        "Nyplanerat höstmöte",
        "Avslutat vårmöte",
        "Detaljplan för Ekbacken",
        "Andel med bredband",
    ):
        assert text in html, text
    theirs = ("Grannens nya grönplan", "Grannarnas vintermöte", "Grannens detaljplan", "Grannens indikator")
    assert [text for text in theirs if text in html] == []
    # an insider of the internal network sees its new meeting; still nothing old
    assert "Internt beredningsmöte" in html and "Internt nytt PM" in html
    old = [text for text in NEVER if text in html and not text.startswith("Intern")]
    assert not old, old


def test_a_planner_of_another_municipality_sees_their_own(client, world, readers):
    html = home(client, readers["other_planner"])
    assert "Nytt för Grannkommun" in html
    assert "Grannens nya grönplan" in html and "Grannarnas vintermöte" in html and "Grannens detaljplan" in html
    assert "Vår nya trafikanalys" not in html and "Nyplanerat höstmöte" not in html
    assert "Internt beredningsmöte" not in html and "Ojusterat möte" not in html


def test_each_item_links_to_its_page(client, world, readers):
    html = home(client, readers["planner"])
    reply = world["our_reply"].referral
    for url in (
        world["our_doc"].get_absolute_url(),
        world["our_meeting"].get_absolute_url(),
        world["our_minutes"].meeting.get_absolute_url() + "#minutes-title",
        f"/diarium/{reply.diary_year}-{reply.diary_seq}/yttrande/",
        world["our_indicator"].get_absolute_url(),
    ):
        assert f'href="{url}"' in html, url
        assert client.get(url.split("#")[0]).status_code == 200, url


def test_a_case_officer_reaches_the_reply_on_the_case_page(world, readers):
    referral = ReferralFactory(sender=world["region"], plan_name="Regionens egen plan", answered=True)
    _sent_reply(referral)
    groups = {g["key"]: g for g in news_for(user=readers["case_officer"], organisation=world["region"])}
    (item,) = groups["replies"]["items"]
    assert item.title.endswith("Regionens egen plan") and item.url == referral.get_absolute_url() + "#yttrande"


def test_a_draft_indicator_is_news_for_staff_who_see_drafts(world, readers):
    staff = news_for(user=readers["case_officer"], organisation=None)
    planner = news_for(user=readers["planner"], organisation=None)

    def titles(groups):
        return {item.title for group in groups if group["key"] == "indicators" for item in group["items"]}

    assert "Utkastindikator" in titles(staff) and "Utkastindikator" not in titles(planner)


def test_each_kind_shows_at_most_five_newest_first(world):
    ours = world["ours"]
    network = NetworkFactory()
    MembershipFactory(network=network, organisation=ours)
    for i in range(7):
        DocumentFactory(
            title=f"Dokument nummer {i}",
            municipalities=[ours],
            updated_at=timezone.now() - datetime.timedelta(days=i + 1),
        )
    groups = {g["key"]: g for g in news_for(user=AnonymousUser(), organisation=ours)}
    titles = [item.title for item in groups["documents"]["items"]]
    assert titles == ["Vår nya trafikanalys", *(f"Dokument nummer {i}" for i in range(4))]


def test_nothing_new_says_so(client, db):
    html = home(client)
    assert "Nytt i portalen" in html and "Inget nytt under den tiden." in html


def test_the_english_home_page_has_its_news_in_english(client, world, readers):
    html = home(client, readers["planner"], language="en")
    for english in (
        "What's new for Exempelkommun",
        "What was added in the last 30 days.",
        "All about Exempelkommun on the municipality's page",
        "Documents",
        "Meetings",
        "Minutes",
        "Replies",
        "Indicators",
        "New meeting; the meeting is on",
        "The minutes of the meeting on",
        "The Region's reply sent",
        "New values, the latest for 2025",
        "New: report, 2025",
    ):
        assert english in html, english


def _more(world, n):
    ours = world["ours"]
    network = NetworkFactory()
    MembershipFactory(network=network, organisation=ours)
    for i in range(n):
        DocumentFactory(municipalities=[ours])
        _meeting(network, f"Möte {i}")
        _minutes(_meeting(network, f"Hållet möte {i}", past=True))
        _sent_reply(ReferralFactory(sender=ours, answered=True))
        _value(IndicatorFactory(areas=[ours]), ours)


@pytest.mark.parametrize("who", [None, "planner", "case_officer"])
def test_the_home_page_costs_the_same_queries_for_1_and_8_new_things(client, world, readers, count_queries, who):
    if who:
        client.force_login(readers[who])
    client.get("/")
    one, _ = count_queries(lambda: client.get("/"))
    _more(world, 7)
    many, response = count_queries(lambda: client.get("/"))
    assert response.status_code == 200 and one == many
