"""Reading progress in a fixed number of queries, and what the pages show of it."""

from django.http import Http404

from monitoring import states
from monitoring.models import ActivityProgress
from plans.models import Activity, Plan, PlanRevision


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
