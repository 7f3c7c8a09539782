"""The public register (diarium): list with search, filters, sorting and paging; the case page
with public documents and the sent reply only; the Atom feed; constant query counts."""

import datetime

import pytest
from django.urls import reverse

from referrals.models import Phase, PlanType, Referral, Reply

from .factories import MunicipalityFactory, ReferralDocumentFactory, ReferralFactory, ReplyFactory, ReplyPointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kumla(db):
    return MunicipalityFactory(name="Kumla kommun", short_name="Kumla", slug="kumla", code="1881")


@pytest.fixture
def nora(db):
    return MunicipalityFactory(name="Nora kommun", short_name="Nora", slug="nora", code="1884")


@pytest.fixture
def cases(kumla, nora):
    return {
        "housing": ReferralFactory(
            sender=kumla,
            plan_name="Detaljplan för bostäder vid Ekängen",
            sender_reference="KS 2026/412",
            received=datetime.date(2026, 3, 2),
            plan_type=PlanType.DP,
            phase=Phase.GRANSKNING,
        ),
        "op": ReferralFactory(
            sender=nora,
            plan_name="Översiktsplan Nora 2050",
            sender_reference="BN 2025/77",
            received=datetime.date(2025, 9, 1),
            plan_type=PlanType.OP,
            phase=Phase.SAMRAD,
            answered=True,
        ),
        "declined": ReferralFactory(
            sender=kumla,
            plan_name="Planprogram för Järnvägsområdet",
            received=datetime.date(2025, 5, 5),
            plan_type=PlanType.PROGRAM,
            declined=True,
        ),
    }


def _numbers(response):
    return [r.diary_number for r in response.context["referrals"]]


def test_register_lists_every_case_with_its_public_columns(client, cases):
    response = client.get(reverse("referrals:register"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 remisser" in html
    housing = cases["housing"]
    columns = (housing.diary_number, "Kumla kommun", "Detaljplan för bostäder vid Ekängen", "Granskning", "2026-03-02")
    for text in columns:
        assert text in html
    assert housing.get_public_url() in html
    assert "Avstått från att yttra sig" in html and "Besvarad" in html
    # Newest diary number first by default.
    assert _numbers(response)[0] == housing.diary_number


@pytest.mark.parametrize(
    "query, expected",
    [
        ("bostader", ["housing"]),  # accents folded, inflection stemmed
        ("detaljplan för bostäder", ["housing"]),  # a stop word asks for nothing
        ("Bostäderna", ["housing"]),
        ("ekäng", ["housing"]),  # prefix
        ("nora", ["op"]),  # the sender's name (and the plan name)
        ("KS 2026/412", ["housing"]),  # the sender's reference
        ("järnvägsområdet kumla", ["declined"]),  # every word must match
        ("finnsinte", []),
    ],
)
def test_register_search_in_swedish(client, cases, query, expected):
    response = client.get(reverse("referrals:register"), {"q": query})
    assert sorted(_numbers(response)) == sorted(cases[k].diary_number for k in expected)


def test_register_search_by_diary_number(client, cases):
    number = cases["op"].diary_number
    response = client.get(reverse("referrals:register"), {"q": number})
    assert _numbers(response) == [number]
    response = client.get(reverse("referrals:register"), {"q": str(cases["op"].diary_seq)})
    assert _numbers(response) == [number]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"year": "2025"}, ["op", "declined"]),
        ({"municipality": "kumla"}, ["housing", "declined"]),
        ({"plan_type": "op"}, ["op"]),
        ({"phase": "granskning"}, ["housing"]),
        ({"status": "open"}, ["housing"]),
        ({"status": "closed"}, ["op", "declined"]),
        ({"status": "declined", "municipality": "kumla"}, ["declined"]),
    ],
)
def test_register_filters(client, cases, params, expected):
    response = client.get(reverse("referrals:register"), params)
    assert sorted(_numbers(response)) == sorted(cases[k].diary_number for k in expected)


def test_register_sorts_by_a_column_both_ways(client, cases):
    url = reverse("referrals:register")
    assert _numbers(client.get(url, {"sort": "received"}))[0] == cases["declined"].diary_number
    assert _numbers(client.get(url, {"sort": "-received"}))[0] == cases["housing"].diary_number
    assert _numbers(client.get(url, {"sort": "sender"}))[-1] == cases["op"].diary_number  # Nora after Kumla
    html = client.get(url, {"sort": "received"}).content.decode()
    assert 'aria-sort="ascending"' in html


