"""Reading progress in a fixed number of queries, and what the pages show of it."""

from django.db.models import Min
from django.http import Http404
from django.utils.translation import gettext as _

from monitoring import indicators, states
from monitoring.models import ActivityProgress
from pendampingan import charts
from pendampingan.formatting import rupiah
from plans.models import Activity, Commitment, Indicator


def in_force_commitments(agreement):
    """The roles and responsibilities (commitments) of the plan in force: one query."""
    return Commitment.objects.in_force(agreement)


def concerned(agreement, report):
    """``{"commitment": …, "activity": …}``: what a reported deviation names, as the plan in force
    has it (None where it names nothing, or what the plan in force no longer has)."""
    found = {"commitment": None, "activity": None}
    if report.commitment_key:
        found["commitment"] = in_force_commitments(agreement).filter(key=report.commitment_key).first()
    if report.activity_key:
        found["activity"] = Activity.objects.in_force(agreement).filter(key=report.activity_key).first()
    return found


def reported_behind(agreement, deviation_key):
    """The agreement's reported deviation that the key ``"reported:<pk>"`` names, or None."""
    kind, _sep, pk = deviation_key.partition(":")
    if kind != "reported" or not (pk.isascii() and pk.isdigit()):
        return None
    return agreement.reported_deviations.filter(pk=pk).first()


def get_activity(agreement, key):
    """The activity ``key`` of the plan in force, or a 404."""
    activity = Activity.objects.in_force(agreement).filter(key=key).first()
    if activity is None:
        raise Http404
    return activity


def entries_for(agreement, keys):
    return ActivityProgress.objects.filter(agreement=agreement, activity_key__in=list(keys))


def recorded_states(agreement, activities, today):
    """The ``activity_states`` hook: each activity's state from its entries, in one query."""
    activities = list(activities)
    if not activities:
        return {}
    entries = entries_for(agreement, {a.key for a in activities})
    return states.activity_states(activities, entries, today)


def progress_rows(agreement, today):
    """Stages of the plan in force with their activities' states, late ones first: two queries."""
    activities = list(Activity.objects.in_force(agreement).order_by("stage__order", "start_date", "title"))
    entries = entries_for(agreement, {a.key for a in activities}).select_related("created_by")
    by_key = states.activity_states(activities, entries, today)
    stages = {}
    for activity in activities:
        stages.setdefault(activity.stage, []).append(by_key[activity.key])
    grouped = [(stage, sorted(rows, key=lambda s: not s.is_late)) for stage, rows in stages.items()]
    revision = activities[0].revision if activities else None
    late = [by_key[a.key] for a in activities if by_key[a.key].is_late]
    return revision, grouped, sorted(late, key=lambda s: s.activity.due_date)


def in_force_indicators(agreement):
    """The indicators of the plan in force, with their revision and plan: one query.

    Each carries ``plan_in_force_since``, when its plan first came into force.
    """
    return (
        Indicator.objects.in_force(agreement)
        .select_related("revision__plan")
        .annotate(plan_in_force_since=Min("revision__plan__revisions__in_force_since"))
    )


def get_indicator(agreement, key):
    """The indicator ``key`` of the plan in force, or a 404."""
    indicator = in_force_indicators(agreement).filter(key=key).first()
    if indicator is None:
        raise Http404
    return indicator


def line_start(agreement, indicator):
    """Where an indicator's straight line starts: the baseline holds on this day.

    A first plan's baseline is the state when the agreement starts, even when the
    plan is approved weeks later; a later cycle's is the state when its plan came
    into force.
    """
    since = indicator.plan_in_force_since
    if indicator.revision.plan.cycle == 1 or since is None:
        return agreement.start_date
    return since.date()


def indicator_state(agreement, indicator, values, today):
    return indicators.indicator_state(
        indicator, values, line_start(agreement, indicator), today, tolerance=agreement.indicator_tolerance
    )


