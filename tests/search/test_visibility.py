"""Nobody sees a result, a count or a snippet of something they may not open: for each role, the
global search over a world where every kind has a hidden twin (DOLD) of a visible thing (SYNLIG),
both holding the searched word."""

import pytest

from planportal import roles
from search.selectors import global_search
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.networks.factories import MembershipFactory
from tests.referrals.factories import MunicipalityFactory, ReferralFactory


def found(result) -> set[str]:
    return {row["title"] for group in result["groups"] for row in group["results"]}


def hidden_titles(result) -> set[str]:
    return {title.rsplit(" (", 1)[0] for title in found(result) if "DOLD" in title}


def assert_counts_match_results(result):
    """Every count is the number of results the user gets for that kind (the world is small)."""
    shown = {group["kind"]: len(group["results"]) for group in result["groups"]}
    for entry in result["kinds"]:
        assert entry["count"] == shown.get(entry["kind"], 0), entry
        assert entry["count_capped"] is False


@pytest.mark.django_db
def test_the_public_sees_every_visible_kind_and_nothing_hidden(world):
    result = global_search(user=None, q="vattenplan")
    assert hidden_titles(result) == set()
    kinds = {group["kind"] for group in result["groups"]}
    assert kinds == {"documents", "networks", "meetings", "agenda_items", "referrals", "goals", "indicators"}
    assert_counts_match_results(result)
    # What the public may not open leaves no trace in a snippet either.
    snippets = " ".join(str(row["snippet"]) for group in result["groups"] for row in group["results"])
    assert "Intern" not in snippets and "DOLD" not in snippets


@pytest.mark.django_db
def test_a_planner_sees_internal_documents_but_no_drafts_closed_networks_or_proposals(world, planner):
    result = global_search(user=planner, q="vattenplan")
    # Staff of a member organisation read internal documents (knowledge.querysets.is_insider).
    assert hidden_titles(result) == {"Vattenplan intern DOLD"}
    assert_counts_match_results(result)


@pytest.mark.django_db
def test_a_case_officer_sees_drafts_of_the_strategy_but_not_a_closed_networks_meetings(world, case_officer):
    result = global_search(user=case_officer, q="vattenplan")
    assert hidden_titles(result) == {
        "Vattenplan intern DOLD",  # an internal document
        f"{world['draft_goal'].code} Vattenplan utkast DOLD",  # a goal of a draft strategy
        "Vattenplaner utkast DOLD",  # a draft indicator
    }
    assert not {t for t in found(result) if "Vattenplansgruppen" in t or "Vattenplanmöte DOLD" in t}
    assert_counts_match_results(result)


@pytest.mark.django_db
def test_a_member_of_the_closed_network_finds_it_its_meeting_and_its_agenda(world):
    member_org = OrganisationFactory(name="Medlemskommunen", slug="medlemskommunen")
    internal = next(obj for obj in world["hidden"] if getattr(obj, "visibility", None) == "internal")
    MembershipFactory(network=internal, organisation=member_org)
    user = UserFactory(username="medlem", roles=[roles.PLANNER])
    PersonFactory(user=user, organisation=member_org)
    result = global_search(user=user, q="vattenplan")
    titles = found(result)
    assert any(t.startswith("Vattenplansgruppen DOLD") for t in titles)
    assert "Vattenplanmöte DOLD" in titles and "Vattenplanen intern DOLD" in titles
    assert_counts_match_results(result)


@pytest.mark.django_db
def test_an_editor_also_finds_withdrawn_documents(world, editor):
    titles = found(global_search(user=editor, q="vattenplan", kind="documents"))
    assert {"Vattenplan intern DOLD", "Vattenplan tillbakadragen DOLD", "Regional vattenplan SYNLIG"} <= titles


@pytest.mark.django_db
def test_a_referral_case_is_found_by_its_register_fields_only(world, case_officer):
    """Internal notes are never searched: not for the public, not even for officers (the global
    search reads the register's fields only)."""
    for user in (None, case_officer):
        result = global_search(user=user, q="zebrafink")
        assert [e["count"] for e in result["kinds"] if e["kind"] == "referrals"] == [0]
        assert result["groups"] == []
    case = world["referral"]
    for q in (case.diary_number, case.sender_reference, "detaljplan"):
        result = global_search(user=None, q=q, kind="referrals")
        assert [row["title"] for row in result["groups"][0]["results"]] == [case.plan_name], q


@pytest.mark.django_db
def test_a_referral_links_to_the_register_for_the_public_and_to_the_case_page_for_officers(world, case_officer):
    case = world["referral"]
    public = global_search(user=None, q="vattenplan", kind="referrals")["groups"][0]["results"][0]
    officer = global_search(user=case_officer, q="vattenplan", kind="referrals")["groups"][0]["results"][0]
    assert public["url"] == case.get_public_url()
    assert officer["url"] == case.get_absolute_url()
    assert public["snippet"] is None  # nothing but the register's fields


@pytest.mark.django_db
def test_many_referrals_beyond_the_overview_are_counted_not_listed(world):
    ReferralFactory.create_batch(6, plan_name="Vattenplan etapp")
    result = global_search(user=None, q="vattenplan")
    referrals = next(group for group in result["groups"] if group["kind"] == "referrals")
    assert referrals["count"] == 7 and len(referrals["results"]) == 5 and referrals["has_next"]


@pytest.mark.django_db
def test_a_referral_case_is_found_by_its_senders_name(db):
    lindesberg = MunicipalityFactory(name="Lindesbergs kommun", slug="lindesbergs-kommun", code="1885")
    ours = ReferralFactory(plan_name="Detaljplan för Lillån", sender=lindesberg)
    ReferralFactory(plan_name="Detaljplan för Storån")  # another sender
    result = global_search(user=None, q="lindesberg", kind="referrals")
    assert [row["title"] for row in result["groups"][0]["results"]] == [ours.plan_name]
