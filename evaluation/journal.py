"""How the journal tells what happened to evaluations."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluation.models import Evaluation
from pendampingan.journal import Renderer, Told, approvals, changed
from plans.journal import PLAN


def _url(event):
    return reverse(
        "evaluation:evaluation", kwargs={"pk": event.agreement_id, "evaluation_pk": event.object_id}
    )


def started(event):
    return Told(_("Evaluation started: %(title)s") % {"title": event.summary["title"]}, _url(event))


def evaluation_changed(event):
    s = event.summary
    return Told(
        _("Evaluation changed: %(title)s") % {"title": s["title"]},
        _url(event),
        changed(Evaluation, s.get("fields")),
    )


def final(event):
    return Told(
        _("Evaluation “%(title)s” approved by both parties: it is final") % {"title": event.summary["title"]},
        _url(event),
    )


def next_plan_drafted(event):
    """The plan drafted is the first revision of its cycle: its page is linked, not the evaluation's."""
    s = event.summary
    return Told(
        _("Plan cycle %(cycle)s drafted from the evaluation “%(title)s”")
        % {"cycle": s["cycle"], "title": s["title"]},
        reverse("plans:revision", kwargs={"pk": event.agreement_id, "cycle": s["cycle"], "number": 1}),
    )


def approved(event):
    return _("the evaluation “%(title)s”") % {"title": event.summary["title"]}, _url(event)


EVALUATIONS = gettext_lazy("Evaluations")
RENDERERS = [
    Renderer(("evaluation.started",), "evaluation", EVALUATIONS, started),
    Renderer(("evaluation.changed",), "evaluation", EVALUATIONS, evaluation_changed),
    Renderer(("evaluation.final",), "evaluation", EVALUATIONS, final),
    # Told among the plan's events, where the reader following how the plans grew looks for it.
    Renderer(("evaluation.next_plan_drafted",), "plan", PLAN, next_plan_drafted),
    approvals(("evaluation.approved",), approved),
]
