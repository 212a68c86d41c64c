"""The figures of an evaluation, on numbers worked out by hand."""

from decimal import Decimal

import pytest

from evaluation import results, services
from monitoring import services as monitoring
from plans.models import Activity, Indicator
from tests.plans.conftest import D

pytestmark = pytest.mark.django_db

ON = D(2026, 7, 15)


def progress(actor, activity, **fields):
    return monitoring.progress_create(
        actor=actor,
        agreement=activity.revision.plan.agreement,
        activity=activity,
        what_was_done="Dikerjakan.",
        **fields,
    )


MEASURED = D(2026, 6, 30)


def measure(actor, indicator, value, on=MEASURED):
    return monitoring.indicator_value_create(
        actor=actor,
        agreement=indicator.revision.plan.agreement,
        indicator=indicator,
        measured_on=on,
        value=value,
    )


@pytest.fixture
def recorded(in_force, cycle, fiona_actor):
    """Four activities of Rp1.200.000 each (Jan–Mar and Apr–Jun 2026) and their indicators (target 10).

    - 1.1 done on time, Rp1.000.000 spent, 1 Jan – 20 Mar (79 of 87 planned days), indicator at 10 (100%);
    - 1.2 done late, Rp1.500.000, 10 Jan – 10 Apr (91 of 87 days), indicator at 5 (50%);
    - 2.1 cancelled after spending Rp100.000, indicator at 15 (150%, counted as 100%), weighing 2;
    - 2.2 running since 1 Apr (106 days by 15 July, of 89 planned), Rp600.000, not measured (0%).
    """
    a = {x.title: x for x in Activity.objects.filter(revision=in_force)}
    i = {x.name: x for x in Indicator.objects.filter(revision=in_force)}
    Indicator.objects.filter(pk=i["Indikator 2.1"].pk).update(weight=2)
    progress(
        fiona_actor,
        a["Kegiatan 1.1"],
        reported_on=D(2026, 3, 20),
        status="done",
        percent_done=100,
        actual_start=D(2026, 1, 1),
        actual_end=D(2026, 3, 20),
        spent_institution=1_000_000,
    )
    progress(
        fiona_actor,
        a["Kegiatan 1.2"],
        reported_on=D(2026, 4, 10),
        status="done",
        percent_done=100,
        actual_start=D(2026, 1, 10),
        actual_end=D(2026, 4, 10),
        spent_institution=1_200_000,
        spent_group=300_000,
    )
    progress(
        fiona_actor,
        a["Kegiatan 2.1"],
        reported_on=D(2026, 4, 20),
        status="cancelled",
        actual_start=D(2026, 4, 1),
        spent_other=100_000,
    )
    progress(
        fiona_actor,
        a["Kegiatan 2.2"],
        reported_on=D(2026, 6, 1),
        status="in_progress",
        percent_done=40,
        actual_start=D(2026, 4, 1),
        spent_institution=600_000,
    )
    measure(fiona_actor, i["Indikator 1.1"], 10)
    measure(fiona_actor, i["Indikator 1.2"], 5)
    measure(fiona_actor, i["Indikator 2.1"], 15)
    return cycle


def test_the_plan_cycle_on_hand_checked_numbers(recorded):
    found = results.compute(recorded, ON)
    assert [i.percent for i in found.indicators] == [Decimal(100), Decimal(50), Decimal(150), None]
    # (100×1 + 50×1 + 100×2 + 0×1) ÷ 5
    assert found.effectiveness == Decimal(70)
    assert (found.done_on_time, found.done_late, found.cancelled, found.not_done) == (1, 1, 1, 1)
    assert (found.budget_spent, found.budget_planned) == (3_200_000, 4_800_000)
    # 70 ÷ 66,67% spent
    assert results.rounded(found.cost_efficiency, 1) == Decimal("105.0")
    # 79 + 91 + 106 days used of 87 + 87 + 89 planned (the cancelled one left out)
    assert (found.days_used, found.days_planned) == (276, 263)
    assert results.rounded(found.time_efficiency, 1) == Decimal("66.7")
    assert found.group_led_share == Decimal(50)


def test_a_value_measured_after_the_day_does_not_count(recorded, fiona_actor):
    indicator = Indicator.objects.get(name="Indikator 2.2", revision__status="in_force")
    measure(fiona_actor, indicator, 10, on=D(2026, 8, 1))
    assert results.compute(recorded, ON).effectiveness == Decimal(70)
    assert results.compute(recorded, D(2026, 8, 2)).effectiveness == Decimal(90)


def test_an_activity_is_evaluated_alone(in_force, recorded, fiona_actor, agreement_in_force):
    activity = Activity.objects.get(revision=in_force, title="Kegiatan 1.2")
    evaluation = services.evaluation_start(
        actor=fiona_actor, agreement=agreement_in_force, level="activity", subject_key=activity.key
    )
    found = results.compute(evaluation, ON)
    assert [i.name for i in found.indicators] == ["Indikator 1.2"]
    assert found.effectiveness == Decimal(50) and found.done_late == 1 and found.activities == 1
    assert (found.start, found.end) == (activity.start_date, activity.due_date)


