"""Every selector that takes `user` uses it (issue 10, defect 3: the related-goals list took a
user and ignored it, so goals of a draft strategy reached the public).

Two checks over every `<app>.selectors` module (and `selectors_*` siblings, and the modules of a
`selectors/` package) of networks, rus, knowledge and referrals:
  * statically, the body of each function with a `user` parameter refers to `user`;
  * behaviourally, each is called for the public in a world where every app holds something the
    public may not see (named DOLD) beside something it may (named SYNLIG): nothing DOLD comes
    back, and SYNLIG does where the public sees anything. A new selector with a `user` parameter
    is called with the world's case, meeting, network, organisation, document, goal or strategy
    when those are all it needs (GENERIC_ARGUMENTS); otherwise it must be added to CALLS (or to
    ELSEWHERE naming the test that covers it), or this test fails."""

import ast
import datetime
import importlib
import inspect
import pkgutil
import textwrap
from decimal import Decimal

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone

from planportal.geo import SWEREF99TM

APPS = ("networks", "rus", "knowledge", "referrals")
HIDDEN, VISIBLE = "DOLD", "SYNLIG"


def selector_modules(app: str):
    package = importlib.import_module(app)
    for info in pkgutil.iter_modules(package.__path__):
        if info.name == "selectors" or info.name.startswith("selectors_"):
            module = importlib.import_module(f"{app}.{info.name}")
            yield module
            if hasattr(module, "__path__"):
                for sub in pkgutil.walk_packages(module.__path__, module.__name__ + "."):
                    yield importlib.import_module(sub.name)


def selectors_with_user() -> dict:
    found = {}
    for app in APPS:
        for module in selector_modules(app):
            for name, func in inspect.getmembers(module, inspect.isfunction):
                if func.__module__ == module.__name__ and "user" in inspect.signature(func).parameters:
                    key = f"{app}.{name}"
                    # Two modules of one app with the same name: each by its module.
                    found[key if key not in found else f"{module.__name__}.{name}"] = func
    return found


def _definition(func) -> ast.FunctionDef:
    """The function's definition, found by name in its module's source (not by line number:
    the file may have changed since it was imported)."""
    if func.__name__ == func.__qualname__ and inspect.getmodule(func) is not None:
        tree = ast.parse(inspect.getsource(inspect.getmodule(func)))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == func.__name__:
                return node
    (node,) = ast.parse(textwrap.dedent(inspect.getsource(func))).body
    return node


def uses_user(func) -> bool:
    """The function's body (not its signature or docstring) reads the name `user`."""
    return any(
        isinstance(node, ast.Name) and node.id == "user" for stmt in _definition(func).body for node in ast.walk(stmt)
    )


SELECTORS = selectors_with_user()


def test_the_walk_finds_the_selectors():
    assert len(SELECTORS) > 40
    assert {"knowledge.related_goals", "rus.goal_list", "networks.meeting_list"} <= set(SELECTORS)


@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_every_selector_with_a_user_uses_it(name):
    assert uses_user(SELECTORS[name]), f"{name} takes `user` and never reads it"


def test_the_static_check_catches_an_ignored_user():
    def ignores(*, user, document):
        """user is only mentioned here."""
        return document.goals.all()

    def reads(*, user, document):
        return document.goals.visible_to(user)

    assert not uses_user(ignores) and uses_user(reads)


# --- the world: something hidden from the public in every app ----------------------------------


def square(east, north, size=1000):
    return MultiPolygon(Polygon.from_bbox((east, north, east + size, north + size)), srid=SWEREF99TM)


