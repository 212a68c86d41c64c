"""What an evaluation finds, computed from the record: nothing here is typed by anyone.

For the activities and indicators in its scope (one activity, a stage, or a whole plan
cycle), on a given day:

- each indicator's target, the value achieved (the latest measured on or before the day)
  and the share of the way from baseline to target, in per cent;
- **effectiveness**: the indicators' achievement, each counted at most 100% and at least 0%,
  weighted as the plan weighs them;
- the activities done on time, done late, not done (yet) and cancelled;
- **efficiency**, against the plan: effectiveness divided by the share of the planned budget
  spent, and by the share of the planned time used (the activities' actual days over their
  planned days). 100% means as much was achieved per rupiah, or per day, as planned;
- the attendance of routine meetings, corrective actions opened and closed, the mutual
  assessment's average scores per round, and the share of activities the group leads itself
  against the previous cycle's plan.

Nine queries whatever the scope holds, and the same nine for the evaluations of a whole portfolio.
"""

import datetime
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q, Subquery
from django.utils import timezone

from monitoring.indicators import latest_first, percent_achieved
from monitoring.models import (
    ActivityProgress,
    AssessmentRound,
    CorrectiveAction,
    IndicatorValue,
    ProgressStatus,
    Score,
)
from monitoring.states import activity_states
from plans.metrics import plan_figures
from plans.models import Activity, Indicator, Lead, PlanRevision, Stage
from records.models import Attendance

HUNDRED = Decimal(100)


def rounded(value, places=0):
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def ratio(part, whole):
    """``part`` of ``whole`` in per cent, or None when there is no whole to speak of."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole) * HUNDRED


@dataclass
class IndicatorResult:
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    achieved: Decimal | None
    weight: int
    percent: Decimal | None

    @property
    def counted(self):
        """The achievement as effectiveness counts it: between 0 and 100%; nothing measured counts 0."""
        if self.percent is None:
            return Decimal(0)
        return min(max(self.percent, Decimal(0)), HUNDRED)


@dataclass
class ActivityResult:
    title: str
    start_date: datetime.date
    due_date: datetime.date
    status: str
    label: str
    budget: int
    spent: int


@dataclass
class Results:
    start: datetime.date
    end: datetime.date
    on: datetime.date
    indicators: list = field(default_factory=list)
    activity_rows: list = field(default_factory=list)
    attendance_by_meeting: list = field(default_factory=list)
    activities: int = 0
    done_on_time: int = 0
    done_late: int = 0
    not_done: int = 0
    cancelled: int = 0
    budget_planned: int = 0
    budget_spent: int = 0
    days_planned: int = 0
    days_used: int = 0
    meetings_held: int = 0
    attendance_present: int = 0
    attendance_listed: int = 0
    actions_opened: int = 0
    actions_closed: int = 0
    scores: list = field(default_factory=list)
    group_led_share: Decimal | None = None
    previous_group_led_share: Decimal | None = None

    @property
    def effectiveness(self):
        """The indicators' achievement, weighted as the plan weighs them; None without indicators."""
        weights = sum(i.weight for i in self.indicators)
        if not weights:
            return None
        return sum(i.counted * i.weight for i in self.indicators) / weights

    @property
    def budget_used(self):
        return ratio(self.budget_spent, self.budget_planned)

    @property
    def time_used(self):
        return ratio(self.days_used, self.days_planned)

    @property
    def cost_efficiency(self):
        """Effectiveness ÷ share of the planned budget spent; None with no budget or nothing spent."""
        if self.effectiveness is None or not self.budget_used:
            return None
        return self.effectiveness / self.budget_used * HUNDRED

    @property
    def time_efficiency(self):
        """Effectiveness ÷ share of the planned time used; None when no activity has started."""
        if self.effectiveness is None or not self.time_used:
            return None
        return self.effectiveness / self.time_used * HUNDRED

    @property
    def attendance_rate(self):
        return ratio(self.attendance_present, self.attendance_listed)

    @property
    def independence_change(self):
        if self.group_led_share is None or self.previous_group_led_share is None:
            return None
        return self.group_led_share - self.previous_group_led_share


