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

Ten queries whatever the scope holds (two more for a later cycle, to compare with the one before).
"""

import datetime
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q

from monitoring.indicators import latest_first, percent_achieved
from monitoring.models import ActivityProgress, CorrectiveAction, IndicatorValue, ProgressStatus, Score
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


def scope(evaluation):
    """The activities and indicators an evaluation covers, and its period: three queries."""
    revision = revision_of(evaluation.agreement, evaluation.cycle)
    if revision is None:
        return [], [], evaluation.agreement.start_date, evaluation.agreement.end_date
    activities = Activity.objects.filter(revision=revision).select_related("stage")
    indicators = Indicator.objects.filter(revision=revision)
    level = evaluation.level
    if level == evaluation.Level.ACTIVITY:
        activities = activities.filter(key=evaluation.subject_key)
        indicators = indicators.filter(activity__key=evaluation.subject_key)
    elif level == evaluation.Level.STAGE:
        activities = activities.filter(stage__key=evaluation.subject_key)
        indicators = indicators.filter(activity__stage__key=evaluation.subject_key)
    activities = list(activities.order_by("start_date", "title"))
    indicators = list(indicators.order_by("name"))
    if level == evaluation.Level.STAGE:
        stage = Stage.objects.filter(revision=revision, key=evaluation.subject_key).first()
        start, end = (stage.start_date, stage.end_date) if stage else (None, None)
    elif level == evaluation.Level.ACTIVITY and activities:
        start, end = activities[0].start_date, activities[0].due_date
    else:
        start, end = evaluation.agreement.start_date, evaluation.agreement.end_date
        if activities:
            start = min(a.start_date for a in activities)
            end = max(a.due_date for a in activities)
    return (
        activities,
        indicators,
        start or evaluation.agreement.start_date,
        end or evaluation.agreement.end_date,
    )


def _days(start, end):
    return max((end - start).days + 1, 0)


def compute(evaluation, on):
    """The evaluation's figures as the record stands on ``on``."""
    agreement = evaluation.agreement
    activities, indicators, start, end = scope(evaluation)
    results = Results(start=start, end=end, on=on)
    keys = [a.key for a in activities]
    entries = list(
        ActivityProgress.objects.filter(agreement=agreement, activity_key__in=keys, reported_on__lte=on)
    )
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

    values = IndicatorValue.objects.filter(
        agreement=agreement, indicator_key__in=[i.key for i in indicators], measured_on__lte=on
    )
    by_key = {}
    for value in values:
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

    per_meeting = (
        Attendance.objects.filter(
            meeting__agreement=agreement,
            meeting__held_on__range=(start, min(end, on)),
            meeting__status="held",
            member__isnull=False,
        )
        .values("meeting_id", "meeting__held_on")
        .annotate(listed=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)))
        .order_by("meeting__held_on", "meeting_id")
    )
    results.attendance_by_meeting = [
        {"date": row["meeting__held_on"], "present": row["present"], "listed": row["listed"]}
        for row in per_meeting
    ]
    results.meetings_held = len(results.attendance_by_meeting)
    results.attendance_listed = sum(row["listed"] for row in results.attendance_by_meeting)
    results.attendance_present = sum(row["present"] for row in results.attendance_by_meeting)

    actions = CorrectiveAction.objects.filter(
        agreement=agreement, created_at__date__range=(start, min(end, on))
    )
    results.actions_opened = actions.count()
    results.actions_closed = actions.filter(status=CorrectiveAction.Status.CLOSED).count()

    if evaluation.level == evaluation.Level.CYCLE:
        results.scores = [
            {
                "round": row["scorecard__round__number"],
                "about": row["about_party"],
                "average": rounded(Decimal(str(row["average"])), 2),
            }
            # The score each party was given by the other, not what it gave itself.
            for row in Score.objects.filter(
                scorecard__round__agreement=agreement,
                scorecard__submitted_at__isnull=False,
                scorecard__round__opened_on__range=(start, min(end, on)),
            )
            .exclude(about_party=F("scorecard__party"))
            .values("scorecard__round__number", "about_party")
            .annotate(average=Avg("score"))
            .order_by("scorecard__round__number", "about_party")
        ]
        results.group_led_share = _group_led(activities)
        previous = revision_of(agreement, evaluation.cycle - 1) if evaluation.cycle > 1 else None
        if previous is not None:
            results.previous_group_led_share = _group_led(list(previous.activities.all()))
    else:
        results.group_led_share = _group_led(activities)
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