def test_a_stage_is_evaluated_with_its_activities(in_force, recorded, fiona_actor, agreement_in_force):
    stage = in_force.stages.get(order=2)
    evaluation = services.evaluation_start(
        actor=fiona_actor, agreement=agreement_in_force, level="stage", subject_key=stage.key
    )
    found = results.compute(evaluation, ON)
    assert found.activities == 2 and (found.cancelled, found.not_done) == (1, 1)
    # (100×2 + 0×1) ÷ 3
    assert results.rounded(found.effectiveness, 2) == Decimal("66.67")


def test_nothing_done_yet(cycle):
    found = results.compute(cycle, D(2026, 1, 1))
    assert found.effectiveness == Decimal(0)
    assert found.time_used == Decimal(0) and found.time_efficiency is None
    assert found.budget_used == Decimal(0) and found.cost_efficiency is None
    assert found.attendance_rate is None


def test_a_target_equal_to_its_baseline_and_a_target_of_zero(in_force, cycle, fiona_actor):
    held = Indicator.objects.get(revision=in_force, name="Indikator 1.1")
    Indicator.objects.filter(pk=held.pk).update(baseline=0, target=0)
    lowered = Indicator.objects.get(revision=in_force, name="Indikator 1.2")
    Indicator.objects.filter(pk=lowered.pk).update(baseline=10, target=0)
    measure(fiona_actor, held, 0)
    measure(fiona_actor, lowered, 4)
    percents = {i.name: i.percent for i in results.compute(cycle, ON).indicators}
    assert percents["Indikator 1.1"] == Decimal(100)
    assert percents["Indikator 1.2"] == Decimal(60)


def test_no_budget_gives_no_cost_efficiency(in_force, recorded):
    Activity.objects.filter(revision=in_force).update(budget_institution=0, budget_group=0, budget_other=0)
    found = results.compute(recorded, ON)
    assert found.budget_used is None and found.cost_efficiency is None
    assert found.effectiveness == Decimal(70)


def test_no_indicator_gives_no_effectiveness(in_force, cycle):
    Indicator.objects.filter(revision=in_force).delete()
    found = results.compute(cycle, ON)
    assert found.effectiveness is None and found.cost_efficiency is None


def test_the_figures_survive_being_kept(recorded):
    found = results.compute(recorded, ON)
    kept = results.from_data(results.as_data(found))
    assert kept.effectiveness == found.effectiveness
    assert kept.cost_efficiency == found.cost_efficiency
    assert [i.percent for i in kept.indicators] == [i.percent for i in found.indicators]
    assert kept.start == found.start


def test_attendance_and_corrective_actions_in_the_period(recorded, fiona_actor, agreement_in_force):
    import datetime

    from records import services as records
    from tests.records.conftest import take_attendance

    meeting = records.meeting_create(
        actor=fiona_actor,
        agreement=agreement_in_force,
        title="Rapat",
        held_on=D(2026, 2, 5),
        start_time=datetime.time(14),
        place="Balai",
        agenda="",
    )
    take_attendance(fiona_actor, meeting, "present", Joko="absent")
    found = results.compute(recorded, ON)
    assert (found.meetings_held, found.attendance_present, found.attendance_listed) == (1, 2, 3)


def test_scores_show_only_once_both_parties_submitted_their_cards(cycle, fiona_actor, chair_actor):
    from django.utils import timezone

    from monitoring import services as monitoring
    from monitoring.models import AssessmentRound

    round_ = monitoring.assessment_open(actor=chair_actor, agreement=cycle.agreement)
    # Within the cycle's period (its activities run January to June 2026).
    AssessmentRound.objects.filter(pk=round_.pk).update(opened_on=D(2026, 3, 1))

    def card(actor, score):
        scores = {c.pk: (score, "") for c in round_.criteria.all()}
        monitoring.scorecard_save(actor=actor, round=round_, scores=scores, submit=True)

    card(chair_actor, 2)
    today = timezone.localdate()
    assert results.compute(cycle, today).scores == []
    card(fiona_actor, 4)
    found = {s["about"]: s["average"] for s in results.compute(cycle, today).scores}
    assert found == {"institution": Decimal(2), "group": Decimal(4)}


@pytest.mark.parametrize("many", [3, 3000])
def test_reading_many_agreements_evaluations_asks_a_query_of_the_same_shape(db, many):
    """One condition per agreement made a query SQLite refuses to parse past a thousand or so."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evaluation.models import Evaluation
    from evaluation.results import Loaded

    evaluations = [Evaluation(agreement_id=n + 1, cycle=1, level="cycle") for n in range(many)]
    with CaptureQueriesContext(connection) as captured:
        Loaded(evaluations, D(2026, 12, 1))
    assert " OR " not in captured[0]["sql"]
