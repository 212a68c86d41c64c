"""How the journal tells what happened to plans."""

from django.urls import reverse
from django.utils.translation import gettext as _

from pendampingan import journal


def revision_approved(event):
    cycle, number = event.summary["cycle"], event.summary["number"]
    return (
        _("plan cycle %(cycle)s, revision %(number)s") % {"cycle": cycle, "number": number},
        reverse("plans:revision", kwargs={"pk": event.agreement_id, "cycle": cycle, "number": number}),
    )


RENDERERS = [journal.approvals(("plan.revision_approved",), revision_approved)]
