"""The dates a meeting schedule gives: "the second Tuesday of every month", "every two weeks"."""

import calendar
import datetime

from records.models import MeetingSchedule

WEEK = datetime.timedelta(days=7)


def nth_weekday(year, month, weekday, week):
    """The ``week``-th (1–4, or 5 for the last) ``weekday`` of a month."""
    days_in_month = calendar.monthrange(year, month)[1]
    if week == MeetingSchedule.Week.LAST:
        last = datetime.date(year, month, days_in_month)
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7) + (week - 1) * WEEK


def dates(schedule, start, end):
    """The meeting dates of ``schedule`` from ``start`` to ``end``, both included, in order."""
    start = max(start, schedule.starts_on)
    if schedule.frequency == MeetingSchedule.Frequency.WEEKS:
        first = schedule.starts_on
        step = schedule.interval_weeks * WEEK
        # The first meeting on or after ``start`` in the series beginning at ``first``.
        skipped = -(-(start - first).days // step.days) if start > first else 0
        day = first + skipped * step
        while day <= end:
            yield day
            day += step
        return
    year, month = start.year, start.month
    while datetime.date(year, month, 1) <= end:
        day = nth_weekday(year, month, schedule.weekday, schedule.week_of_month)
        if start <= day <= end:
            yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