def revision_of(agreement, cycle):
    """The revision of the cycle's plan that counts: the one in force, else the last superseded."""
    return (
        PlanRevision.objects.filter(
            plan__agreement=agreement,
            plan__cycle=cycle,
            status__in=[PlanRevision.Status.IN_FORCE, PlanRevision.Status.SUPERSEDED],
        )
        .order_by("status", "-number")  # "in_force" sorts before "superseded"
        .select_related("plan")
        .first()
    )


class Loaded:
    """What the evaluations of many agreements read, each kind in one query: their revisions, stages,
    activities, indicators, progress, indicator values, attendance per meeting, corrective actions and
    scores."""

    def __init__(self, evaluations, on):
        evaluations = list(evaluations)
        agreements = {e.agreement_id for e in evaluations}
        pairs = {(e.agreement_id, e.cycle) for e in evaluations}
        pairs |= {(e.agreement_id, e.cycle - 1) for e in evaluations if e.level == "cycle" and e.cycle > 1}
        self.revisions = {}
        counted = [PlanRevision.Status.IN_FORCE, PlanRevision.Status.SUPERSEDED]
        # The agreements' revisions, kept for the cycles wanted: one condition per (agreement, cycle)
        # would grow the query past what a database parses for thousands of agreements.
        found = PlanRevision.objects.filter(
            plan__agreement_id__in=agreements,
            plan__cycle__in={cycle for _a, cycle in pairs},
            status__in=counted,
        ).select_related("plan")
        # "in_force" sorts before "superseded": the revision in force counts, else the last one superseded.
        for revision in found.order_by("status", "-number"):
            key = (revision.plan.agreement_id, revision.plan.cycle)
            if key in pairs:
                self.revisions.setdefault(key, revision)
        revision_ids = [r.pk for r in self.revisions.values()]
        # Each kind read from its own table alone, ordered by its own columns: an activity's stage
        # and an indicator's activity are set from the rows read just before, since joining them
        # (or ordering by a model's default, which joins up to the agreement) read whole tables.
        stages = list(
            Stage.objects.filter(revision__in=revision_ids).order_by("revision_id", "order", "start_date")
        )
        self.stages = _grouped(stages, "revision_id")
        by_pk = {stage.pk: stage for stage in stages}
        activities = list(Activity.objects.filter(revision__in=revision_ids).order_by("start_date", "title"))
        for activity in activities:
            activity.stage = by_pk[activity.stage_id]
        self.activities = _grouped(activities, "revision_id")
        by_pk = {activity.pk: activity for activity in activities}
        indicators = list(Indicator.objects.filter(revision__in=revision_ids).order_by("name"))
        for indicator in indicators:
            if indicator.activity_id is not None:
                indicator.activity = by_pk[indicator.activity_id]
        self.indicators = _grouped(indicators, "revision_id")
        self.entries = _grouped(
            ActivityProgress.objects.filter(agreement__in=agreements, reported_on__lte=on).order_by(
                "agreement_id", "activity_key", "reported_on", "created_at", "pk"
            ),
            "agreement_id",
        )
        self.values = _grouped(
            IndicatorValue.objects.filter(agreement__in=agreements, measured_on__lte=on).order_by(
                "agreement_id", "indicator_key", "measured_on", "created_at", "pk"
            ),
            "agreement_id",
        )
        per_meeting = (
            Attendance.objects.filter(
                meeting__agreement__in=agreements,
                meeting__held_on__lte=on,
                meeting__status="held",
                member__isnull=False,
            )
            .values("meeting__agreement_id", "meeting_id", "meeting__held_on")
            .annotate(listed=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)))
            .order_by("meeting__held_on", "meeting_id")
        )
        self.meetings = {}
        for row in per_meeting:
            self.meetings.setdefault(row["meeting__agreement_id"], []).append(row)
        self.actions = {}
        for agreement_id, created_at, status in (
            CorrectiveAction.objects.filter(agreement__in=agreements)
            .order_by("agreement_id", "due_date", "pk")
            .values_list("agreement_id", "created_at", "status")
        ):
            self.actions.setdefault(agreement_id, []).append((timezone.localdate(created_at), status))
        self.scores = {}
        # Only rounds both parties completed: until then neither sees what the other scored.
        complete = (
            AssessmentRound.objects.filter(agreement__in=agreements)
            .annotate(cards=Count("scorecards", filter=Q(scorecards__submitted_at__isnull=False)))
            .filter(cards=2)
            .values("pk")
        )
        given = (
            Score.objects.filter(scorecard__round__in=Subquery(complete))
            # The score each party was given by the other, not what it gave itself.
            .exclude(about_party=F("scorecard__party"))
            .values(
                "scorecard__round__agreement_id",
                "scorecard__round__number",
                "scorecard__round__opened_on",
                "about_party",
            )
            .annotate(average=Avg("score"))
            .order_by("scorecard__round__number", "about_party")
        )
        for row in given:
            self.scores.setdefault(row["scorecard__round__agreement_id"], []).append(row)


