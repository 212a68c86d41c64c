"""Each deviation rule at its boundaries, and whose role each deviation concerns."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from monitoring import deviations, services
from monitoring.models import CorrectiveAction, ReportedDeviation
from plans.models import Indicator
from tests.monitoring.conftest import record, record_value
from tests.plans.conftest import add_activity

DAY = datetime.timedelta(days=1)


def found(agreement, today, kind):
    return [d for d in deviations.find([agreement], today)[agreement.pk] if d.kind == kind]


def keys(agreement, today, kind):
    return {d.key for d in found(agreement, today, kind)}


def test_an_activity_due_today_is_not_overdue_and_due_yesterday_is(agreement_in_force, activity):
    assert f"activity_overdue:{activity.key}" not in keys(
        agreement_in_force, activity.due_date, "activity_overdue"
    )
    late = found(agreement_in_force, activity.due_date + DAY, "activity_overdue")
    mine = [d for d in late if d.key == f"activity_overdue:{activity.key}"][0]
    assert mine.since == activity.due_date + DAY
    assert mine.party == activity.responsible_party


def test_a_done_or_cancelled_activity_is_never_overdue(agreement_in_force, activity, fiona_actor):
    record(fiona_actor, activity, status="done", percent_done=100, actual_end=activity.due_date + 5 * DAY)
    later = activity.due_date + 30 * DAY
    assert f"activity_overdue:{activity.key}" not in keys(agreement_in_force, later, "activity_overdue")


def test_started_on_the_planned_day_is_on_time_and_a_day_later_is_late(
    agreement_in_force, activity, fiona_actor
):
    on_time = record(fiona_actor, activity, actual_start=activity.start_date)
    day = activity.start_date + 10 * DAY
    assert f"activity_started_late:{activity.key}" not in keys(
        agreement_in_force, day, "activity_started_late"
    )
    services.progress_update(
        actor=fiona_actor,
        entry=on_time,
        read_version=on_time.lock_version,
        actual_start=activity.start_date + DAY,
    )
    assert f"activity_started_late:{activity.key}" in keys(agreement_in_force, day, "activity_started_late")


def test_a_late_start_no_longer_counts_once_the_activity_is_done(agreement_in_force, activity, fiona_actor):
    record(
        fiona_actor,
        activity,
        status="done",
        percent_done=100,
        actual_start=activity.start_date + DAY,
        actual_end=activity.start_date + 5 * DAY,
    )
    day = activity.start_date + 10 * DAY
    assert f"activity_started_late:{activity.key}" not in keys(
        agreement_in_force, day, "activity_started_late"
    )


def test_not_started_is_late_from_the_day_after_the_planned_start(agreement_in_force, activity):
    start = activity.start_date
    assert f"activity_started_late:{activity.key}" not in keys(
        agreement_in_force, start, "activity_started_late"
    )
    assert f"activity_started_late:{activity.key}" in keys(
        agreement_in_force, start + DAY, "activity_started_late"
    )


def test_an_overdue_activity_is_listed_once_as_overdue(agreement_in_force, activity):
    day = activity.due_date + DAY
    assert f"activity_started_late:{activity.key}" not in keys(
        agreement_in_force, day, "activity_started_late"
    )


def test_spending_equal_to_the_budget_is_fine_and_one_rupiah_more_is_over(
    agreement_in_force, activity, fiona_actor
):
    day = activity.start_date + DAY
    budget = activity.budget_total  # 1.000.000 from the institution, 200.000 swadaya
    record(fiona_actor, activity, reported_on=day, spent_institution=1_000_000, spent_group=200_000)
    assert not found(agreement_in_force, day, "spending_over_plan")
    record(fiona_actor, activity, reported_on=day + DAY, spent_institution=1_000_000, spent_group=200_001)
    over = found(agreement_in_force, day + DAY, "spending_over_plan")
    assert [d.key for d in over] == [f"spending_over_plan:{activity.key}"]
    assert budget == 1_200_000
    assert "Rp1.200.001" in over[0].detail and "Rp200.001" in over[0].detail


def test_with_no_budget_nothing_spent_is_fine_and_anything_spent_is_over(
    agreement_in_force, in_force, activity, fiona_actor
):
    unfunded = add_activity(in_force, activity.stage, "Tanpa anggaran", budget=(0, 0, 0), party="group")
    day = unfunded.start_date + DAY
    record(fiona_actor, unfunded, reported_on=day)
    assert f"spending_over_plan:{unfunded.key}" not in keys(agreement_in_force, day, "spending_over_plan")
    record(fiona_actor, unfunded, reported_on=day + DAY, spent_other=1)
    over = found(agreement_in_force, day + DAY, "spending_over_plan")
    assert [d.party for d in over if d.key == f"spending_over_plan:{unfunded.key}"] == ["group"]


@pytest.fixture
def target_day(indicator):
    """On the target date the whole way is due: the line stands at the target."""
    return indicator.target_date


def test_exactly_on_the_line_is_on_track(agreement_in_force, indicator, chair_actor, target_day):
    record_value(chair_actor, indicator, measured_on=target_day, value=10)
    assert not found(agreement_in_force, target_day, "indicator_behind")


def test_at_the_tolerance_it_is_on_track_and_below_it_behind(
    agreement_in_force, indicator, chair_actor, target_day
):
    # Target 10 from 0, tolerance 10 points: 9 is 90%, on the edge; 8.99 is behind.
    record_value(chair_actor, indicator, measured_on=target_day, value=9)
    assert not found(agreement_in_force, target_day, "indicator_behind")
    record_value(chair_actor, indicator, measured_on=target_day, value=Decimal("8.99"))
    behind = found(agreement_in_force, target_day, "indicator_behind")
    assert [d.key for d in behind] == [f"indicator_behind:{indicator.key}"]
    assert behind[0].party == indicator.activity.responsible_party


def test_the_agreements_tolerance_decides(agreement_in_force, indicator, chair_actor, target_day):
    record_value(chair_actor, indicator, measured_on=target_day, value=8)
    assert found(agreement_in_force, target_day, "indicator_behind")
    agreement_in_force.indicator_tolerance = 20
    agreement_in_force.save()
    assert not found(agreement_in_force, target_day, "indicator_behind")


def test_a_zero_target_is_achieved_by_any_value(agreement_in_force, in_force, chair_actor, indicator):
    zero = Indicator.objects.create(
        **Indicator.authored_like(in_force),
        revision=in_force,
        name="Kasus gagal panen",
        unit="kasus",
        baseline=0,
        target=0,
        target_date=indicator.target_date,
        means_of_verification="Catatan",
        reporting_party="group",
    )
    record_value(chair_actor, zero, measured_on=indicator.target_date, value=0)
    assert f"indicator_behind:{zero.key}" not in keys(
        agreement_in_force, indicator.target_date, "indicator_behind"
    )


def test_an_indicator_of_the_whole_plan_concerns_both_parties(
    agreement_in_force, in_force, chair_actor, indicator
):
    whole = Indicator.objects.create(
        **Indicator.authored_like(in_force),
        revision=in_force,
        name="Anggota aktif",
        unit="orang",
        target=20,
        target_date=indicator.target_date,
        means_of_verification="Daftar hadir",
        reporting_party="group",
    )
    record_value(chair_actor, whole, measured_on=indicator.target_date, value=1)
    behind = found(agreement_in_force, indicator.target_date, "indicator_behind")
    assert [d.party for d in behind if d.key == f"indicator_behind:{whole.key}"] == ["both"]


def test_a_corrective_action_due_today_is_not_overdue_and_due_yesterday_is(agreement_in_force, chair_actor):
    due = timezone.localdate()
    action = services.corrective_action_create(
        actor=chair_actor,
        agreement=agreement_in_force,
        title="Jadwal ulang pelatihan",
        owner_party="institution",
        owner_name="Fiona",
        due_date=due,
    )
    assert not found(agreement_in_force, due, "action_overdue")
    overdue = found(agreement_in_force, due + DAY, "action_overdue")
    assert [(d.key, d.party) for d in overdue] == [(f"action_overdue:{action.pk}", "institution")]
    CorrectiveAction.objects.filter(pk=action.pk).update(status=CorrectiveAction.Status.DONE)
    assert not found(agreement_in_force, due + DAY, "action_overdue")


def test_a_reported_deviation_counts_until_withdrawn(agreement_in_force, chair_actor):
    report = ReportedDeviation(
        agreement=agreement_in_force,
        concerns_party="institution",
        observed_on=datetime.date(2026, 10, 14),
        title="Pendamping tidak hadir pada pertemuan rutin Oktober",
    )
    report.stamp(chair_actor)
    report.save()
    today = datetime.date(2026, 10, 20)
    listed = found(agreement_in_force, today, "reported")
    assert [(d.party, d.reported) for d in listed] == [("institution", report)]
    ReportedDeviation.objects.filter(pk=report.pk).update(withdrawn_at=timezone.now())
    assert not found(agreement_in_force, today, "reported")


@pytest.mark.parametrize("extra", [0, 6])
def test_every_rule_takes_the_same_queries_whatever_the_data(
    agreement_in_force,
    in_force,
    activity,
    indicator,
    fiona_actor,
    chair_actor,
    extra,
    django_assert_num_queries,
):
    for n in range(extra):
        more = add_activity(in_force, activity.stage, f"Tambahan {n}")
        record(fiona_actor, more, spent_other=5_000_000)
        record_value(chair_actor, indicator, value=n)
    # The plans' activities, their entries, the indicators, their values, the corrective
    # actions, the reported deviations, the assessment rounds; the meetings and their attendance.
    with django_assert_num_queries(9):
        found = deviations.find([agreement_in_force], activity.due_date + DAY)
    assert len(found[agreement_in_force.pk]) >= extra
