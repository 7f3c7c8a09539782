"""The compiled-statement cache (planportal.sqlcache): one compilation per shape, this call's
values in the slots, constants kept, LRU eviction, wrapping, and no rows for an empty query."""

import pytest
from django.db.models import Value
from django.db.models.functions import Concat

from networks.models import Organisation
from planportal.sqlcache import CompiledQueryCache, Slot
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    return [
        OrganisationFactory(municipality=True, name="Kumla kommun", slug="kumla", code="1881"),
        OrganisationFactory(municipality=True, name="Laxå kommun", slug="laxa", code="1860"),
        OrganisationFactory(name="Länsstyrelsen", slug="lansstyrelsen", kind="county_board"),
    ]


def by_slug(slug, kind="municipality"):
    """A query with one varying parameter (the slug) and one constant (the kind)."""
    return lambda: Organisation.objects.filter(slug=Slot(slug, 0), kind=kind).values("slug", "name")


def test_one_compilation_serves_other_values_of_the_same_shape(organisations, django_assert_num_queries):
    cache = CompiledQueryCache()
    assert cache.rows("by-slug", by_slug("kumla"), ["kumla"]) == [{"slug": "kumla", "name": "Kumla kommun"}]
    built = []

    def must_not_build():
        built.append(1)
        return by_slug("x")()

    with django_assert_num_queries(1):
        assert cache.rows("by-slug", must_not_build, ["laxa"]) == [{"slug": "laxa", "name": "Laxå kommun"}]
    assert built == [] and (cache.hits, cache.misses) == (1, 1)
    # The constant compiled into the statement stays: the county board is no municipality.
    assert cache.rows("by-slug", must_not_build, ["lansstyrelsen"]) == []


def test_a_different_key_compiles_its_own_statement(organisations):
    cache = CompiledQueryCache()
    cache.rows("municipality", by_slug("kumla"), ["kumla"])
    rows = cache.rows("county board", by_slug("lansstyrelsen", kind="county_board"), ["lansstyrelsen"])
    assert [r["slug"] for r in rows] == ["lansstyrelsen"] and len(cache) == 2 and cache.misses == 2


def test_slots_inside_expressions(organisations):
    cache = CompiledQueryCache()

    def build(prefix):
        return lambda: (
            Organisation.objects.annotate(label=Concat(Value(Slot(prefix, 0)), "name"))
            .filter(kind="municipality")
            .order_by("name")
            .values("label")
        )

    assert [r["label"] for r in cache.rows("label", build("A: "), ["A: "])] == ["A: Kumla kommun", "A: Laxå kommun"]
    assert [r["label"] for r in cache.rows("label", build("?"), ["B: "])] == ["B: Kumla kommun", "B: Laxå kommun"]


def test_least_recently_used_statement_is_evicted():
    cache = CompiledQueryCache(maxsize=2)
    for key in ("a", "b", "a", "c"):
        cache.rows(key, by_slug("kumla"), ["kumla"])
    assert len(cache) == 2 and cache.misses == 3 and cache.hits == 1
    cache.rows("a", by_slug("kumla"), ["kumla"])
    assert cache.hits == 2  # "a" was used last before "c" came: "b" went
    cache.rows("b", by_slug("kumla"), ["kumla"])
    assert cache.misses == 4


def test_wrap_runs_around_the_compiled_statement(organisations):
    cache = CompiledQueryCache()
    rows = cache.rows(
        "count", by_slug("kumla"), ["kumla"], wrap=lambda sql: f"SELECT count(*) AS n, max(r.slug) AS s FROM ({sql}) r"
    )
    assert rows == [{"n": 1, "s": "kumla"}]


def test_a_query_the_orm_knows_is_empty_gives_none_without_asking(django_assert_num_queries):
    cache = CompiledQueryCache()
    with django_assert_num_queries(0):
        assert cache.rows("none", lambda: Organisation.objects.none().values("slug"), []) is None
        assert cache.rows("none", lambda: Organisation.objects.none().values("slug"), []) is None
