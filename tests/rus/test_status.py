"""Part 3: the status rule at its edges (pure function, plus the model wiring)."""

from decimal import Decimal

import pytest

from rus.status import Status, compute_status, expected_value

PATH = {"baseline_year": 2020, "baseline_value": Decimal("100"), "target_year": 2030, "target_value": Decimal("200")}


def status(latest, higher=True, **overrides):
    return compute_status(**{**PATH, **overrides}, higher_is_better=higher, latest=latest).status


def test_expected_value_follows_the_straight_path_and_stops_at_the_target():
    assert expected_value(**PATH, year=2020) == Decimal("100")
    assert expected_value(**PATH, year=2025) == Decimal("150")
    assert expected_value(**PATH, year=2030) == Decimal("200")
    assert expected_value(**PATH, year=2035) == Decimal("200")
    assert expected_value(**PATH, year=2015) == Decimal("100")


def test_no_value_is_no_data():
    assert status(None) == Status.NO_DATA


def test_value_before_the_baseline_year_is_no_data():
    assert status((2019, Decimal("500"))) == Status.NO_DATA


def test_value_in_the_baseline_year_equal_to_baseline_is_on_track():
    assert status((2020, Decimal("100"))) == Status.ON_TRACK


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("150", Status.ON_TRACK),  # exactly on the path
        ("150.001", Status.ON_TRACK),
        ("149.999", Status.AT_RISK),  # just behind
        ("140", Status.AT_RISK),  # behind by exactly a tenth of the planned change (100): still at risk
        ("139.999", Status.OFF_TRACK),  # just beyond the band
        ("90", Status.OFF_TRACK),
    ],
)
def test_higher_is_better_edges_in_the_middle_of_the_period(value, expected):
    assert status((2025, Decimal(value))) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("150", Status.ON_TRACK),
        ("149", Status.ON_TRACK),  # lower is better: below the path is ahead
        ("160", Status.AT_RISK),
        ("160.001", Status.OFF_TRACK),
    ],
)
def test_lower_is_better_mirrors_the_rule(value, expected):
    # the same path read downwards: 200 in 2020 to 100 in 2030
    result = status(
        (2025, Decimal(value)),
        higher=False,
        baseline_value=Decimal("200"),
        target_value=Decimal("100"),
    )
    assert result == expected


def test_after_the_target_year_the_target_itself_is_expected():
    assert status((2032, Decimal("200"))) == Status.ON_TRACK
    assert status((2032, Decimal("195"))) == Status.AT_RISK
    assert status((2032, Decimal("189"))) == Status.OFF_TRACK


def test_a_target_to_hold_the_level_has_no_risk_band():
    flat = {"baseline_value": Decimal("50"), "target_value": Decimal("50")}
    assert status((2025, Decimal("50")), **flat) == Status.ON_TRACK
    assert status((2025, Decimal("49.9")), **flat) == Status.OFF_TRACK


def test_explanation_names_the_numbers_in_swedish_format():
    result = compute_status(**PATH, higher_is_better=True, latest=(2025, Decimal("1234.5")))
    assert "2025" in result.explanation and "1\xa0234,5" in result.explanation and "150" in result.explanation


@pytest.mark.django_db
def test_indicator_status_uses_the_county_latest_value(indicator, county):
    from rus.selectors import attach_status

    from .factories import IndicatorValueFactory

    (ind,) = attach_status([indicator])
    assert ind.target_status.status == Status.NO_DATA
    # path 70 (2018) -> 82 (2030); in 2024 the path is at 76, the band is 1.2
    IndicatorValueFactory(indicator=indicator, area=county, year=2023, value=Decimal("80"))
    IndicatorValueFactory(indicator=indicator, area=county, year=2024, value=Decimal("74.8"))
    (ind,) = attach_status([indicator])
    assert ind.latest[0] == 2024
    assert ind.target_status.status == Status.AT_RISK
