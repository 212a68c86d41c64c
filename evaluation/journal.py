"""How the journal tells what happened to evaluations."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pendampingan.journal import Renderer, Told, approvals


def _url(event):
    return reverse(
        "evaluation:evaluation", kwargs={"pk": event.agreement_id, "evaluation_pk": event.object_id}
    )


def started(event):
    return Told(_("Evaluation started: %(title)s") % {"title": event.summary["title"]}, _url(event))


def approved(event):
    return _("the evaluation “%(title)s”") % {"title": event.summary["title"]}, _url(event)


RENDERERS = [
    Renderer(("evaluation.started",), "evaluation", gettext_lazy("Evaluations"), started),
    approvals(("evaluation.approved",), approved),
]
