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
from django.db import transaction
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pendampingan.models import JournalEvent, officer_snapshot
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
    """An event as the page reads it."""

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


def agreement_approved(event):
    if event.kind == "agreement.amendment_approved":
        number = event.summary["number"]
        return (
            _("amendment %(number)s") % {"number": number},
            reverse("core:amendment_detail", kwargs={"pk": event.agreement_id, "number": number}),
        )
    return _("the agreement"), reverse("core:agreement_detail", kwargs={"pk": event.agreement_id})


RENDERERS = [approvals(("agreement.approved", "agreement.amendment_approved"), agreement_approved)]
