"""What the plans app adds to the core: dashboard items, the agreement page's plan section, period checks."""

from django.utils.translation import gettext as _

from pendampingan import approvals
from pendampingan.registry import AgreementSection, WaitingItem
from plans.models import Indicator, PlanRevision, Stage


def plan_revisions_waiting(actor, agreements):
    """Draft plan revisions whose current version the actor's party has not approved."""
    by_pk = {a.pk: a for a in agreements if a.is_open}
    if not by_pk or not (actor.is_group or actor.is_coordinator):
        return []
    drafts = (
        PlanRevision.objects.filter(plan__agreement__in=list(by_pk), status=PlanRevision.Status.DRAFT)
        .select_related("plan")
        .prefetch_related("approvals")
    )
    return [
        WaitingItem(
            agreement=by_pk[draft.plan.agreement_id],
            title=_("Plan, cycle %(cycle)s, revision %(number)s")
            % {"cycle": draft.plan.cycle, "number": draft.number},
            detail=_("needs your approval"),
            url=draft.url(),
        )
        for draft in approvals.awaiting(actor, drafts)
    ]


def plan_section(actor, agreement_access):
    revisions = list(
        PlanRevision.objects.filter(plan__agreement=agreement_access.agreement)
        .select_related("plan")
        .order_by("-plan__cycle", "-number")[:5]
    )
    return AgreementSection(
        title=_("Plan"),
        template="plans/_agreement_section.html",
        context={"revisions": revisions, "agreement": agreement_access.agreement},
    )


def plan_items_outside(agreement, start, end):
    """Stages and indicators of the plan in force or in preparation that a new period would cut off."""
    current = PlanRevision.objects.filter(
        plan__agreement=agreement, status__in=[PlanRevision.Status.DRAFT, PlanRevision.Status.IN_FORCE]
    )
    stages = Stage.objects.filter(revision__in=current).exclude(start_date__gte=start, end_date__lte=end)
    indicators = Indicator.objects.filter(revision__in=current).exclude(
        target_date__gte=start, target_date__lte=end
    )
    return [_("stage “%(name)s”") % {"name": s.name} for s in stages.distinct()] + [
        _("indicator “%(name)s”") % {"name": i.name} for i in indicators.distinct()
    ]
