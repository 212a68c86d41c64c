"""Reading progress in a fixed number of queries, and what the pages show of it."""

from django.db.models import Min
from django.http import Http404

from monitoring import indicators, states
from monitoring.models import ActivityProgress
from plans.models import Activity, Indicator, Plan, PlanRevision


def in_force_activities(agreement):
    """The activities of the plan in force, with their stages and revision: one query."""
    return Activity.objects.filter(
        revision__plan__agreement=agreement,
        revision__status=PlanRevision.Status.IN_FORCE,
        revision__plan__status=Plan.Status.IN_FORCE,
    ).select_related("stage", "revision__plan")


def get_activity(agreement, key):
    """The activity ``key`` of the plan in force, or a 404."""
    activity = in_force_activities(agreement).filter(key=key).first()
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
    activities = list(in_force_activities(agreement).order_by("stage__order", "start_date", "title"))
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
        Indicator.objects.filter(
            revision__plan__agreement=agreement,
            revision__status=PlanRevision.Status.IN_FORCE,
            revision__plan__status=Plan.Status.IN_FORCE,
        )
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
