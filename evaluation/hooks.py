"""What the evaluations add to the core and the records: the agreement's section, the journal, what waits."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluation.models import Evaluation
from pendampingan.access import Role
from pendampingan.registry import AgreementSection, MenuLink, WaitingItem
from records import journal


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


def evaluation_subjects(agreement):
    return {
        pk: (
            _("the evaluation “%(title)s”") % {"title": title},
            reverse("evaluation:evaluation", kwargs={"pk": agreement.pk, "evaluation_pk": pk}),
        )
        for pk, title in agreement.evaluations.values_list("pk", "title")
    }


def evaluations_started(query):
    found = Evaluation.objects.filter(agreement=query.agreement).select_related("created_by")
    if query.party:
        found = found.filter(author_party=query.party)
    return [
        journal.Entry(
            e.created_at,
            "evaluation",
            _("Evaluation started: %(title)s") % {"title": e.title},
            reverse("evaluation:evaluation", kwargs={"pk": e.agreement_id, "evaluation_pk": e.pk}),
            party=e.author_party,
        )
        for e in found.order_by("-created_at", "-pk")[: query.limit]
    ]


SOURCES = [
    journal.Source("evaluation", gettext_lazy("Evaluations"), evaluations_started),
    journal.Source(
        "approval", gettext_lazy("Approvals"), journal.approvals_of(Evaluation, evaluation_subjects)
    ),
]


def portfolio_report_link(actor):
    """The coordinator's portfolio report, for the institution's staff, in the main menu."""
    if actor is None or actor.role not in {Role.COORDINATOR, Role.FACILITATOR}:
        return []
    return [MenuLink(label=_("Evaluation report"), url=reverse("evaluation:portfolio"))]
