"""What monitoring adds to the core and to plans: recorded states, late work on the dashboards."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring import health, states
from monitoring.content import in_force_activities
from monitoring.models import ActivityProgress
from pendampingan.access import Role
from pendampingan.models import Party
from pendampingan.registry import AgreementSection, MenuLink, WaitingItem
from plans.models import Activity, Plan, PlanRevision


def late_activities_waiting(actor, agreements):
    """Late activities of the plans in force of the actor's open agreements, for both parties.

    Two queries whatever the number of agreements: activities past their due
    date, then the entries recorded for them.
    """
    by_pk = {a.pk: a for a in agreements if a.is_open}
    if actor.party is None or not by_pk:
        return []
    today = timezone.localdate()
    overdue = list(
        Activity.objects.filter(
            revision__plan__agreement__in=list(by_pk),
            revision__status=PlanRevision.Status.IN_FORCE,
            revision__plan__status=Plan.Status.IN_FORCE,
            due_date__lt=today,
        )
        .select_related("revision__plan")
        .order_by("due_date", "title")
    )
    if not overdue:
        return []
    entries = ActivityProgress.objects.filter(
        agreement__in=list(by_pk), activity_key__in=[a.key for a in overdue]
    ).only("activity_key", "reported_on", "created_at", "status", "actual_start", "actual_end")
    found = states.activity_states(overdue, entries, today)
    items = []
    for activity in overdue:
        state = found[activity.key]
        if not state.is_late:
            continue
        agreement_pk = activity.revision.plan.agreement_id
        items.append(
            WaitingItem(
                agreement=by_pk[agreement_pk],
                title=state.late_detail,
                detail=_("responsible: %(party)s") % {"party": activity.get_responsible_party_display()},
                url=reverse("monitoring:activity", kwargs={"pk": agreement_pk, "key": activity.key}),
            )
        )
    return items


def progress_section(request, agreement_access):
    """The agreement page's progress section: how many activities are done and late, two queries."""
    agreement = agreement_access.agreement
    activities = list(in_force_activities(agreement))
    entries = ActivityProgress.objects.filter(
        agreement=agreement, activity_key__in=[a.key for a in activities]
    )
    found = states.activity_states(activities, entries, timezone.localdate()).values() if activities else []
    return AgreementSection(
        title=_("Progress"),
        template="monitoring/_agreement_section.html",
        context={
            "agreement": agreement,
            "activities": len(activities),
            "done": sum(1 for s in found if s.is_done),
            "late": sum(1 for s in found if s.is_late),
        },
    )


def portfolio_link(actor):
    """The institution's staff see the health of every agreement they may see, the worst first."""
    if actor.party != Party.INSTITUTION and actor.role != Role.ADMIN:
        return []
    return [MenuLink(label=_("Portfolio"), url=reverse("monitoring:portfolio"))]


def health_section(request, agreement_access):
    """The agreement page's health line, with its reasons: the queries ``deviations.find`` makes."""
    agreement = agreement_access.agreement
    found = health.health_of([agreement], timezone.localdate())[agreement.pk]
    if found.level in {health.Health.NOT_RUNNING, health.Health.ENDED}:
        return None
    return AgreementSection(
        title=_("Health"),
        template="monitoring/_health_section.html",
        context={"agreement": agreement, "health": found},
    )