def _grouped(queryset, attribute):
    grouped = {}
    for item in queryset:
        grouped.setdefault(getattr(item, attribute), []).append(item)
    return grouped


def scope(evaluation, loaded=None):
    """The activities and indicators an evaluation covers, and its period."""
    loaded = loaded or Loaded([evaluation], evaluation.agreement.end_date)
    agreement = evaluation.agreement
    revision = loaded.revisions.get((evaluation.agreement_id, evaluation.cycle))
    if revision is None:
        return [], [], agreement.start_date, agreement.end_date
    activities = loaded.activities.get(revision.pk, [])
    indicators = loaded.indicators.get(revision.pk, [])
    level, key = evaluation.level, evaluation.subject_key
    start = end = None
    if level == evaluation.Level.ACTIVITY:
        activities = [a for a in activities if a.key == key]
        indicators = [i for i in indicators if i.activity is not None and i.activity.key == key]
        if activities:
            start, end = activities[0].start_date, activities[0].due_date
    elif level == evaluation.Level.STAGE:
        activities = [a for a in activities if a.stage.key == key]
        indicators = [i for i in indicators if i.activity is not None and i.activity.stage.key == key]
        stage = next((s for s in loaded.stages.get(revision.pk, []) if s.key == key), None)
        if stage is not None:
            start, end = stage.start_date, stage.end_date
    elif activities:
        start = min(a.start_date for a in activities)
        end = max(a.due_date for a in activities)
    return activities, indicators, start or agreement.start_date, end or agreement.end_date


def _days(start, end):
    return max((end - start).days + 1, 0)


def compute(evaluation, on):
    """The evaluation's figures as the record stands on ``on``: nine queries."""
    return compute_many([evaluation], on)[0]


def compute_many(evaluations, on, period=None):
    """The figures of each of ``evaluations`` on ``on``, in the same nine queries however many.

    ``period`` (start, end), when given, bounds the meetings and corrective actions counted
    instead of each evaluation's own period (a portfolio over a chosen period).
    """
    evaluations = list(evaluations)
    loaded = Loaded(evaluations, on)
    return [_compute(evaluation, on, loaded, period) for evaluation in evaluations]


