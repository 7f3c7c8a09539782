"""Referral statistics: counts per year, sender, plan type and phase; median days to reply; share
answered on time (with extensions) and declined; outcomes of sent replies' points; filters; CSV;
a fixed number of statements."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from referrals import stats
from referrals.models import Outcome, Phase, PlanType, Reply

from .factories import (
    DeadlineExtensionFactory,
    MunicipalityFactory,
    ReferralFactory,
    ReplyFactory,
    ReplyPointFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def kumla(db):
    return MunicipalityFactory(name="Kumla kommun", slug="kumla", code="1881")


@pytest.fixture
def nora(db):
    return MunicipalityFactory(name="Nora kommun", slug="nora", code="1884")


def _answered(sender, received, deadline, sent_on, **kwargs):
    referral = ReferralFactory(sender=sender, received=received, deadline=deadline, answered=True, **kwargs)
    reply = ReplyFactory(referral=referral, status=Reply.Status.SENT, sent_on=sent_on)
    return referral, reply


@pytest.fixture
def data(kumla, nora):
    # 2025: three answered (10, 20 and 40 days; the 40-day one late), one declined, one open.
    _, r1 = _answered(kumla, D(2025, 1, 1), D(2025, 1, 31), D(2025, 1, 11))
    _, r2 = _answered(kumla, D(2025, 2, 1), D(2025, 3, 3), D(2025, 2, 21), plan_type=PlanType.OP)
    late, r3 = _answered(nora, D(2025, 3, 1), D(2025, 3, 31), D(2025, 4, 10), phase=Phase.GRANSKNING)
    ReferralFactory(sender=nora, received=D(2025, 5, 1), declined=True)
    ReferralFactory(sender=nora, received=D(2025, 6, 1))
    # 2026: one answered in 5 days; a sent-late one saved by an extension.
    _answered(kumla, D(2026, 1, 10), D(2026, 2, 10), D(2026, 1, 15))
    extended, _ = _answered(kumla, D(2026, 2, 1), D(2026, 3, 1), D(2026, 3, 10))
    DeadlineExtensionFactory(referral=extended, previous_deadline=D(2026, 3, 1), new_deadline=D(2026, 3, 15))
    # Outcomes: two fully, one partly, one not, one not applicable; a draft's points never count.
    for reply, outcome in ((r1, Outcome.FULLY), (r1, Outcome.FULLY), (r2, Outcome.PARTLY), (r3, Outcome.NOT)):
        ReplyPointFactory(reply=reply, outcome=outcome)
    ReplyPointFactory(reply=r3, outcome=Outcome.NOT_APPLICABLE)
    ReplyPointFactory(reply=r3, outcome="")
    draft = ReplyFactory(referral=ReferralFactory(sender=kumla, received=D(2026, 3, 1)), status=Reply.Status.DRAFT)
    ReplyPointFactory(reply=draft, outcome=Outcome.NOT)


def test_figures(data, signed_in_user):
    result = stats.referral_statistics(user=signed_in_user, filters={})
    years = {y["year"]: y for y in result["years"]}
    assert years[2025] == {
        "year": 2025,
        "cases": 5,
        "declined": 1,
        "closed": 4,
        "declined_share": 25.0,
        "sent": 3,
        "on_time": 2,
        "on_time_share": 66.7,
        "median_days": 20.0,
    }
    assert years[2026]["cases"] == 3 and years[2026]["sent"] == 2
    assert years[2026]["on_time"] == 2  # the extension counts
    assert years[2026]["median_days"] == 21.0  # 5 and 37 days
    assert result["total"]["cases"] == 8 and result["total"]["median_days"] == 20.0  # 5, 10, 20, 37, 40
    assert {r["label"]: r["cases"] for r in result["senders"]} == {"Kumla kommun": 5, "Nora kommun": 3}
    assert {r["key"]: r["cases"] for r in result["plan_types"]} == {"dp": 7, "op": 1}
    assert {r["key"]: r["cases"] for r in result["phases"]} == {"samrad": 7, "granskning": 1}
    outcomes = {i["key"]: (i["points"], i["share"]) for i in result["outcomes"]["items"]}
    assert outcomes == {"fully": (2, 50.0), "partly": (1, 25.0), "not": (1, 25.0), "na": (1, None)}
    assert result["outcomes"]["assessed"] == 4


def test_filters_year_range_and_sender(data, signed_in_user):
    result = stats.referral_statistics(user=signed_in_user, filters={"year_from": 2026})
    assert [y["year"] for y in result["years"]] == [2026]
    assert result["outcomes"]["total"] == 0
    kumla = MunicipalityFactory._meta.model.objects.get(slug="kumla")
    result = stats.referral_statistics(user=signed_in_user, filters={"municipality": kumla, "year_to": 2025})
    assert result["total"]["cases"] == 2 and result["total"]["median_days"] == 15.0


def test_statistics_are_computed_in_a_fixed_number_of_statements(count_queries, signed_in_user, kumla):
    _answered(kumla, D(2025, 1, 1), D(2025, 1, 31), D(2025, 1, 11))
    one, _ = count_queries(lambda: stats.referral_statistics(user=signed_in_user, filters={}))
    for i in range(24):
        referral, reply = _answered(MunicipalityFactory(), D(2020 + i % 6, 1, 1), D(2020 + i % 6, 2, 1), None)
        ReplyPointFactory(reply=reply, outcome=Outcome.FULLY)
    many, result = count_queries(lambda: stats.referral_statistics(user=signed_in_user, filters={}))
    assert result["total"]["cases"] == 25
    assert one == many == 5


def test_statistics_page_is_public_with_charts_tables_and_csv_links(client, data, count_queries):
    count, response = count_queries(lambda: client.get(reverse("referrals:statistics")))
    assert response.status_code == 200
    assert count <= 7  # the five figures' statements and the sender choices
    html = response.content.decode()
    for key in ("per-ar", "per-avsandare", "per-plantyp", "per-skede", "svarstid", "i-tid", "avstatt", "utfall"):
        assert f'id="fig-{key}"' in html
        assert f"/remisser/statistik/{key}.csv" in html
    assert html.count("data-referral-chart=") == 8
    assert "66,7" in html  # Swedish decimal comma
    chart = json.loads(response.context["figures"][0]["chart"])
    assert chart["labels"] == ["2025", "2026"] and chart["series"][0]["data"] == [5, 3]


def test_statistics_csv(client, data):
    response = client.get(reverse("referrals:statistics_csv", kwargs={"table": "i-tid"}), {"year_from": "2025"})
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows == [
        ["År", "Skickade yttranden", "Skickade i tid", "Andel i tid (%)"],
        ["2025", "3", "2", "66,7"],
        ["2026", "2", "2", "100,0"],
    ]
    assert client.get(reverse("referrals:statistics_csv", kwargs={"table": "hemligt"})).status_code == 404


def test_bad_year_range_is_named(client, data):
    response = client.get(reverse("referrals:statistics"), {"year_from": "2026", "year_to": "2025"})
    assert response.status_code == 200
    assert "Till år kan inte vara före från år (2026)." in response.content.decode()
