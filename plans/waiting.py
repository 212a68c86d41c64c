"""What the plans app adds to the dashboard and to the agreement page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from pendampingan import approvals
from pendampingan.registry import AgreementSection, WaitingItem
from plans.models import PlanRevision


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
            detail=_("version %(version)s needs your approval") % {"version": draft.version},
            url=reverse("plans:revision", kwargs={"pk": draft.plan.agreement_id, "revision_pk": draft.pk}),
        )
        for draft in approvals.awaiting(actor, drafts)
    ]


def plan_section(request, agreement_access):
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