@pytest.fixture
def world(db, signed_in_user):
    from knowledge.models import LayerFeature, Subscription
    from networks.models import Minutes, TakeHome
    from rus.models import Indicator
    from tests.factories import OrganisationFactory, PersonFactory
    from tests.knowledge.factories import DocumentFactory, LayerFactory, NewsItemFactory, RequestFactory, ThemeFactory
    from tests.networks.factories import (
        AgendaItemFactory,
        InvitationFactory,
        MeetingFactory,
        MembershipFactory,
        NetworkFactory,
    )
    from tests.rus.factories import (
        AssessmentFactory,
        GoalFactory,
        IndicatorFactory,
        IndicatorValueFactory,
        StrategyFactory,
        StructureFeatureFactory,
    )

    w = {"subscriber": signed_in_user}
    w["orebro"] = orebro = OrganisationFactory(
        municipality=True, name="SYNLIG Örebro kommun", short_name="SYNLIG Örebro", slug="orebro", code="1880"
    )
    # rus: a published strategy and a draft; a draft indicator and assessment in the published one.
    published = StrategyFactory(name="SYNLIG strategi", slug="rus-synlig", period_start=2019)
    draft = StrategyFactory(name="DOLD strategi", slug="rus-dold", draft=True, period_start=2030, period_end=2040)
    w["goal"] = goal = GoalFactory(strategy=published, name="SYNLIG mål")
    w["hidden_goal"] = hidden_goal = GoalFactory(strategy=draft, name="DOLD mål")
    w["strategy"] = published
    IndicatorFactory(goal=goal, name="SYNLIG indikator", status="published")
    IndicatorFactory(goal=goal, name="DOLD indikator (utkast)", status="draft")
    IndicatorFactory(goal=hidden_goal, name="DOLD indikator", status="published")
    for i in Indicator.objects.all():
        i.areas.add(orebro)
        IndicatorValueFactory(indicator=i, area=orebro, year=2024, value=Decimal("70"))
    AssessmentFactory(goal=goal, text="SYNLIG bedömning", status="published")
    AssessmentFactory(goal=goal, text="DOLD bedömning", status="draft", year=2025)
    StructureFeatureFactory(name="SYNLIG stråk")
    # knowledge: public documents, an internal one sharing everything with them, layers, a request.
    theme = ThemeFactory(name="SYNLIG tema", slug="tema-synlig")
    soon = timezone.localdate() + datetime.timedelta(days=10)
    shared = {"themes": [theme], "municipalities": [orebro], "coverage": square(510000, 6570000), "review_by": soon}
    w["doc"] = doc = DocumentFactory(title="SYNLIG vindkraftsplan", slug="synlig", view_count=5, **shared)
    DocumentFactory(title="SYNLIG vindkraftsanalys", slug="synlig-2", view_count=3, **shared)
    w["hidden_doc"] = hidden_doc = DocumentFactory(
        title="DOLD vindkraftsunderlag", slug="dold", internal=True, view_count=9, **shared
    )
    DocumentFactory(title="DOLD tillbakadraget vindkraft", slug="dold-2", withdrawn=True, **shared)
    for d in (doc, hidden_doc):
        d.goals.add(goal, hidden_goal)
    doc.related.add(hidden_doc)
    for layer, public in (("SYNLIG lager", True), ("DOLD lager", False)):
        LayerFeature.objects.create(
            layer=LayerFactory(name=layer, is_public=public), number=1, geometry=Point(510500, 6570500, srid=SWEREF99TM)
        )
    RequestFactory(topic="DOLD önskemål", organisation=orebro)
    NewsItemFactory(title="SYNLIG nyhet")
    Subscription.objects.create(user=signed_in_user, theme=theme)
    # networks: a public and an internal network, both with Örebro, meetings, agendas, minutes.
    person = PersonFactory(organisation=orebro, name="DOLD Kontaktperson")  # people: signed-in users only
    w["network"] = network = NetworkFactory(name="SYNLIG nätverk", short_name="SYNLIG", slug="synligt")
    w["hidden_network"] = hidden_network = NetworkFactory(
        name="DOLD nätverk", short_name="DOLD", slug="dolt", internal=True
    )
    for n in (network, hidden_network):
        MembershipFactory(network=n, organisation=orebro, person=person, role="leader")
    w["meeting"] = meeting = MeetingFactory(network=network, title="SYNLIG möte", agenda_published_at=timezone.now())
    hidden_meeting = MeetingFactory(network=hidden_network, title="DOLD möte", agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=meeting, title="SYNLIG punkt")
    AgendaItemFactory(meeting=meeting, title="DOLD förslag", status="proposed")
    AgendaItemFactory(meeting=hidden_meeting, title="DOLD punkt")
    InvitationFactory(meeting=meeting, person=person)
    w["past"] = past = MeetingFactory(network=network, title="SYNLIG hållet möte", past=True)
    w["draft_minutes_meeting"] = drafted = MeetingFactory(network=network, title="SYNLIG möte med utkast", past=True)
    Minutes.objects.create(meeting=past, status="published", text="SYNLIG protokoll", published_at=timezone.now())
    Minutes.objects.create(meeting=drafted, status="draft", text="DOLD protokollsutkast")
    TakeHome.objects.create(meeting=past, organisation=orebro, text="SYNLIG hemtagande")
    TakeHome.objects.create(meeting=drafted, organisation=orebro, text="DOLD hemtagande före protokollet")
    MeetingFactory(network=hidden_network, title="DOLD hållet möte", past=True)
    w.update(_referrals_world())
    return w


