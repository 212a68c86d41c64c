"""What the evaluations add to the core: the agreement's section, what waits, the menu."""

from django.urls import reverse
from django.utils.translation import gettext as _

from evaluation.models import Evaluation
from pendampingan.access import Role
from pendampingan.registry import AgreementSection, MenuLink, WaitingItem


def evaluations_section(actor, agreement_access):
    agreement = agreement_access.agreement
    found = list(agreement.evaluations.prefetch_related("approvals"))
    return AgreementSection(
        title=_("Evaluation"),
        template="evaluation/_agreement_section.html",
        context={"agreement": agreement, "evaluations": found},
    )


def evaluations_waiting(actor, agreements):
    """Evaluations whose current version the actor's party has not approved yet: two queries."""
    by_pk = {a.pk: a for a in agreements if a.is_open}
    if not (actor.is_group or actor.is_coordinator) or not by_pk:
        return []
    found = Evaluation.objects.filter(agreement__in=list(by_pk), approved_at__isnull=True).prefetch_related(
        "approvals"
    )
    return [
        WaitingItem(
            agreement=by_pk[e.agreement_id],
            title=_("To approve: the evaluation “%(title)s”") % {"title": e.title},
            detail=_("version %(version)s") % {"version": e.version},
            url=reverse("evaluation:evaluation", kwargs={"pk": e.agreement_id, "evaluation_pk": e.pk}),
            key=f"evaluation:{e.pk}:{e.version}",
        )
        for e in found
        if e.approval_by(actor.party) is None
    ]


def portfolio_report_link(actor):
    """The coordinator's portfolio report, for the institution's staff, in the main menu."""
    if actor is None or actor.role not in {Role.COORDINATOR, Role.FACILITATOR}:
        return []
    return [MenuLink(label=_("Evaluation report"), url=reverse("evaluation:portfolio"))]