def test_bad_filters_are_named_and_the_list_still_shows(client, cases):
    response = client.get(reverse("referrals:register"), {"year": "förra", "municipality": "atlantis", "status": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Året (year) ska vara ett årtal" in html
    assert "Okänd avsändare i filtret (municipality)" in html
    assert "Okänt värde x i filtret status" in html
    assert len(_numbers(response)) == 3


def test_register_pages_25_at_a_time(client, kumla):
    ReferralFactory.create_batch(27, sender=kumla)
    response = client.get(reverse("referrals:register"))
    assert len(response.context["referrals"]) == 25
    assert "27 remisser" in response.content.decode()
    response = client.get(reverse("referrals:register"), {"page": 2})
    assert len(response.context["referrals"]) == 2


def test_register_list_query_count_is_constant(client, count_queries, kumla, nora):
    ReferralFactory(sender=kumla)
    one, _ = count_queries(lambda: client.get(reverse("referrals:register"), {"q": "detaljplan"}))
    for i in range(24):
        ReferralFactory(sender=nora if i % 2 else MunicipalityFactory())
    many, response = count_queries(lambda: client.get(reverse("referrals:register"), {"q": "detaljplan"}))
    assert len(response.context["referrals"]) == 25
    assert one == many


def test_case_page_shows_public_documents_and_the_sent_reply(client, cases):
    referral = cases["op"]
    ReferralDocumentFactory(referral=referral, name="Planbeskrivning.pdf")
    ReferralDocumentFactory(referral=referral, name="Sekretessbelagd bilaga.pdf", confidential=True)
    reply = ReplyFactory(
        referral=referral, status=Reply.Status.SENT, sent_on=datetime.date(2025, 9, 20), introduction="Regionen tackar."
    )
    ReplyPointFactory(reply=reply, heading="Kollektivtrafik", text="Stråket mot Örebro behöver stärkas.")
    response = client.get(referral.get_public_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Planbeskrivning.pdf" in html
    assert "Sekretessbelagd" not in html
    assert "Regionen tackar." in html and "Stråket mot Örebro behöver stärkas." in html
    assert "Skickat 2025-09-20" in html
    assert referral.diary_number in html and "BN 2025/77" in html
    assert 'id="case-map"' in html


def test_case_page_never_shows_an_unsent_reply(client, case_officer, cases):
    referral = cases["housing"]
    for status in (Reply.Status.DRAFT, Reply.Status.REVIEWED, Reply.Status.APPROVED):
        Reply.objects.filter(referral=referral).delete()
        ReplyFactory(referral=referral, status=status, introduction="Hemligt utkast")
        for user in (None, case_officer):
            client.logout()
            if user:
                client.force_login(user)
            html = client.get(referral.get_public_url()).content.decode()
            assert "Hemligt utkast" not in html
            assert "inte skickat något yttrande ännu" in html


def test_declined_case_says_so(client, cases):
    html = client.get(cases["declined"].get_public_url()).content.decode()
    assert "Regionen har avstått från att yttra sig." in html


def test_unknown_case_is_404(client, cases):
    response = client.get(reverse("referrals:register_detail", kwargs={"year": 1999, "seq": 1}))
    assert response.status_code == 404


def test_case_page_query_count_is_constant(client, count_queries, cases):
    referral = cases["op"]
    reply = ReplyFactory(referral=referral, status=Reply.Status.SENT, sent_on=datetime.date(2025, 9, 20))
    ReferralDocumentFactory(referral=referral)
    ReplyPointFactory(reply=reply)
    one, _ = count_queries(lambda: client.get(referral.get_public_url()))
    ReferralDocumentFactory.create_batch(10, referral=referral)
    ReplyPointFactory.create_batch(10, reply=reply)
    many, _ = count_queries(lambda: client.get(referral.get_public_url()))
    assert one == many


def test_atom_feed_lists_new_cases_and_sent_replies_only(client, cases):
    ReplyFactory(referral=cases["op"], status=Reply.Status.SENT, sent_on=datetime.date(2025, 9, 20))
    ReplyFactory(referral=cases["housing"], status=Reply.Status.DRAFT)
    response = client.get(reverse("referrals:register_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert f"Yttrande skickat: {cases['op'].diary_number}" in xml
    assert f"Yttrande skickat: {cases['housing'].diary_number}" not in xml
    assert xml.count("Ny remiss:") == 3


def test_register_in_english(client, cases):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("referrals:register"))
    html = response.content.decode()
    assert "Register: referrals to Region Örebro län" in html
    assert "3 referrals" in html
    assert Referral.Status.DECLINED.label  # labels come from the models' translations


def test_case_officers_get_a_link_to_the_case_page(client, case_officer, cases):
    referral = cases["housing"]
    assert "Öppna ärendet som handläggare" not in client.get(referral.get_public_url()).content.decode()
    client.force_login(case_officer)
    html = client.get(referral.get_public_url()).content.decode()
    assert "Öppna ärendet som handläggare" in html and referral.get_absolute_url() in html


def test_feed_query_count_is_constant(client, count_queries, kumla):
    referral = ReferralFactory(sender=kumla, answered=True)
    ReplyFactory(referral=referral, status=Reply.Status.SENT, sent_on=datetime.date(2026, 1, 5))
    one, _ = count_queries(lambda: client.get(reverse("referrals:register_feed")))
    for i in range(24):
        referral = ReferralFactory(sender=MunicipalityFactory(), answered=True)
        ReplyFactory(referral=referral, status=Reply.Status.SENT, sent_on=datetime.date(2026, 1, 5 + i % 20))
    many, response = count_queries(lambda: client.get(reverse("referrals:register_feed")))
    assert response.content.decode().count("<entry>") == 50
    assert one == many


def test_the_header_leads_the_public_to_the_register_and_officers_to_the_work_list(client, case_officer, planner):
    def nav(response):
        return {item["label"]: item["url"] for item in response.context["nav_items"]}

    assert nav(client.get(reverse("referrals:register")))["Remisser"] == "/diarium/"
    client.force_login(planner)
    assert nav(client.get(reverse("referrals:register")))["Remisser"] == "/diarium/"
    client.force_login(case_officer)
    assert nav(client.get(reverse("referrals:register")))["Remisser"] == reverse("referrals:index")
