"""What the records add to the core and to monitoring: what each party owes, the agreement's section,
and minutes' action items that become corrective actions."""

import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pendampingan import approvals
from pendampingan.registry import AgreementSection, WaitingItem
from records import feedback
from records.models import ActionItem, ActivityRecord, Feedback, Meeting, Minutes

SOON = datetime.timedelta(days=2)


def _meeting_url(meeting):
    return reverse("records:meeting", kwargs={"pk": meeting.agreement_id, "meeting_pk": meeting.pk})


def meetings_waiting(actor, agreements):
    """Meetings today and in the next two days, for both parties: one query."""
    by_pk = {a.pk: a for a in agreements if a.is_open}
    if actor.party is None or not by_pk:
        return []
    today = timezone.localdate()
    coming = Meeting.objects.filter(
        agreement__in=list(by_pk), status=Meeting.Status.PLANNED, held_on__range=(today, today + SOON)
    ).order_by("held_on", "start_time", "pk")
    return [
        WaitingItem(
            agreement=by_pk[meeting.agreement_id],
            title=_("Meeting %(date)s, %(time)s: %(title)s")
            % {
                "date": date_format(meeting.held_on, "l, j F"),
                "time": meeting.start_time.strftime("%H.%M"),
                "title": meeting.title,
            },
            detail=meeting.place,
            url=_meeting_url(meeting),
            key=f"meeting:{meeting.pk}:{meeting.held_on}:{meeting.start_time}",
        )
        for meeting in coming
    ]


def minutes_waiting(actor, agreements):
    """Minutes whose current version the actor's party has not confirmed yet: one query, reading
    only those."""
    by_pk = {a.pk: a for a in agreements if a.is_open}
    if actor.party is None or not by_pk:
        return []
    held = Minutes.objects.filter(agreement__in=list(by_pk), meeting__status=Meeting.Status.HELD)
    found = approvals.unapproved(held, actor.party).select_related("meeting")
    return [
        WaitingItem(
            agreement=by_pk[minutes.agreement_id],
            title=_("To confirm: the minutes of %(date)s") % {"date": date_format(minutes.meeting.held_on)},
            detail=_("version %(version)s") % {"version": minutes.version},
            url=_meeting_url(minutes.meeting),
            key=f"minutes:{minutes.pk}:{minutes.version}",
        )
        for minutes in found
    ]


def feedback_waiting(actor, agreements):
    """Activity records whose thread waits for the actor's party: two queries."""
    by_pk = {a.pk: a for a in agreements if a.is_open}
    if actor.party is None or not by_pk:
        return []
    found = ActivityRecord.objects.filter(agreement__in=list(by_pk)).prefetch_related(
        Prefetch("feedback", queryset=Feedback.objects.order_by("created_at", "pk"))
    )
    items = []
    for record in found:
        if feedback.owed_by(record) != actor.party:
            continue
        thread = list(record.feedback.all())
        items.append(
            WaitingItem(
                agreement=by_pk[record.agreement_id],
                title=(_("To answer: %(title)s") if thread else _("To give feedback on: %(title)s"))
                % {"title": record.title},
                detail=_("recorded %(date)s") % {"date": date_format(record.done_on)},
                url=reverse("records:record", kwargs={"pk": record.agreement_id, "record_pk": record.pk}),
                key=f"feedback:{record.pk}:{len(thread)}",
            )
        )
    return items


def records_section(actor, agreement_access):
    """The agreement page's section: the next meeting, the last one, and what waits: three queries."""
    agreement = agreement_access.agreement
    today = timezone.localdate()
    meetings = agreement.meetings.order_by("held_on", "start_time", "pk")
    coming = meetings.filter(held_on__gte=today, status=Meeting.Status.PLANNED).first()
    last = meetings.filter(status=Meeting.Status.HELD).order_by("-held_on", "-pk").first()
    records = agreement.activity_records.count()
    return AgreementSection(
        title=_("Meetings and records"),
        template="records/_agreement_section.html",
        context={"agreement": agreement, "coming": coming, "last": last, "records": records},
    )


def action_item_origin(agreement, key):
    """A minutes' action item as the start of a corrective action: ``minutes:<pk>:<position>``."""
    kind, _sep, rest = key.partition(":")
    minutes_pk, _sep, position = rest.partition(":")
    if kind != "minutes" or not (rest.isascii() and minutes_pk.isdigit() and position.isdigit()):
        return None
    item = (
        ActionItem.objects.filter(
            minutes__agreement=agreement, minutes_id=int(minutes_pk), position=int(position)
        )
        .select_related("minutes__meeting")
        .first()
    )
    if item is None:
        return None
    return {
        "title": item.what,
        "owner_name": item.who,
        "due_date": item.due_date,
        "deviation_key": key,
        "deviation_title": _("Action item of the minutes of %(date)s")
        % {"date": date_format(item.minutes.meeting.held_on)},
    }
