"""The journal: one event per change to an agreement's record, written where the change is made.

Every service that changes an agreement's record calls ``record`` inside its own
transaction, so an event exists exactly when its change does: a refused or
failed write leaves neither. The core never reads a pillar's tables to tell an
event: each app registers a ``Renderer`` for its kinds on
``registry.journal_renderers`` from its ``AppConfig.ready()``, which turns an
event's plain ``summary`` into the words and the link the journal page shows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pendampingan.models import Agreement, AgreementAmendment, JournalEvent, Standing, officer_snapshot
from pendampingan.registry import journal_renderers

# What the journal keeps of a long text (what was done, a note, a message): the page shows no more.
SHORT = 140


def short(text):
    return Truncator(text or "").chars(SHORT)


def record(*, actor, agreement, kind, obj, party=None, **summary):
    """Write the event of one change ``actor`` made to ``agreement``'s record, about ``obj``.

    ``party`` is the actor's party unless given ("" for what both parties did
    together). ``summary`` holds plain values: text, numbers, dates, Decimals.
    Call it inside the service's transaction.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A journal event is written in the transaction of the change it records.")
    officer = actor.officer
    snapshot = officer_snapshot(officer)
    Standing.changed(agreement.pk)
    return JournalEvent.objects.create(
        agreement_id=agreement.pk,
        user=actor.user,
        officer=officer,
        officer_name=snapshot["name"],
        officer_position=snapshot["position"],
        party=(actor.party or "") if party is None else party,
        kind=kind,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        summary=summary,
    )


@dataclass(frozen=True)
class Told:
    """An event as the page reads it; ``url`` is "" for what has no page (a plan item removed)."""

    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Renderer:
    """How the page tells the events of ``kinds``: ``render(event) -> Told``, from the event alone
    (its summary, its agreement's and its object's ids), without a query.

    ``group`` is what the page's filter offers, under ``label``; several renderers may share one.
    """

    kinds: tuple
    group: str
    label: str
    render: Callable


def renderer_for(kind):
    return next((r for r in journal_renderers.registered if kind in r.kinds), None)


def groups():
    """``(group, label)`` of the registered renderers, each group once, in the order registered."""
    found = {}
    for r in journal_renderers.registered:
        found.setdefault(r.group, r.label)
    return list(found.items())


def kinds_of(group=""):
    """The event kinds the page tells, of ``group`` or of every group."""
    return [kind for r in journal_renderers.registered if not group or r.group == group for kind in r.kinds]


def approvals(kinds, subject):
    """The renderer of one party's approval of something: ``subject(event) -> (what, url)``."""

    def render(event):
        what, url = subject(event)
        title = _("Approved %(what)s, version %(version)s") % {
            "what": what,
            "version": event.summary["version"],
        }
        return Told(title, url)

    return Renderer(kinds, "approval", gettext_lazy("Approvals"), render)


def field_label(model, name):
    """The field ``name`` of ``model`` as the reader calls it; a related list (a record's files) by
    its plural, and a name the model no longer has as it was written."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if not hasattr(field, "verbose_name"):
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


def changed(model, fields):
    """What an edit changed, as the event's ``fields`` name it: "Changed: purpose; end date" (a
    field's own name may hold a comma)."""
    if not fields:
        return ""
    return _("Changed: %(fields)s") % {"fields": "; ".join(field_label(model, name) for name in fields)}


# What the core adds to the journal: the agreement and its amendments


def _agreement_url(event):
    return reverse("core:agreement_detail", kwargs={"pk": event.agreement_id})


def _amendment_url(event):
    return reverse(
        "core:amendment_detail", kwargs={"pk": event.agreement_id, "number": event.summary["number"]}
    )


def agreement_created(event):
    return Told(_("Agreement drafted: %(title)s") % {"title": event.summary["title"]}, _agreement_url(event))


def agreement_changed(event):
    return Told(
        _("Agreement changed"), _agreement_url(event), changed(Agreement, event.summary.get("fields"))
    )


def agreement_agreed(event):
    return Told(
        _("Agreement agreed by both parties, version %(version)s") % {"version": event.summary["version"]},
        _agreement_url(event),
    )


STATUS_TOLD = {
    Agreement.Status.ACTIVE: gettext_lazy("The agreement started running"),
    Agreement.Status.COMPLETED: gettext_lazy("The agreement was completed"),
    Agreement.Status.ENDED_EARLY: gettext_lazy("The agreement was ended early"),
}


def agreement_status(event):
    status = event.summary["status"]
    return Told(str(STATUS_TOLD[status]), _agreement_url(event), event.summary.get("reason", ""))


def amendment(event):
    s = event.summary
    number = {"number": s["number"]}
    kind = event.kind.removeprefix("agreement.amendment_")
    if kind == "proposed":
        return Told(_("Amendment %(number)s proposed") % number, _amendment_url(event), s.get("reason", ""))
    if kind == "changed":
        return Told(
            _("Amendment %(number)s changed") % number,
            _amendment_url(event),
            changed(AgreementAmendment, s.get("fields")),
        )
    if kind == "withdrawn":
        return Told(_("Amendment %(number)s withdrawn") % number, _amendment_url(event))
    return Told(_("Amendment %(number)s agreed by both parties and in force") % number, _amendment_url(event))


def agreement_approved(event):
    if event.kind == "agreement.amendment_approved":
        return _("amendment %(number)s") % {"number": event.summary["number"]}, _amendment_url(event)
    return _("the agreement"), _agreement_url(event)


AGREEMENT = gettext_lazy("Agreement")
RENDERERS = [
    Renderer(("agreement.created",), "agreement", AGREEMENT, agreement_created),
    Renderer(("agreement.changed",), "agreement", AGREEMENT, agreement_changed),
    Renderer(("agreement.agreed",), "agreement", AGREEMENT, agreement_agreed),
    Renderer(
        tuple(f"agreement.{status}" for status in STATUS_TOLD), "agreement", AGREEMENT, agreement_status
    ),
    Renderer(
        tuple(f"agreement.amendment_{step}" for step in ("proposed", "changed", "withdrawn", "adopted")),
        "agreement",
        AGREEMENT,
        amendment,
    ),
    approvals(("agreement.approved", "agreement.amendment_approved"), agreement_approved),
]