def _referrals_world():
    from referrals.models import Consultation, Reply
    from tests.referrals.factories import (
        DeadlineExtensionFactory,
        InterestMatchFactory,
        MunicipalityFactory,
        ReferralDocumentFactory,
        ReferralEventFactory,
        ReferralFactory,
        ReplyFactory,
        ReplyPointFactory,
        UnitFactory,
    )

    kumla = MunicipalityFactory(name="SYNLIG Kumla kommun", slug="kumla", code="1881")
    case = ReferralFactory(sender=kumla, plan_name="SYNLIG detaljplan Ekängen", in_progress=True)
    ReferralEventFactory(referral=case, summary="DOLD händelse")
    InterestMatchFactory(referral=case, title="DOLD intresse", suggested_text="DOLD förslag")
    consultation = Consultation.objects.create(
        referral=case,
        unit=UnitFactory(name="DOLD enhet", slug="dold-enhet"),
        question="DOLD fråga",
        answer="DOLD svar",
        due=case.deadline - datetime.timedelta(days=5),
        requested_at=timezone.now(),
        answered_at=timezone.now(),
    )
    draft = ReplyFactory(referral=case, status=Reply.Status.APPROVED, introduction="DOLD yttrande")
    ReplyPointFactory(reply=draft, heading="DOLD punkt", text="DOLD punkttext", outcome="fully")
    ReferralDocumentFactory(referral=case, name="DOLD konfidentiellt.pdf", confidential=True)
    ReferralDocumentFactory(referral=case, name="SYNLIG plankarta.pdf")
    DeadlineExtensionFactory(referral=case, reason="DOLD skäl")
    return {"case": case, "kumla": kumla, "consultation": consultation}


TEXT_FIELDS = ("title", "name", "topic", "text", "summary", "heading", "introduction", "question", "answer", "reason")


def text(value, seen=None) -> str:
    """Every string a result carries: model instances by str() and their loaded relations,
    dicts, lists, querysets, JSON text."""
    seen = seen if seen is not None else set()
    if isinstance(value, str):
        return value
    if isinstance(value, models.Model):
        key = (type(value), value.pk)
        if key in seen:
            return ""
        seen.add(key)
        parts = [str(value)]
        parts += [text(v, seen) for v in value._state.fields_cache.values()]
        parts += [text(list(v), seen) for v in getattr(value, "_prefetched_objects_cache", {}).values()]
        parts += [getattr(value, f, "") or "" for f in TEXT_FIELDS]
        return " ".join(p for p in parts if isinstance(p, str))
    if isinstance(value, dict):
        return " ".join(text(k, seen) + " " + text(v, seen) for k, v in value.items())
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return " ".join(text(v, seen) for v in value)
    if isinstance(value, models.Prefetch):
        return ""
    return str(value) if value is not None else ""


