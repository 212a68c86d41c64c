"""Two people writing to one agreement's plan at the same moment: exactly one rule-keeping write wins.

Every test plays several rounds, each with two writers let go together, so that a
race which only sometimes goes wrong shows up here. The loser is told why, never
shown a database error.
"""

from functools import partial

import pytest
from django.core.exceptions import ValidationError

from pendampingan import approvals
from pendampingan import services as agreement_services
from pendampingan.concurrency import EditConflict
from pendampingan.models import AgreementAmendment, Refused
from plans import services
from plans.models import Activity, Plan, PlanRevision, Stage
from tests.conftest import approve, approve_data, group_actor, institution_actor, make_agreement, race
from tests.plans.conftest import D, add_activity, add_stage

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 10


@pytest.fixture
def new_agreement(institution_a, group_a, alice, fiona):
    return lambda: make_agreement(institution_a, group_a, alice, [fiona])


@pytest.fixture
def institution(alice):
    return institution_actor(alice)


@pytest.fixture
def group(group_a, chair):
    return group_actor(group_a, chair)


def test_it_starts_one_plan_when_both_parties_start_one_at_once(new_agreement, institution, group):
    for _round in range(ROUNDS):
        agreement = new_agreement()
        outcomes = race(
            partial(services.plan_create, actor=institution, agreement=agreement),
            partial(services.plan_create, actor=group, agreement=agreement),
        )
        assert sorted(type(outcome).__name__ for outcome in outcomes) == ["PlanRevision", "Refused"], outcomes
        assert agreement.plans.filter(status=Plan.Status.PREPARING).count() == 1
        assert PlanRevision.objects.filter(plan__agreement=agreement).count() == 1


def adding_a_stage(actor, revision, start, end):
    stage = Stage(name="Panen raya", objective="Panen bersama.", start_date=start, end_date=end)
    return partial(services.plan_item_save, actor=actor, revision=revision, item=stage)


def test_it_shortens_an_agreed_period_or_adds_a_stage_beyond_it_never_both(new_agreement, institution, group):
    for _round in range(ROUNDS):
        agreement = new_agreement()
        approve(agreement, institution)
        approve(agreement, group)
        draft = services.plan_create(actor=institution, agreement=agreement)
        shorter = {**agreement.content(), "end_date": D(2026, 6, 30)}
        amendment = agreement_services.amendment_propose(
            actor=institution, agreement=agreement, reason="Dana berkurang.", **shorter
        )
        approve(amendment, institution)
        data = approve_data(amendment)
        approving, saving = race(
            partial(approvals.approve, subject=amendment, actor=group, **data),
            adding_a_stage(institution, draft, D(2026, 9, 1), D(2026, 10, 31)),
        )
        agreement.refresh_from_db()
        amendment.refresh_from_db()
        if isinstance(saving, Stage):
            assert isinstance(approving, Refused), approving
            assert agreement.end_date == D(2026, 12, 31)
            assert amendment.status == AgreementAmendment.Status.PROPOSED
            assert amendment.approvals.count() == 1
        else:
            assert isinstance(saving, ValidationError), saving
            assert type(approving) is tuple, approving
            assert agreement.end_date == D(2026, 6, 30)
            assert amendment.status == AgreementAmendment.Status.ADOPTED
            assert not draft.stages.exists()


def test_it_shortens_a_draft_period_or_adds_a_stage_beyond_it_never_both(new_agreement, institution):
    for _round in range(ROUNDS):
        agreement = new_agreement()
        draft = services.plan_create(actor=institution, agreement=agreement)
        updating, saving = race(
            partial(
                agreement_services.agreement_update,
                actor=institution,
                agreement=agreement,
                read_version=agreement.lock_version,
                end_date=D(2026, 6, 30),
            ),
            adding_a_stage(institution, draft, D(2026, 9, 1), D(2026, 10, 31)),
        )
        agreement.refresh_from_db()
        if isinstance(saving, Stage):
            assert isinstance(updating, Refused), updating
            assert agreement.end_date == D(2026, 12, 31)
        else:
            assert isinstance(saving, ValidationError), saving
            assert type(updating) is tuple, updating
            assert agreement.end_date == D(2026, 6, 30)
            assert not draft.stages.exists()


def test_it_keeps_one_of_two_edits_of_an_activity_read_at_the_same_time(draft, institution, group):
    stage = add_stage(draft, 1, D(2026, 1, 1), D(2026, 6, 30))
    activity = add_activity(draft, stage, "Pelatihan kompos")
    for round_ in range(ROUNDS):
        read = Activity.objects.get(pk=activity.pk)
        edits = [
            {"title": f"Pelatihan kompos {round_} (lembaga)", "budget_institution": 2_000_000},
            {"title": f"Pelatihan kompos {round_} (kelompok)", "budget_group": 500_000 + round_},
        ]
        outcomes = race(
            *(
                partial(
                    services.plan_item_save,
                    actor=actor,
                    revision=draft,
                    item=read,
                    read_version=read.lock_version,
                    **edit,
                )
                for actor, edit in zip([institution, group], edits, strict=True)
            )
        )
        assert sorted(type(outcome).__name__ for outcome in outcomes) == ["Activity", "EditConflict"], (
            outcomes
        )
        winner = edits[[type(outcome) for outcome in outcomes].index(Activity)]
        conflict = next(outcome for outcome in outcomes if isinstance(outcome, EditConflict))
        saved = Activity.objects.get(pk=activity.pk)
        assert {name: getattr(saved, name) for name in winner} == winner
        assert saved.lock_version == read.lock_version + 1
        assert conflict.current.lock_version == saved.lock_version
