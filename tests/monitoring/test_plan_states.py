"""The plan's pages show what was recorded of each activity, through the activity_states hook."""

import pytest

from pendampingan import registry
from tests.monitoring.conftest import record
from tests.plans.conftest import rurl

pytestmark = pytest.mark.django_db


def shown(response):
    return {a.title: a.state for a in response.context["activities"]}


def test_the_overview_shows_the_recorded_state(as_gita, in_force, activity, fiona_actor):
    record(fiona_actor, activity, status="done", percent_done=100, actual_end=activity.due_date)
    states = shown(as_gita.get(rurl("revision", in_force)))
    assert states[activity.title].is_done and not states[activity.title].is_late
    assert states["Kegiatan 2.2"].is_late


def test_the_activity_list_shows_the_recorded_state(as_alice, in_force, activity, chair_actor):
    record(chair_actor, activity, status="cancelled")
    response = as_alice.get(rurl("activities", in_force))
    assert shown(response)[activity.title].label == "Dibatalkan"
    assert "text-danger" in response.content.decode()


def test_without_monitoring_the_plan_shows_where_each_activity_stands_by_its_dates(as_alice, in_force):
    with registry.activity_states.replaced():
        states = shown(as_alice.get(rurl("activities", in_force)))
    assert {s.label for s in states.values()} == {"Lewat batas waktu"}
    assert not any(s.is_late for s in states.values())