def _or_missing(call):
    try:
        return call()
    except ObjectDoesNotExist:
        return "(missing)"


def _leaders(memberships):
    """Each leading membership's network (only if it is the public one) and its loaded person."""
    return [(m.network_id, m._state.fields_cache.get("person")) for m in memberships]


# name → (the call for `user`, whether the public sees something there)
def _calls():
    from knowledge import selectors as k
    from networks import selectors as n
    from networks.models import Network
    from rus import selectors as r

    area = square(509000, 6569000, 3000)
    return {
        # knowledge
        "knowledge.digest_documents": (
            lambda w, u: k.digest_documents(
                user=u or w["subscriber"], since=timezone.now() - datetime.timedelta(days=1)
            ),
            True,
        ),
        "knowledge.document_detail": (lambda w, u: _or_missing(lambda: k.document_detail(user=u, slug="dold")), False),
        "knowledge.document_facets": (
            lambda w, u: {
                **k.document_facets(user=u, filters={}),
                "total": "SYNLIG" * k.document_facets(user=u, filters={})["total"],
            },
            True,
        ),
        "knowledge.document_search": (lambda w, u: k.document_search(user=u, filters={"q": "vindkraft"}), True),
        "knowledge.documents_due_for_review": (lambda w, u: k.documents_due_for_review(user=u), True),
        "knowledge.documents_for_goal": (lambda w, u: k.documents_for_goal(w["goal"], u), True),
        "knowledge.documents_for_municipality": (
            lambda w, u: k.documents_for_municipality(user=u, organisation=w["orebro"]),
            True,
        ),
        "knowledge.documents_near": (lambda w, u: k.documents_near(area, distance_m=100, user=u), True),
        "knowledge.layer_features_near": (lambda w, u: k.layer_features_near(area, distance_m=100, user=u), True),
        "knowledge.layer_list": (lambda w, u: k.layer_list(user=u), True),
        "knowledge.library_front": (lambda w, u: k.library_front(user=u), True),
        "knowledge.news_list": (lambda w, u: k.news_list(user=u), True),
        "knowledge.related_documents": (lambda w, u: k.related_documents(user=u, document=w["doc"]), True),
        "knowledge.related_goals": (lambda w, u: k.related_goals(user=u, document=w["doc"]), True),
        "knowledge.request_list": (lambda w, u: k.request_list(user=u), False),
        "knowledge.search_page": (
            lambda w, u: k.search_page(user=u, filters={"q": "vindkraft"}, number=1, size=20),
            True,
        ),
        "knowledge.selectors.searching.search_page": (
            lambda w, u: k.searching.search_page(user=u, filters={"q": "vindkraft"}, number=1, size=20),
            True,
        ),
        "knowledge.search_hits": (
            lambda w, u: k.scaled.page_documents(
                user=u, hits=k.scaled.search_hits(user=u, filters={}, offset=0, limit=100), q=""
            ),
            True,
        ),
        "knowledge.page_documents": (
            lambda w, u: k.scaled.page_documents(
                user=u,
                hits=k.scaled.SearchHits(ids=list(type(w["doc"]).objects.values_list("pk", flat=True))),
                q="vindkraft",
            ),
            True,
        ),
        # rus
        "rus.goal_detail": (lambda w, u: r.goal_detail(goal=w["goal"], user=u), True),
        "rus.goal_list": (lambda w, u: r.goal_list(user=u), True),
        "rus.indicator_list": (lambda w, u: r.indicator_list(user=u), True),
        "rus.municipality_indicators": (lambda w, u: r.municipality_indicators(organisation=w["orebro"], user=u), True),
        "rus.strategy_current": (lambda w, u: r.strategy_current(user=u), True),
        "rus.strategy_list": (lambda w, u: r.strategy_list(user=u), True),
        "rus.strategy_tree": (lambda w, u: r.strategy_tree(strategy=w["strategy"], user=u), True),
        "rus.structure_feature_list": (lambda w, u: r.structure_feature_list(user=u), True),
        "rus.structure_features_touching": (
            lambda w, u: r.structure_features_touching(square(400000, 6500000, 200000), user=u),
            True,
        ),
        "rus.structure_image_list": (lambda w, u: r.structure_image_list(user=u), False),
        "rus.value_list": (lambda w, u: r.value_list(user=u), True),
        # networks
        "networks.meeting_agenda": (lambda w, u: n.meeting_agenda(user=u, meeting=w["meeting"]), True),
        "networks.meeting_detail": (
            lambda w, u: _or_missing(
                lambda: n.meeting_detail(user=u, slug="dolt", pk=w["hidden_network"].meetings.first().pk)
            ),
            False,
        ),
        "networks.meeting_invitations": (lambda w, u: n.meeting_invitations(user=u, meeting=w["meeting"]), False),
        "networks.meeting_list": (lambda w, u: n.meeting_list(user=u), True),
        "networks.minutes_visible": (
            lambda w, u: [
                n.minutes_visible(user=u, meeting=w["past"]),
                n.minutes_visible(user=u, meeting=w["draft_minutes_meeting"]),
            ],
            True,
        ),
        "networks.meeting_take_homes": (
            lambda w, u: [
                n.meeting_take_homes(user=u, meeting=w["past"]),
                n.meeting_take_homes(user=u, meeting=w["draft_minutes_meeting"]),
            ],
            True,
        ),
        "networks.organisation_take_homes": (
            lambda w, u: n.organisation_take_homes(user=u, organisation=w["orebro"]),
            True,
        ),
        "networks.organisation_meetings": (
            lambda w, u: n.organisation_meetings(user=u, organisation=w["orebro"]),
            True,
        ),
        "networks.personal_meetings": (lambda w, u: n.personal_meetings(user=u), False),
        "networks.published_minutes": (lambda w, u: n.published_minutes(user=u, network=w["network"]), True),
        "networks.upcoming_meeting_dates": (
            lambda w, u: Network.objects.filter(pk__in=n.upcoming_meeting_dates(user=u).keys()),
            True,
        ),
        "networks.network_detail": (lambda w, u: _or_missing(lambda: n.network_detail(user=u, slug="dolt")), False),
        # The leaders' memberships (the networks the public sees) and the persons on them (never).
        "networks.network_leaders": (
            lambda w, u: [
                _leaders(n.network_leaders(user=u, network=w["hidden_network"])),
                _leaders(n.network_leaders(user=u, network=w["network"])),
            ],
            False,
        ),
        "networks.network_leaders_prefetch": (
            lambda w, u: [
                _leaders(network.leader_memberships)
                for network in Network.objects.prefetch_related(n.network_leaders_prefetch(user=u))
            ],
            False,
        ),
        "networks.network_lines": (lambda w, u: n.network_lines(user=u), False),
        "networks.network_list": (lambda w, u: n.network_list(user=u), True),
        "networks.organisation_networks": (
            lambda w, u: n.organisation_networks(user=u, organisation=w["orebro"]),
            True,
        ),
        "networks.municipality_list": (lambda w, u: n.municipality_list(user=u), True),
        "networks.organisation_list": (lambda w, u: n.organisation_list(user=u), True),
        "networks.person_list": (lambda w, u: n.person_list(user=u), False),
        "networks.organisation_load": (lambda w, u: n.organisation_load(user=u, organisation=w["orebro"]), True),
        "networks.participation_table": (lambda w, u: n.participation_table(user=u), True),
        # referrals
        **_referral_calls(),
    }


