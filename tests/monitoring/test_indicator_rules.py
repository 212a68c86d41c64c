"""Where an indicator stands against the straight line from baseline to target, at the boundaries."""

import datetime
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from monitoring.indicators import indicator_state

D = datetime.date
START, TARGET_DATE = D(2026, 1, 1), D(2026, 11, 28)  # 331 days
HALFWAY = START + (TARGET_DATE - START) / 2  # mid-June: half of the way is due


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def indicator(baseline=0, target=100, target_date=TARGET_DATE):
    return SimpleNamespace(
        key=uuid.uuid4(), baseline=Decimal(baseline), target=Decimal(target), target_date=target_date
    )


def value(amount, measured_on=START, created=0, pk=None):
    return SimpleNamespace(
        value=Decimal(amount),
        measured_on=measured_on,
        created_at=datetime.datetime(2026, 1, 1, 8) + datetime.timedelta(minutes=created),
        pk=pk,
    )


def state_on(today, *values, tolerance=10, **fields):
    return indicator_state(indicator(**fields), list(values), START, today, tolerance=tolerance)


def test_with_no_value_yet_it_is_neither_behind_nor_achieved():
    state = state_on(HALFWAY)
    assert state.latest is None and state.percent is None
    assert (state.is_behind, state.label, state.percent_label) == (False, "No value yet", "—")


def test_exactly_on_the_line_it_is_on_track():
    today = START + datetime.timedelta(days=100)
    expected = state_on(today).expected_value
    state = state_on(today, value(expected))
    assert state.percent == state.expected_percent
    assert not state.is_behind and state.label == "On track"


def test_ten_points_below_the_line_is_still_on_track_and_more_is_behind():
    today = D(2026, 3, 1)
    expected = state_on(today).expected_percent
    assert not state_on(today, value(expected - 10)).is_behind
    behind = state_on(today, value(expected - Decimal("10.01")))
    assert behind.is_behind and behind.label == "Behind"


def test_the_agreement_sets_the_tolerance():
    today = D(2026, 3, 1)
    expected = state_on(today).expected_percent
    assert state_on(today, value(expected - Decimal("0.01")), tolerance=0).is_behind
    assert not state_on(today, value(expected), tolerance=0).is_behind
    assert not state_on(today, value(expected - 25), tolerance=25).is_behind
    assert state_on(today, value(expected - Decimal("25.01")), tolerance=25).is_behind


def test_the_line_runs_from_the_baseline_at_the_start_to_the_target_on_its_date():
    assert state_on(START, baseline=20, target=120).expected_value == 20
    assert state_on(TARGET_DATE, baseline=20, target=120).expected_value == 120
    # Before the line starts nothing is due yet: a value at the baseline is on track.
    assert not state_on(START - datetime.timedelta(days=5), value(20), baseline=20, target=120).is_behind


def test_once_the_target_date_passed_the_whole_way_is_due():
    state = state_on(TARGET_DATE + datetime.timedelta(days=30), value(89))
    assert state.expected_percent == 100 and state.expected_value == 100
    assert state.is_behind
    assert not state_on(TARGET_DATE + datetime.timedelta(days=30), value(90)).is_behind


def test_a_value_above_the_target_shows_as_more_than_achieved():
    state = state_on(HALFWAY, value(130))
    assert state.percent == 130 and state.percent_label == "100%+" and not state.is_behind


def test_a_value_below_the_baseline_shows_as_nothing_achieved():
    state = state_on(HALFWAY, value(5), baseline=10, target=20)
    assert state.percent < 0 and state.percent_label == "0%" and state.is_behind


def test_a_zero_target_counts_down_from_the_baseline():
    # Fewer cases of pest damage, from 8 to none: 2 left is 75% of the way.
    state = state_on(HALFWAY, value(2), baseline=8, target=0)
    assert state.percent == 75 and state.percent_label == "75%" and not state.is_behind
    assert state_on(TARGET_DATE, value(3), baseline=8, target=0).is_behind


def test_a_target_equal_to_the_baseline_is_achieved_while_the_value_holds():
    assert state_on(TARGET_DATE, value(5), baseline=5, target=5).percent == 100
    assert state_on(TARGET_DATE, value(4), baseline=5, target=5).is_behind
    zero = state_on(TARGET_DATE, value(0), baseline=0, target=0)
    assert zero.percent == 100 and not zero.is_behind and zero.expected_value == 0


def test_the_latest_measurement_counts_then_the_latest_written():
    values = [value(60, D(2026, 6, 1), created=0), value(10, D(2026, 5, 1), created=9)]
    assert state_on(HALFWAY, *values).latest.value == 60
    same_day = [value(30, D(2026, 6, 1), created=5), *values]
    assert state_on(HALFWAY, *same_day).latest.value == 30
