"""Reading a revision's content in a fixed number of queries, and what the pages show of it."""

from django.db.models import Prefetch

from pendampingan import registry
from pendampingan.charts import TimelineRow, timeline
from pendampingan.models import Party
from plans.access import revisions_with_approvals
from plans.metrics import plan_figures
from plans.models import Activity, Commitment, Indicator, PlanRevision, Stage


def load_contents(revisions):
    """Stages, activities, indicators and commitments of each revision: four queries in all."""
    pks = [r.pk for r in revisions]
    contents = {pk: {"stages": [], "activities": [], "indicators": [], "commitments": []} for pk in pks}
    for stage in Stage.objects.filter(revision__in=pks).order_by("order", "start_date"):
        contents[stage.revision_id]["stages"].append(stage)
    activities = Activity.objects.filter(revision__in=pks).select_related(
        "stage", "facilitator_in_charge", "member_in_charge", "created_by", "created_by_officer"
    )
    for activity in activities.order_by("stage__order", "start_date", "title"):
        contents[activity.revision_id]["activities"].append(activity)
    indicators = Indicator.objects.filter(revision__in=pks).select_related("activity")
    for indicator in indicators.order_by("activity__start_date", "name"):
        contents[indicator.revision_id]["indicators"].append(indicator)
    commitments = Commitment.objects.filter(revision__in=pks).select_related(
        "created_by", "created_by_officer"
    )
    for commitment in commitments.order_by("party", "order", "pk"):
        contents[commitment.revision_id]["commitments"].append(commitment)
    return contents


class ScheduleState:
    """Where an activity stands against its dates alone, when no pillar says what was recorded."""

    is_late = False

    def __init__(self, activity, today):
        self.label = Activity.Schedule(activity.schedule(today)).label


def with_states(agreement, activities, today):
    """Give each activity its ``state``: what a pillar recorded of it, else its place in the schedule.

    The pillars answer for all the activities at once (monitoring in one query).
    """
    recorded = {}
    for answer in registry.activity_states(agreement, activities, today):
        recorded.update(answer)
    for activity in activities:
        activity.state = recorded.get(activity.key) or ScheduleState(activity, today)
    return activities


def overview_context(plan_access, today):
    """The revision's page: its content, where each activity stands on ``today``, and what the
    user's party did with it."""
    revision = plan_access.revision
    context = revision_context(revision, today)
    context["access"] = plan_access
    context["own_approval"] = revision.approval_by(plan_access.party) if plan_access.party else None
    return context


def revision_context(revision, today, states=True):
    """What a revision shows, on its page and on paper. ``today`` marks the timeline; None for
    the paper of an approved revision, which reads the same whenever it is drawn. ``states`` is
    where each activity stands, which only the page shows."""
    agreement = revision.plan.agreement
    content = load_contents([revision])[revision.pk]
    if states:
        with_states(agreement, content["activities"], today)
    by_stage = {stage.pk: [] for stage in content["stages"]}
    for activity in content["activities"]:
        by_stage[activity.stage_id].append(activity)
    rows = []
    for stage in content["stages"]:
        rows.append(
            TimelineRow(
                label=f"{stage.order}. {stage.name}", start=stage.start_date, end=stage.end_date, kind="stage"
            )
        )
        for activity in by_stage[stage.pk]:
            rows.append(
                TimelineRow(
                    label=activity.title,
                    start=activity.start_date,
                    end=activity.due_date,
                    kind=f"lead-{activity.lead}",
                    note=activity.get_lead_display(),
                )
            )
    rows, axis = timeline(rows, agreement.start_date, agreement.end_date, today=today)
    siblings = list(
        PlanRevision.objects.filter(plan=revision.plan).exclude(pk=revision.pk).order_by("-number")
    )
    return {
        "today": today,
        "agreement": agreement,
        "revision": revision,
        "plan": revision.plan,
        "stages": [(stage, by_stage[stage.pk]) for stage in content["stages"]],
        "activities": content["activities"],
        "plan_indicators": [i for i in content["indicators"] if i.activity_id is None],
        "activity_indicators": [i for i in content["indicators"] if i.activity_id is not None],
        "commitments": {
            party: [c for c in content["commitments"] if c.party == party] for party in Party.values
        },
        "figures": plan_figures(content["activities"]),
        "timeline": rows,
        "timeline_axis": axis,
        "siblings": siblings,
        "draft": next((r for r in siblings if r.is_draft), None),
        "in_force": next((r for r in siblings if r.status == PlanRevision.Status.IN_FORCE), None),
        "institution_approval": revision.approval_by(Party.INSTITUTION),
        "group_approval": revision.approval_by(Party.GROUP),
    }


def cycle_figures(plans):
    """Participation figures of each cycle's revision in force, to compare cycles side by side."""
    in_force = list(
        revisions_with_approvals()
        .filter(plan__in=plans, status__in=[PlanRevision.Status.IN_FORCE, PlanRevision.Status.DRAFT])
        .prefetch_related(Prefetch("activities", queryset=Activity.objects.all()))
        .order_by("plan__cycle", "number")
    )
    chosen = {}
    for revision in in_force:
        if revision.plan_id not in chosen or revision.status == PlanRevision.Status.IN_FORCE:
            chosen[revision.plan_id] = revision
    return [
        (
            plan,
            chosen.get(plan.pk),
            plan_figures(chosen[plan.pk].activities.all()) if plan.pk in chosen else None,
        )
        for plan in plans
    ]
