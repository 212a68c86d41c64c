"""What a user may do on a plan: always decided through the agreement's access."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from pendampingan import access
from pendampingan.access import Role
from pendampingan.models import Agreement, Approval
from plans.models import PlanRevision


@dataclass
class PlanAccess(access.Permissions):
    agreement_access: access.AgreementAccess
    revision: PlanRevision | None = None

    @property
    def agreement(self):
        return self.agreement_access.agreement

    @property
    def actor(self):
        return self.agreement_access.actor

    @property
    def party(self):
        return self.actor.party

    @property
    def is_party(self):
        """Coordinators, the agreement's facilitators and the group's login build the plan together."""
        return self.actor.role in {Role.COORDINATOR, Role.FACILITATOR, Role.GROUP}

    @property
    def can_start(self):
        return self.is_party and self.agreement.is_open

    @property
    def can_edit(self):
        return (
            self.is_party and self.revision is not None and self.revision.is_draft and self.agreement.is_open
        )

    @property
    def can_approve(self):
        """A plan comes into force under an agreement both parties have agreed."""
        agreed = self.agreement.status in {Agreement.Status.AGREED, Agreement.Status.ACTIVE}
        return self.can_edit and agreed and self.agreement_access.can_approve

    def can_edit_commitment(self, commitment):
        return self.can_edit and commitment.party == self.party


def revisions_with_approvals():
    approvals = Approval.objects.select_related("user", "officer")
    return PlanRevision.objects.select_related("plan", "created_by", "created_by_officer").prefetch_related(
        Prefetch("approvals", queryset=approvals)
    )


def get_plan_access(request, agreement_pk, revision_pk=None):
    """The agreement's plan access, with revision ``revision_pk`` of one of its plans; else 404."""
    agreement_access = access.get_agreement(request, agreement_pk)
    revision = None
    if revision_pk is not None:
        revision = (
            revisions_with_approvals()
            .filter(pk=revision_pk, plan__agreement=agreement_access.agreement)
            .first()
        )
        if revision is None:
            raise Http404
        # The revision's agreement is the one already fetched with its parties.
        revision.plan.agreement = agreement_access.agreement
    return PlanAccess(agreement_access=agreement_access, revision=revision)


def get_item(plan_access, model, pk):
    item = model.objects.filter(pk=pk, revision=plan_access.revision).first()
    if item is None:
        raise Http404
    return item
