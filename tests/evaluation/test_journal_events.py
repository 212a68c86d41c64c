"""The evaluations' services write one journal event per change, in the change's own transaction."""

import pytest

from evaluation import services
from pendampingan.models import Refused
from tests.conftest import approve, group_actor, institution_actor
from tests.events import mark, the_event, written_since

pytestmark = pytest.mark.django_db


def test_an_evaluation_started_changed_approved_and_carried_forward_are_events(
    agreement_in_force, fiona_actor, chair_actor, alice, group_a, chair
):
    since = mark()
    cycle = services.evaluation_start(actor=fiona_actor, agreement=agreement_in_force, level="cycle")
    event = the_event(since, "evaluation.started", actor=fiona_actor, obj=cycle)
    assert event.summary == {"title": cycle.title}

    since = mark()
    with pytest.raises(Refused):  # the other party's assessment is theirs to write
        services.evaluation_update(
            actor=chair_actor, evaluation=cycle, read_version=cycle.lock_version, institution_worked="x"
        )
    assert written_since(since) == []
    services.evaluation_update(
        actor=chair_actor, evaluation=cycle, read_version=cycle.lock_version, group_worked="Kompos jalan."
    )
    event = the_event(since, "evaluation.changed", actor=chair_actor, obj=cycle)
    assert (event.summary["fields"], event.summary["version"]) == (["group_worked"], 1)

    since = mark()
    approve(cycle, institution_actor(alice))
    approve(cycle, group_actor(group_a, chair))
    assert [(e.kind, e.party) for e in written_since(since)] == [
        ("evaluation.approved", "institution"),
        ("evaluation.approved", "group"),
        ("evaluation.final", ""),
    ]

    since = mark()
    revision = services.carry_forward(
        actor=chair_actor, evaluation=cycle, activity_keys=[], new_titles=["Rumah kompos kedua"], targets={}
    )
    # One change, one event: the evaluation's, naming the plan cycle it drafted.
    event = the_event(since, "evaluation.next_plan_drafted", actor=chair_actor, obj=cycle)
    assert event.summary == {"title": cycle.title, "cycle": revision.plan.cycle}
