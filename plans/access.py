"""What a user may do on a plan: always decided through the agreement's access."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from pendampingan import access
from pendampingan.access import Denied, allowed_if
from pendampingan.models import Approval
from plans.models import PlanRevision


@dataclass
class PlanAccess(access.ContentAccess):
    revision: PlanRevision | None = None

    @property
    def can_start(self):
        """Both parties start a plan or a revision: coordinators, the agreement's facilitators, the group."""
        return self.can_contribute

    @property
    def can_edit(self):
        if self.revision is None or not self.revision.is_draft:
            return Denied(
                _(
                    "This revision is in force or replaced, so it no longer changes: "
                    "start a revision to change the plan."
                )
            )
        return self.can_contribute

    @property
    def can_approve(self):
        """A plan comes into force under an agreement both parties have agreed."""
        if not self.agreement.is_agreed:
            return Denied(_("The plan can be approved once both parties have agreed the agreement itself."))
        if not self.can_edit:
            return self.can_edit
        return self.can_approve_kind(PlanRevision)

    def can_edit_commitment(self, commitment):
        if not self.can_edit:
            return self.can_edit
        return allowed_if(commitment.party == self.party, _("Each party writes its own commitments."))


def revisions_with_approvals():
    approvals = Approval.objects.select_related("user", "officer")
    return PlanRevision.objects.select_related("plan", "created_by", "created_by_officer").prefetch_related(
        Prefetch("approvals", queryset=approvals)
    )


def get_revision_access(actor, agreement_pk, cycle, number):
    """``actor``'s plan access with revision ``number`` of the agreement's plan for ``cycle``; else 404."""
    plan_access = PlanAccess.for_actor(actor, agreement_pk)
    revision = (
        revisions_with_approvals()
        .filter(plan__agreement=plan_access.agreement, plan__cycle=cycle, number=number)
        .first()
    )
    if revision is None:
        raise Http404
    # The revision's agreement is the one already fetched with its parties.
    revision.plan.agreement = plan_access.agreement
    plan_access.revision = revision
    return plan_access


def get_item(plan_access, model, pk):
    return access.get_child(model.objects.all(), pk, revision=plan_access.revision)
