"""What a user may do with evaluations: decided through the agreement's access."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from evaluation.models import Evaluation
from pendampingan import access
from pendampingan.access import Denied


@dataclass
class EvaluationAccess(access.ContentAccess):
    evaluation: Evaluation | None = None

    @property
    def can_start(self):
        """Either party starts an evaluation: both evaluate."""
        return self.can_contribute

    @property
    def can_write(self):
        """Each party writes its own assessment and both write the joint conclusions."""
        if not self.can_contribute:
            return self.can_contribute
        if self.evaluation is not None and self.evaluation.is_final:
            return Denied(_("Both parties approved this evaluation: it is final."))
        return True

    @property
    def can_carry_forward(self):
        """Either party drafts the next cycle's plan from an approved plan cycle's evaluation, once."""
        if not self.can_contribute:
            return self.can_contribute
        evaluation = self.evaluation
        if evaluation.level != Evaluation.Level.CYCLE or not evaluation.is_final:
            return Denied(_("The next plan is drafted from a plan cycle's evaluation both parties approved."))
        if evaluation.next_plan_id is not None:
            return Denied(_("The next plan was drafted from this evaluation already."))
        return True

    @property
    def can_approve(self):
        return self.can_approve_kind(Evaluation)


def get_evaluation_access(actor, agreement_pk, evaluation_pk):
    """``actor``'s evaluation access with the agreement's evaluation ``evaluation_pk``; else 404."""
    evaluation_access = EvaluationAccess.for_actor(actor, agreement_pk)
    evaluation_access.evaluation = access.get_child(
        Evaluation.objects.prefetch_related("approvals__user", "approvals__officer"),
        evaluation_pk,
        agreement=evaluation_access.agreement,
    )
    # The evaluation's agreement is the one already fetched with its parties.
    evaluation_access.evaluation.agreement = evaluation_access.agreement
    return evaluation_access