def _referral_calls():
    from referrals import selectors as rf
    from referrals import selectors_public as rp
    from referrals import selectors_workflow as rw

    def case(w):
        return w["case"]

    return {
        "referrals.public_referrals": (lambda w, u: rp.public_referrals(user=u), True),
        "referrals.register_case": (
            lambda w, u: rp.register_case(user=u, year=case(w).diary_year, seq=case(w).diary_seq),
            True,
        ),
        "referrals.public_documents": (lambda w, u: rp.public_documents(user=u, referral=case(w)), True),
        "referrals.sent_reply": (lambda w, u: rp.sent_reply(user=u, referral=case(w)), False),
        "referrals.areas_feature_collection": (lambda w, u: rp.areas_feature_collection(user=u, filters={}), True),
        "referrals.areas_of": (lambda w, u: rp.areas_of(rp.public_referrals(user=u), user=u), True),
        "referrals.sender_cases": (lambda w, u: rp.sender_cases(user=u, organisation=w["kumla"]), True),
        "referrals.feed_entries": (lambda w, u: rp.feed_entries(user=u), True),
        "referrals.my_consultations": (lambda w, u: rw.my_consultations(u), False),
        "referrals.user_units": (lambda w, u: rw.user_units(u), False),
        "referrals.consultation_for_answer": (
            lambda w, u: _or_missing(lambda: rw.consultation_for_answer(u, w["consultation"].pk)),
            False,
        ),
        "referrals.case_consultations": (lambda w, u: rw.case_consultations(case(w), u), False),
        "referrals.case_reply": (lambda w, u: rw.case_reply(case(w), u), False),
        "referrals.answered_consultations_not_in_reply": (
            lambda w, u: rw.answered_consultations_not_in_reply(case(w), u),
            False,
        ),
        "referrals.previous_reply_points": (lambda w, u: rw.previous_reply_points(case(w), u), False),
        "referrals.referral_work_list": (lambda w, u: rf.referral_work_list(user=u, filters={}), False),
        "referrals.referral_for_page": (
            lambda w, u: _or_missing(
                lambda: rf.referral_for_page(user=u, year=case(w).diary_year, seq=case(w).diary_seq)
            ),
            False,
        ),
        "referrals.case_documents": (lambda w, u: rf.case_documents(referral=case(w), user=u), True),
        "referrals.case_interests": (lambda w, u: rf.case_interests(referral=case(w), user=u), False),
        "referrals.case_timeline": (lambda w, u: rf.case_timeline(referral=case(w), user=u), False),
        "referrals.case_extensions": (lambda w, u: rf.case_extensions(referral=case(w), user=u), False),
    }


