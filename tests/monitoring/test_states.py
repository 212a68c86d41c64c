"""The state of an activity from its entries, at the boundaries of its dates."""

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.utils import translation

from monitoring.states import activity_state, activity_states

D = datetime.date
START, DUE = D(2026, 3, 1), D(2026, 3, 31)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def activity(**fields):
    return SimpleNamespace(key=uuid.uuid4(), title="Pelatihan", start_date=START, due_date=DUE, **fields)


def entry(reported_on, status, actual_start=None, actual_end=None, created=0, percent=0, pk=None):
    return SimpleNamespace(
        reported_on=reported_on,
        status=status,
        actual_start=actual_start,
        actual_end=actual_end,
        created_at=datetime.datetime(2026, 1, 1, 8) + datetime.timedelta(minutes=created),
        percent_done=percent,
        pk=pk,
    )


def test_it_is_not_started_and_not_late_without_entries_before_the_start():
    state = activity_state(activity(), [], START)
    assert (state.status, state.is_late, state.is_started_late) == ("not_started", False, False)
    assert state.latest is None and state.percent_done == 0


def test_it_is_started_late_the_day_after_the_planned_start_with_nothing_recorded():
    state = activity_state(activity(), [], START + datetime.timedelta(days=1))
    assert state.is_started_late and not state.is_late
    assert state.label == "Not started, planned start passed"


def test_it_is_not_late_on_its_due_date():
    assert not activity_state(activity(), [entry(START, "in_progress", START)], DUE).is_late


def test_it_is_late_the_day_after_its_due_date():
    state = activity_state(activity(), [entry(START, "in_progress", START)], DUE + datetime.timedelta(days=1))
    assert state.is_late
    assert state.label == "In progress, late"


def test_it_is_late_with_no_entries_once_the_due_date_passed():
    state = activity_state(activity(), [], DUE + datetime.timedelta(days=1))
    assert state.is_late and state.status == "not_started"


def test_done_on_the_due_date_is_done_in_time():
    state = activity_state(activity(), [entry(DUE, "done", START, DUE)], D(2026, 5, 1))
    assert (state.is_done, state.is_late, state.is_done_late) == (True, False, False)
    assert state.label == "Done" and state.percent_done == 100


def test_done_the_day_after_the_due_date_is_done_late():
    end = DUE + datetime.timedelta(days=1)
    state = activity_state(activity(), [entry(end, "done", START, end)], D(2026, 5, 1))
    assert state.is_done_late and not state.is_late
    assert state.label == "Done late"


def test_a_cancelled_activity_is_never_late():
    state = activity_state(activity(), [entry(START, "cancelled")], D(2026, 12, 1))
    assert (state.is_late, state.is_started_late, state.label) == (False, False, "Cancelled")


def test_a_postponed_activity_past_its_due_date_is_late():
    state = activity_state(activity(), [entry(START, "postponed", START)], DUE + datetime.timedelta(days=1))
    assert state.is_late and state.status == "postponed"


def test_an_actual_start_after_the_planned_start_is_a_late_start():
    later = START + datetime.timedelta(days=1)
    state = activity_state(activity(), [entry(later, "in_progress", later)], later)
    assert state.is_started_late and state.label == "In progress, started late"
    assert not activity_state(activity(), [entry(START, "in_progress", START)], later).is_started_late


def test_the_latest_report_date_decides_then_the_latest_written():
    entries = [
        entry(D(2026, 3, 20), "done", START, D(2026, 3, 20), created=0),
        entry(D(2026, 3, 10), "postponed", START, created=5),
    ]
    assert activity_state(activity(), entries, D(2026, 5, 1)).status == "done"
    same_day = [entry(D(2026, 3, 10), "in_progress", START, created=9), *entries[1:]]
    assert activity_state(activity(), same_day, D(2026, 3, 10)).status == "in_progress"


def test_states_follow_each_activity_by_its_key():
    first, second = activity(), activity()
    found = activity_states([first, second], [], D(2026, 5, 1))
    assert set(found) == {first.key, second.key}
    assert found[first.key].activity is first
