"""Where a planned activity stands, from what the parties recorded of it, computed when read.

Pure functions over activities and their progress entries: nothing here is
stored, so a state never goes stale. The latest entry (by ``reported_on``, then
by when it was written) says the activity's status; the dates say whether it is
late.
"""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from monitoring.models import ProgressStatus

FINISHED = {ProgressStatus.DONE, ProgressStatus.CANCELLED}


@dataclass(frozen=True)
class ActivityState:
    activity: object
    status: str
    latest: object = None
    actual_start: object = None
    is_late: bool = False
    is_done_late: bool = False
    is_started_late: bool = False

    @property
    def is_done(self):
        return self.status == ProgressStatus.DONE

    @property
    def needs_attention(self):
        return self.is_late or self.is_done_late or self.is_started_late

    @property
    def label(self):
        status = ProgressStatus(self.status).label
        if self.is_done_late:
            return _("Done late")
        if self.is_late:
            return _("%(status)s, late") % {"status": status}
        if self.is_started_late and self.status == ProgressStatus.NOT_STARTED:
            return _("Not started, planned start passed")
        if self.is_started_late:
            return _("%(status)s, started late") % {"status": status}
        return status

    @property
    def late_detail(self):
        """ "Late: <activity>, due <date>", as a dashboard says it."""
        return _("Late: %(activity)s, due %(date)s") % {
            "activity": self.activity.title,
            "date": date_format(self.activity.due_date),
        }

    @property
    def percent_done(self):
        if self.is_done:
            return 100
        return self.latest.percent_done if self.latest else 0


def latest_first(entries):
    """Entries in the order they count: the newest by report date, then by when written, first."""
    return sorted(entries, key=lambda e: (e.reported_on, e.created_at, e.pk or 0), reverse=True)


def activity_state(activity, entries, today):
    """The state of ``activity`` on ``today``, given every entry recorded for it (in any order)."""
    ordered = latest_first(entries)
    latest = ordered[0] if ordered else None
    status = latest.status if latest else ProgressStatus.NOT_STARTED
    starts = [e.actual_start for e in ordered if e.actual_start]
    actual_start = min(starts) if starts else None
    if status == ProgressStatus.CANCELLED:
        started_late = False
    elif actual_start is not None:
        started_late = actual_start > activity.start_date
    else:
        # No start recorded: late to start once the planned start has passed, unless already done.
        started_late = status != ProgressStatus.DONE and today > activity.start_date
    done_late = (
        status == ProgressStatus.DONE
        and latest.actual_end is not None
        and latest.actual_end > activity.due_date
    )
    return ActivityState(
        activity=activity,
        status=status,
        latest=latest,
        actual_start=actual_start,
        is_late=status not in FINISHED and today > activity.due_date,
        is_done_late=done_late,
        is_started_late=started_late,
    )


def group_by_key(entries):
    by_key = {}
    for entry in entries:
        by_key.setdefault(entry.activity_key, []).append(entry)
    return by_key


def activity_states(activities, entries, today):
    """``{activity key: ActivityState}`` for ``activities``, from ``entries`` of any of them."""
    by_key = group_by_key(entries)
    return {a.key: activity_state(a, by_key.get(a.key, []), today) for a in activities}