# Selectors whose behaviour for the public is tested where their app's fixtures are.
ELSEWHERE = {
    "knowledge._hits_sql": "private SQL of document_facets, called above",
    "knowledge.uses_fallback": "a yes/no from a count of what the user may see: "
    "tests/knowledge/test_search_scale.py::test_the_fallback_decision_counts_only_what_the_user_may_see",
    "referrals.case_url_expr": "an SQL expression for a case's address (officers' page or the register's), "
    "not a read; used by areas_of and feed_entries, called above",
}


# A selector not in CALLS is called with these for its required parameters, when it has no others.
GENERIC_ARGUMENTS = {
    "referral": "case",
    "meeting": "meeting",
    "network": "network",
    "organisation": "orebro",
    "document": "doc",
    "goal": "goal",
    "strategy": "strategy",
}


def _generic_call(func):
    parameters = inspect.signature(func).parameters.values()
    required = [p.name for p in parameters if p.default is inspect.Parameter.empty and p.name != "user"]
    if not set(required) <= set(GENERIC_ARGUMENTS):
        return None
    return lambda w, u: func(user=u, **{name: w[GENERIC_ARGUMENTS[name]] for name in required}), False


@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_no_selector_gives_the_public_what_it_may_not_see(name, world):
    if name in ELSEWHERE:
        pytest.skip(ELSEWHERE[name])
    call, shows_something = _calls().get(name) or _generic_call(SELECTORS[name]) or (None, False)
    assert call, f"{name} takes `user`: add its call for the public to CALLS (or ELSEWHERE, naming the test)"
    result = text(call(world, None))
    assert HIDDEN not in result, f"{name} gave the public: {result[:500]}"
    if shows_something:
        assert VISIBLE in result, f"{name} gave the public nothing it may see: {result[:500]}"
