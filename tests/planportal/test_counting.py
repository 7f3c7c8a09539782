"""planportal.counting: counts that stop at a cap, and how a capped count reads."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from networks.models import Organisation
from planportal.counting import capped_count, format_capped_count
from tests.factories import OrganisationFactory


@pytest.mark.django_db
def test_capped_count_is_exact_up_to_the_cap_and_says_when_it_stopped():
    OrganisationFactory.create_batch(5)
    qs = Organisation.objects.filter(slug__startswith="organisation-").order_by("name")
    assert capped_count(qs, cap=5) == (5, False)
    assert capped_count(qs, cap=10) == (5, False)
    assert capped_count(qs, cap=4) == (4, True)
    assert capped_count(qs, cap=0) == (0, True)
    assert capped_count(qs.none(), cap=3) == (0, False)


@pytest.mark.django_db
def test_capped_count_reads_at_most_cap_plus_one_rows_in_one_query_without_sorting():
    OrganisationFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        capped_count(Organisation.objects.order_by("name"), cap=2)
    assert len(queries) == 1
    sql = queries[0]["sql"].upper()
    assert "LIMIT 3" in sql
    assert "ORDER BY" not in sql


def test_a_capped_count_says_so_in_swedish_and_english():
    with translation.override("sv"):
        assert format_capped_count(10_000, True) == "fler än 10\xa0000"
        assert format_capped_count(1234, False) == "1\xa0234"
    with translation.override("en"):
        assert format_capped_count(10_000, True) == "more than 10,000"
        assert format_capped_count(7, False) == "7"


def test_template_filter_takes_the_flag_or_the_pair():
    template = Template("{% load counting %}{{ n|capped_count:capped }}|{{ pair|capped_count }}")
    with translation.override("sv"):
        out = template.render(Context({"n": 10_000, "capped": True, "pair": (12, False)}))
    assert out == "fler än 10\xa0000|12"
