"""Both parties starting or drafting from one evaluation at the same moment: one wins, the other is told."""

from functools import partial

import pytest

from evaluation import services
from evaluation.models import Evaluation
from plans.models import Plan
from tests.conftest import approve, group_actor, institution_actor, race

pytestmark = pytest.mark.django_db(transaction=True)


def test_both_parties_starting_the_cycle_evaluation_at_once_start_one(
    agreement_in_force, alice, group_a, chair
):
    outcomes = race(
        partial(
            services.evaluation_start,
            actor=institution_actor(alice),
            agreement=agreement_in_force,
            level="cycle",
        ),
        partial(
            services.evaluation_start,
            actor=group_actor(group_a, chair),
            agreement=agreement_in_force,
            level="cycle",
        ),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["Evaluation", "Refused"], outcomes
    assert Evaluation.objects.count() == 1


def test_both_parties_drafting_the_next_plan_at_once_draft_one(agreement_in_force, alice, group_a, chair):
    evaluation = services.evaluation_start(
        actor=institution_actor(alice), agreement=agreement_in_force, level="cycle"
    )
    approve(evaluation, institution_actor(alice))
    approve(evaluation, group_actor(group_a, chair))
    evaluation.refresh_from_db()
    draft = {"evaluation": evaluation, "activity_keys": [], "new_titles": ["Baru"], "targets": {}}
    outcomes = race(
        partial(services.carry_forward, actor=institution_actor(alice), **draft),
        partial(services.carry_forward, actor=group_actor(group_a, chair), **draft),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["PlanRevision", "Refused"], outcomes
    assert Plan.objects.filter(agreement=agreement_in_force, cycle=2).count() == 1