def indicator_rows(agreement, today):
    """The states of the indicators of the plan in force, behind ones first: two queries."""
    found = list(in_force_indicators(agreement).order_by("target_date", "name"))
    values = agreement.indicator_values.filter(indicator_key__in=[i.key for i in found]).select_related(
        "created_by"
    )
    by_key = {}
    for value in values:
        by_key.setdefault(value.indicator_key, []).append(value)
    rows = [indicator_state(agreement, i, by_key.get(i.key, []), today) for i in found]
    revision = found[0].revision if found else None
    return revision, sorted(rows, key=lambda s: not s.is_behind)


def spending_by_stage(grouped):
    """``[(stage, planned, spent)]``: each stage's budget and what its activities' latest entries spent."""
    rows = []
    for stage, states_ in grouped:
        planned = sum(s.activity.budget_total for s in states_)
        spent = sum(s.latest.spent_total for s in states_ if s.latest)
        rows.append((stage, planned, spent))
    return rows


def done_by_stage(grouped, today):
    """``[(stage, due by today, done)]``: how many activities should be done by now, and how many are."""
    return [
        (stage, sum(1 for s in states_ if s.activity.due_date < today), sum(1 for s in states_ if s.is_done))
        for stage, states_ in grouped
    ]


def progress_charts(grouped, today):
    spending = spending_by_stage(grouped)
    done = done_by_stage(grouped, today)
    # Numbers only under the bars: the table beside the chart names each stage.
    labels = [_("Stage %(number)s") % {"number": stage.order} for stage, *_rest in spending]
    return {
        "spending": spending,
        "spending_chart": charts.bar_chart(
            _("Budget and spending per stage"),
            labels,
            [(_("Planned"), [p for _s, p, _x in spending]), (_("Spent"), [x for _s, _p, x in spending])],
            formatter=rupiah,
            alt=_("Budget and spending per stage; the table below gives the figures."),
        ),
        "done": done,
        "done_chart": charts.bar_chart(
            _("Activities done per stage"),
            labels,
            [(_("Due by today"), [d for _s, d, _x in done]), (_("Done"), [x for _s, _d, x in done])],
            formatter=charts.whole_number,
            alt=_("Activities due by today and done, per stage; the table below gives the figures."),
        ),
    }


def indicator_chart(rows):
    """Each indicator's share of the way achieved against the share due by today, in per cent."""
    return charts.horizontal_bar_chart(
        _("Indicators: achieved and expected by today (%)"),
        # Numbers only beside the bars: the table below names each indicator.
        [str(n) for n in range(1, len(rows) + 1)],
        [
            (
                _("Achieved"),
                [None if s.percent is None else float(min(max(s.percent, 0), 100)) for s in rows],
            ),
            (_("Expected by today"), [float(s.expected_percent) for s in rows]),
        ],
        formatter=lambda v: f"{v:.0f}%",
        maximum=100,
        alt=_("Indicators, achieved against expected by today; the table gives the figures."),
    )


def export_rows(agreement):
    """Every progress entry and indicator value of the plan in force's activities and indicators,
    each with its activity or indicator: four queries."""
    activities = {a.key: a for a in Activity.objects.in_force(agreement)}
    found = {i.key: i for i in in_force_indicators(agreement)}
    entries = list(
        entries_for(agreement, activities).select_related("created_by").order_by("reported_on", "created_at")
    )
    values = list(
        agreement.indicator_values.filter(indicator_key__in=list(found))
        .select_related("created_by")
        .order_by("indicator_key", "measured_on", "created_at")
    )
    for entry in entries:
        entry.activity = activities[entry.activity_key]
    for value in values:
        value.indicator = found[value.indicator_key]
    entries.sort(
        key=lambda e: (e.activity.stage.order, e.activity.start_date, e.activity.title, e.reported_on)
    )
    values.sort(key=lambda v: (v.indicator.name, v.measured_on))
    return entries, values
