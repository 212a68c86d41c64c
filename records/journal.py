"""The journal: one timeline per agreement of everything that happened, both parties' doing side by side.

The page reads the journal's table only (``pendampingan.journal``): one query for
a page of events and one to count them, whatever the agreement holds and however
far back the reader pages. Each app's renderers tell the events in words; the
records' own are here.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pendampingan import journal, paging
from pendampingan.journal import Renderer, Told, changed
from pendampingan.models import JournalEvent
from records.models import ActivityRecord, Meeting, MeetingSchedule

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
    shown = paging.page_of(events(agreement, **filters), number, PER_PAGE)
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


def meeting_called(event):
    s = event.summary
    return Told(
        _("Meeting called for %(date)s: %(title)s") % {"date": _day(s["held_on"]), "title": s["title"]},
        _meeting_url(event, event.object_id),
        s["place"],
    )


def meeting_changed(event):
    s = event.summary
    words = {"date": _day(s["held_on"]), "title": s["title"]}
    if event.kind == "records.attendance_corrected":
        return Told(
            _("Attendance of the meeting of %(date)s corrected: %(title)s") % words,
            _meeting_url(event, event.object_id),
        )
    return Told(
        _("Meeting of %(date)s changed: %(title)s") % words,
        _meeting_url(event, event.object_id),
        changed(Meeting, s.get("fields")),
    )


def schedule_set(event):
    s = event.summary
    when = {name: s[name] for name in ("week_of_month", "weekday", "interval_weeks") if name in s}
    if len(when) == 3 and s.get("start_time"):
        # The schedule as it was set, in the reader's words; events written before the summary
        # held the days say the place alone.
        schedule = MeetingSchedule(
            frequency=s["frequency"],
            start_time=datetime.time.fromisoformat(s["start_time"]),
            place=s["place"],
            **when,
        )
        detail = schedule.description
    else:
        detail = s["place"]
    return Told(
        _("Meeting schedule set"), reverse("records:meetings", kwargs={"pk": event.agreement_id}), detail
    )


def minutes_written(event):
    s = event.summary
    return Told(
        _("Minutes of %(date)s written") % {"date": _day(s["held_on"])}, _meeting_url(event, s["meeting"])
    )


def minutes_changed(event):
    s = event.summary
    if "held_on" in s:
        title = _("Minutes of %(date)s changed, version %(version)s") % {
            "date": _day(s["held_on"]),
            "version": s["version"],
        }
    else:  # written before the event named the meeting's date
        title = _("Minutes changed, version %(version)s") % {"version": s["version"]}
    return Told(title, _meeting_url(event, s["meeting"]))


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


def record_changed(event):
    s = event.summary
    return Told(
        _("Activity record changed: %(title)s") % {"title": s["title"]},
        _record_url(event, event.object_id),
        changed(ActivityRecord, s.get("fields")),
    )


def feedback(event):
    s = event.summary
    return Told(
        _("Feedback on “%(title)s”") % {"title": s["title"]}, _record_url(event, s["record"]), s["text"]
    )


MEETINGS = gettext_lazy("Meetings")
MINUTES = gettext_lazy("Minutes")
RECORDS = gettext_lazy("Activity records")
RENDERERS = [
    Renderer(("records.meeting_held", "records.meeting_cancelled"), "meeting", MEETINGS, meeting),
    Renderer(("records.meeting_called",), "meeting", MEETINGS, meeting_called),
    Renderer(
        ("records.meeting_changed", "records.attendance_corrected"), "meeting", MEETINGS, meeting_changed
    ),
    Renderer(("records.schedule_set",), "meeting", MEETINGS, schedule_set),
    Renderer(("records.minutes_confirmed",), "minutes", MINUTES, minutes_confirmed),
    Renderer(("records.minutes_written",), "minutes", MINUTES, minutes_written),
    Renderer(("records.minutes_changed",), "minutes", MINUTES, minutes_changed),
    Renderer(("records.record_written",), "record", RECORDS, activity_record),
    Renderer(("records.record_changed",), "record", RECORDS, record_changed),
    Renderer(("records.feedback_added",), "feedback", gettext_lazy("Feedback"), feedback),
    journal.approvals(("records.minutes_approved",), minutes_approved),
]