def _compute(evaluation, on, loaded, period):
    agreement_id = evaluation.agreement_id
    activities, indicators, start, end = scope(evaluation, loaded)
    results = Results(start=start, end=end, on=on)
    keys = {a.key for a in activities}
    entries = [e for e in loaded.entries.get(agreement_id, []) if e.activity_key in keys]
    states = activity_states(activities, entries, on) if activities else {}
    latest_spent = {}
    for activity in activities:
        state = states[activity.key]
        results.activities += 1
        results.budget_planned += activity.budget_total
        if state.status == ProgressStatus.CANCELLED:
            results.cancelled += 1
        elif state.is_done and state.is_done_late:
            results.done_late += 1
        elif state.is_done:
            results.done_on_time += 1
        else:
            results.not_done += 1
        latest = state.latest
        if latest is not None:
            latest_spent[activity.key] = latest.spent_institution + latest.spent_group + latest.spent_other
        results.activity_rows.append(
            ActivityResult(
                title=activity.title,
                start_date=activity.start_date,
                due_date=activity.due_date,
                status=state.status,
                label=str(state.label),
                budget=activity.budget_total,
                spent=latest_spent.get(activity.key, 0),
            )
        )
        if state.status != ProgressStatus.CANCELLED:
            results.days_planned += _days(activity.start_date, activity.due_date)
            if state.actual_start is not None:
                finished = latest.actual_end if state.is_done and latest.actual_end else on
                results.days_used += _days(state.actual_start, min(finished, on))
    results.budget_spent = sum(latest_spent.values())

    by_key = {}
    for value in loaded.values.get(agreement_id, []):
        by_key.setdefault(value.indicator_key, []).append(value)
    for indicator in indicators:
        measured = latest_first(by_key.get(indicator.key, []))
        achieved = measured[0].value if measured else None
        percent = (
            percent_achieved(indicator.baseline, indicator.target, achieved) if achieved is not None else None
        )
        results.indicators.append(
            IndicatorResult(
                name=indicator.name,
                unit=indicator.unit,
                baseline=indicator.baseline,
                target=indicator.target,
                achieved=achieved,
                weight=indicator.weight,
                percent=percent,
            )
        )

    first, last = period or (start, min(end, on))
    results.attendance_by_meeting = [
        {"date": row["meeting__held_on"], "present": row["present"], "listed": row["listed"]}
        for row in loaded.meetings.get(agreement_id, [])
        if first <= row["meeting__held_on"] <= last
    ]
    results.meetings_held = len(results.attendance_by_meeting)
    results.attendance_listed = sum(row["listed"] for row in results.attendance_by_meeting)
    results.attendance_present = sum(row["present"] for row in results.attendance_by_meeting)

    actions = [status for day, status in loaded.actions.get(agreement_id, []) if first <= day <= last]
    results.actions_opened = len(actions)
    results.actions_closed = sum(1 for status in actions if status == CorrectiveAction.Status.CLOSED)

    results.group_led_share = _group_led(activities)
    if evaluation.level == evaluation.Level.CYCLE:
        results.scores = [
            {
                "round": row["scorecard__round__number"],
                "about": row["about_party"],
                "average": rounded(Decimal(str(row["average"])), 2),
            }
            for row in loaded.scores.get(agreement_id, [])
            if first <= row["scorecard__round__opened_on"] <= last
        ]
        previous = loaded.revisions.get((agreement_id, evaluation.cycle - 1))
        if previous is not None:
            results.previous_group_led_share = _group_led(loaded.activities.get(previous.pk, []))
    return results


def _group_led(activities):
    if not activities:
        return None
    figures = plan_figures(activities)
    return ratio(figures.by_lead[Lead.GROUP], figures.activities)


def as_data(results):
    """The figures as plain data (texts for numbers, ISO dates), to keep with an approved evaluation."""

    def plain(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    data = plain(asdict(results))
    for name in (
        "effectiveness",
        "cost_efficiency",
        "time_efficiency",
        "budget_used",
        "time_used",
        "attendance_rate",
        "independence_change",
    ):
        data[name] = plain(getattr(results, name))
    return data


def from_data(data):
    """Results back from ``as_data``: an approved evaluation shows the figures it was approved with."""

    def number(value):
        return Decimal(value) if value is not None else None

    indicators = [
        IndicatorResult(
            name=i["name"],
            unit=i["unit"],
            baseline=number(i["baseline"]),
            target=number(i["target"]),
            achieved=number(i["achieved"]),
            weight=i["weight"],
            percent=number(i["percent"]),
        )
        for i in data["indicators"]
    ]
    activity_rows = [
        ActivityResult(
            **dict(
                row,
                start_date=datetime.date.fromisoformat(row["start_date"]),
                due_date=datetime.date.fromisoformat(row["due_date"]),
            )
        )
        for row in data["activity_rows"]
    ]
    skip = {"indicators", "activity_rows"}
    plain = {k: v for k, v in data.items() if k in Results.__dataclass_fields__ and k not in skip}
    plain["attendance_by_meeting"] = [
        dict(row, date=datetime.date.fromisoformat(row["date"])) for row in plain["attendance_by_meeting"]
    ]
    for name in ("start", "end", "on"):
        plain[name] = datetime.date.fromisoformat(plain[name])
    for name in ("group_led_share", "previous_group_led_share"):
        plain[name] = number(plain[name])
    plain["scores"] = [dict(s, average=number(s["average"])) for s in plain["scores"]]
    return Results(indicators=indicators, activity_rows=activity_rows, **plain)
