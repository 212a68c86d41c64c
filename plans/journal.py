"""How the journal tells what happened to plans."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pendampingan import journal
from pendampingan.journal import Renderer, Told
from plans.models import Activity, Commitment, Indicator, Stage

ITEMS = {model._meta.model_name: model for model in (Stage, Activity, Indicator, Commitment)}


def _revision_url(event):
    s = event.summary
    return reverse(
        "plans:revision", kwargs={"pk": event.agreement_id, "cycle": s["cycle"], "number": s["number"]}
    )


def revision_approved(event):
    cycle, number = event.summary["cycle"], event.summary["number"]
    return (
        _("plan cycle %(cycle)s, revision %(number)s") % {"cycle": cycle, "number": number},
        _revision_url(event),
    )


def created(event):
    return Told(_("Plan cycle %(cycle)s started") % {"cycle": event.summary["cycle"]}, _revision_url(event))


def revision_started(event):
    s = event.summary
    return Told(
        _("Revision %(number)s of plan cycle %(cycle)s started")
        % {"number": s["number"], "cycle": s["cycle"]},
        _revision_url(event),
        s.get("note", ""),
    )


def next_cycle_drafted(event):
    s = event.summary
    return Told(
        _("Plan cycle %(cycle)s drafted from cycle %(from_cycle)s")
        % {"cycle": s["cycle"], "from_cycle": s["from_cycle"]},
        _revision_url(event),
    )


def in_force(event):
    s = event.summary
    return Told(
        _("Plan cycle %(cycle)s, revision %(number)s approved by both parties and in force")
        % {"cycle": s["cycle"], "number": s["number"]},
        _revision_url(event),
    )


def item(event):
    """An item added to, changed in or removed from a draft revision; the item is seen on its
    revision's page, and a removed one nowhere (its history keeps it), so that one has no link."""
    s = event.summary
    model = ITEMS.get(s["item"])
    words = {
        "cycle": s["cycle"],
        "number": s["number"],
        "item": model._meta.verbose_name if model else s["item"],
        "name": s["name"],
    }
    if event.kind == "plan.item_removed":
        title = _("Removed from plan cycle %(cycle)s, revision %(number)s: %(item)s “%(name)s”")
        return Told(title % words, "")
    if event.kind == "plan.item_added":
        title = _("Added to plan cycle %(cycle)s, revision %(number)s: %(item)s “%(name)s”")
        return Told(title % words, _revision_url(event))
    title = _("Changed in plan cycle %(cycle)s, revision %(number)s: %(item)s “%(name)s”")
    detail = journal.changed(model, s.get("fields")) if model else ""
    return Told(title % words, _revision_url(event), detail)


PLAN = gettext_lazy("Plan")
RENDERERS = [
    Renderer(("plan.created",), "plan", PLAN, created),
    Renderer(("plan.revision_started",), "plan", PLAN, revision_started),
    Renderer(("plan.next_cycle_drafted",), "plan", PLAN, next_cycle_drafted),
    Renderer(("plan.item_added", "plan.item_changed", "plan.item_removed"), "plan", PLAN, item),
    Renderer(("plan.revision_in_force",), "plan", PLAN, in_force),
    journal.approvals(("plan.revision_approved",), revision_approved),
]
