"""The journal: one timeline per agreement of everything that happened, both parties' doing side by side.

The page reads the journal's table only (``pendampingan.journal``): one query for
a page of events and one to count them, whatever the agreement holds and however
far back the reader pages. Each app's renderers tell the events in words; the
records' own are here.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pendampingan import journal
from pendampingan.journal import Renderer, Told
from pendampingan.models import JournalEvent

PER_PAGE = 25


@dataclass
class Entry:
    when: datetime.datetime
    kind: str
    title: str
    url: str
    # The party that did it, or "" for what both parties did together (a meeting, confirmed minutes).
    party: str = ""
    who: str = ""
    detail: str = ""


def kinds():
    """``(kind, label)`` of what the page tells, each once, for its filter."""
    return journal.groups()


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def events(agreement, *, kind="", party="", since=None, until=None):
    """The agreement's events the page tells, newest first: of ``kind`` (a filter's group), done by
    ``party`` (which leaves out what both did together), from ``since`` to ``until`` (dates)."""
    found = JournalEvent.objects.filter(agreement=agreement, kind__in=journal.kinds_of(kind))
    if party:
        found = found.filter(party=party)
    if since:
        found = found.filter(occurred_at__gte=_start_of(since))
    if until:
        found = found.filter(occurred_at__lt=_start_of(until + datetime.timedelta(days=1)))
    return found.select_related("user").order_by("-occurred_at", "-id")


def entry(event):
    renderer = journal.renderer_for(event.kind)
    told = renderer.render(event)
    return Entry(
        when=event.occurred_at,
        kind=renderer.group,
        title=told.title,
        url=told.url,
        party=event.party,
        who=event.who if event.party else "",
        detail=told.detail,
    )


def read(agreement, *, number=1, **filters):
    """Page ``number`` (from 1; past the end, the last page) of the journal, its events as entries."""
    shown = Paginator(events(agreement, **filters), PER_PAGE).get_page(number)
    shown.object_list = [entry(event) for event in shown.object_list]
    return shown


def page(agreement, *, number=1, **filters):
    """The entries of page ``number`` and whether older ones follow."""
    shown = read(agreement, number=number, **filters)
    return list(shown), shown.has_next()


# What the records add to the journal


def _meeting_url(event, pk):
    return reverse("records:meeting", kwargs={"pk": event.agreement_id, "meeting_pk": pk})


def _day(value):
    return date_format(datetime.date.fromisoformat(value))


def meeting(event):
    s = event.summary
    if event.kind == "records.meeting_cancelled":
        return Told(
            _("Meeting cancelled: %(title)s") % {"title": s["title"]},
            _meeting_url(event, event.object_id),
            s["reason"],
        )
    return Told(
        _("Meeting held: %(title)s") % {"title": s["title"]}, _meeting_url(event, event.object_id), s["place"]
    )


def minutes_confirmed(event):
    s = event.summary
    return Told(
        _("Minutes of %(date)s confirmed by both parties, version %(version)s")
        % {"date": _day(s["held_on"]), "version": s["version"]},
        _meeting_url(event, s["meeting"]),
    )


def minutes_approved(event):
    s = event.summary
    return _("the minutes of %(date)s") % {"date": _day(s["held_on"])}, _meeting_url(event, s["meeting"])


def _record_url(event, pk):
    return reverse("records:record", kwargs={"pk": event.agreement_id, "record_pk": pk})


def activity_record(event):
    s = event.summary
    return Told(
        _("Activity record: %(title)s") % {"title": s["title"]},
        _record_url(event, event.object_id),
        s["results"],
    )


def feedback(event):
    s = event.summary
    return Told(
        _("Feedback on “%(title)s”") % {"title": s["title"]}, _record_url(event, s["record"]), s["text"]
    )


RENDERERS = [
    Renderer(
        ("records.meeting_held", "records.meeting_cancelled"), "meeting", gettext_lazy("Meetings"), meeting
    ),
    Renderer(("records.minutes_confirmed",), "minutes", gettext_lazy("Minutes"), minutes_confirmed),
    Renderer(("records.record_written",), "record", gettext_lazy("Activity records"), activity_record),
    Renderer(("records.feedback_added",), "feedback", gettext_lazy("Feedback"), feedback),
    journal.approvals(("records.minutes_approved",), minutes_approved),
]
