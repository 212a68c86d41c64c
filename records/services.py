"""Writes to the records: each in one transaction, under the agreement's row lock."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pendampingan import approvals, attachments, bounds, journal
from pendampingan.concurrency import check_current
from pendampingan.models import Member, Refused
from records import schedule as dates
from records.models import (
    ActionItem,
    ActivityRecord,
    Attendance,
    Feedback,
    Meeting,
    MeetingSchedule,
    Minutes,
    RecordFile,
)


def _save(actor, record, exclude=()):
    record.stamp(actor)
    record.full_clean(exclude=["agreement", *exclude])
    record.save()
    return record


def _changed(current, data):
    return [name for name, value in data.items() if getattr(current, name) != value]


def _files(actor, record, parent, files=(), remove=()):
    return attachments.change(
        RecordFile,
        actor=actor,
        existing=record.files.all(),
        files=files,
        remove=remove,
        agreement_id=record.agreement_id,
        **{parent: record},
    )


# Meetings


def _regenerate(actor, schedule, agreement):
    """Meetings from ``schedule`` from today to the agreement's end.

    Meetings already generated that nobody touched and that lie ahead are
    replaced; a meeting held, cancelled, edited or past stays as it is.
    """
    today = timezone.localdate()
    Meeting.objects.filter(
        agreement=agreement,
        scheduled=True,
        status=Meeting.Status.PLANNED,
        held_on__gte=today,
        lock_version=1,
        files__isnull=True,
    ).delete()
    taken = set(agreement.meetings.filter(scheduled=True).values_list("held_on", flat=True))
    start = max(today, agreement.start_date)
    # Stored in the site's language, whatever language the person saving the schedule reads.
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Routine meeting")
    for day in dates.dates(schedule, start, agreement.end_date):
        if day in taken:
            continue
        meeting = Meeting(
            agreement=agreement,
            scheduled=True,
            title=title,
            held_on=day,
            start_time=schedule.start_time,
            place=schedule.place,
        )
        meeting.stamp(actor)
        meeting.save()


@transaction.atomic
def schedule_save(*, actor, agreement, read_version=None, **data):
    """Set the agreement's meeting schedule, and generate the meetings ahead from it."""
    agreement = approvals.lock_open_agreement(agreement.pk, actor=actor)
    if data.get("frequency") == MeetingSchedule.Frequency.WEEKS and data.get("starts_on"):
        data["weekday"] = data["starts_on"].weekday()
    current = MeetingSchedule.objects.select_for_update().filter(agreement=agreement).first()
    if current is None:
        current = MeetingSchedule(agreement=agreement)
    else:
        check_current(current, read_version, list(data))
        if not _changed(current, data):
            return current
    for name, value in data.items():
        setattr(current, name, value)
    _save(actor, current)
    _regenerate(actor, current, agreement)
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="records.schedule_set",
        obj=current,
        frequency=current.frequency,
        week_of_month=current.week_of_month,
        weekday=current.weekday,
        interval_weeks=current.interval_weeks,
        start_time=current.start_time,
        place=current.place,
    )
    return current


@transaction.atomic
def meeting_create(*, actor, agreement, **data):
    """A meeting either party calls besides the schedule's, within the agreement's period."""
    agreement = approvals.lock_open_agreement(agreement.pk, actor=actor)
    bounds.check_within_agreement(agreement, held_on=data.get("held_on"))
    meeting = _save(actor, Meeting(agreement=agreement, **data))
    journal.record(
        actor=actor, agreement=agreement, kind="records.meeting_called", obj=meeting, **_meeting(meeting)
    )
    return meeting


def _meeting(meeting):
    return {"title": meeting.title, "held_on": meeting.held_on, "place": meeting.place}


@transaction.atomic
def meeting_update(*, actor, meeting, read_version=None, **data):
    agreement = approvals.lock_open_agreement(meeting.agreement_id, actor=actor)
    current = approvals.locked(meeting)
    check_current(current, read_version, list(data))
    if current.is_cancelled:
        raise Refused(_("This meeting was cancelled."))
    if not _changed(current, data):
        return current
    if current.is_held and data.get("held_on", current.held_on) > timezone.localdate():
        raise Refused(_("This meeting was held: its date cannot move into the future."))
    bounds.check_within_agreement(agreement, held_on=data.get("held_on"))
    fields = _changed(current, data)
    for name, value in data.items():
        setattr(current, name, value)
    _save(actor, current)
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="records.meeting_changed",
        obj=current,
        fields=fields,
        **_meeting(current),
    )
    return current


@transaction.atomic
def meeting_cancel(*, actor, meeting, read_version, reason):
    agreement = approvals.lock_open_agreement(meeting.agreement_id, actor=actor)
    current = approvals.locked(meeting)
    check_current(current, read_version, ["status"])
    if current.status != Meeting.Status.PLANNED:
        raise Refused(_("Only a planned meeting is cancelled."))
    current.status = Meeting.Status.CANCELLED
    current.cancel_reason = reason
    _save(actor, current)
    # Like a meeting held, a meeting called off is the journal's news for both parties.
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="records.meeting_cancelled",
        obj=current,
        party="",
        reason=journal.short(reason),
        **_meeting(current),
    )
    return current


def participants(meeting, agreement):
    """Who is on a meeting's attendance list: the group's active members (officers first, marked as
    required), then the agreement's facilitators (required). Two queries."""
    members = Member.objects.filter(group_id=agreement.group_id, is_active=True).order_by("name", "pk")
    people = [
        {
            "key": f"m{m.pk}",
            "member": m,
            "name": m.name,
            "position": m.get_position_display() if m.is_officer else "",
            "required": m.is_officer,
        }
        for m in members
    ]
    people.sort(key=lambda p: (not p["required"], p["name"].casefold()))
    for user in agreement.facilitators.all().order_by("first_name", "username"):
        people.append(
            {
                "key": f"s{user.pk}",
                "staff": user,
                "name": user.get_full_name() or user.username,
                "position": str(_("Facilitator")),
                "required": True,
            }
        )
    return people


@transaction.atomic
def attendance_save(*, actor, meeting, read_version, statuses, files=(), remove=()):
    """Record who attended ``meeting``: ``statuses`` maps each person's key ("m12", "s3") to a status.

    The first list taken makes the meeting held; a later save corrects it. Everyone
    on the list must have a status, so nobody is left out by a stale page.
    """
    agreement = approvals.lock_open_agreement(meeting.agreement_id, actor=actor)
    current = approvals.locked(meeting)
    check_current(current, read_version, ["status"])
    if current.is_cancelled:
        raise Refused(_("This meeting was cancelled."))
    if current.held_on > timezone.localdate():
        raise Refused(_("Attendance is taken on the day of the meeting or later."))
    existing = {a.member_id and f"m{a.member_id}" or f"s{a.staff_id}": a for a in current.attendance.all()}
    people = {p["key"]: p for p in participants(current, agreement)}
    for key, row in existing.items():
        people.setdefault(key, {"key": key, "existing": row})
    missing = [p for key, p in people.items() if key not in statuses]
    if missing:
        raise Refused(_("The list changed after you opened it: check it again and save."))
    for key, person in people.items():
        status = statuses[key]
        row = existing.get(key)
        if row is None:
            Attendance.objects.create(
                meeting=current,
                member=person.get("member"),
                staff=person.get("staff"),
                name=person["name"][:150],
                position=person["position"],
                required=person["required"],
                status=status,
            )
        elif row.status != status:
            row.status = status
            row.save(update_fields=["status"])
    current.status = Meeting.Status.HELD
    first = current.attendance_recorded_at is None
    if first:
        current.attendance_recorded_at = timezone.now()
    _files(actor, current, "meeting", files, remove)
    _save(actor, current)
    # The first list says the meeting was held, which both parties did; a later save corrects the list.
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="records.meeting_held" if first else "records.attendance_corrected",
        obj=current,
        party="" if first else None,
        start_time=current.start_time,
        **_meeting(current),
    )
    return current


# Minutes


def _action_items(minutes, items):
    minutes.action_items.all().delete()
    ActionItem.objects.bulk_create(
        ActionItem(minutes=minutes, position=i, **item) for i, item in enumerate(items)
    )


def _check_items(agreement, items):
    """Every action item falls due within the agreement; a refusal names the item."""
    for item in items:
        try:
            bounds.check_within_agreement(agreement, due_date=item["due_date"])
        except ValidationError as error:
            raise ValidationError(
                _("Action item “%(what)s”: %(reason)s")
                % {"what": item["what"], "reason": " ".join(error.message_dict["due_date"])}
            ) from error


@transaction.atomic
def minutes_create(*, actor, meeting, action_items=(), **data):
    """The minutes of a held meeting; one per meeting."""
    agreement = approvals.lock_open_agreement(meeting.agreement_id, actor=actor)
    current = approvals.locked(meeting)
    if not current.is_held:
        raise Refused(_("Minutes are written once the meeting's attendance is recorded."))
    if Minutes.objects.filter(meeting=current).exists():
        raise Refused(_("This meeting already has minutes: open them to change them."))
    _check_items(agreement, action_items)
    minutes = _save(actor, Minutes(meeting=current, agreement=agreement, **data), exclude=["meeting"])
    _action_items(minutes, action_items)
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="records.minutes_written",
        obj=minutes,
        meeting=current.pk,
        held_on=current.held_on,
    )
    return minutes


def action_items_of(minutes):
    return [
        {"what": i.what, "who": i.who, "due_date": i.due_date, "activity_key": i.activity_key}
        for i in minutes.action_items.all()
    ]


@transaction.atomic
def minutes_update(*, actor, minutes, read_version, action_items=(), **data):
    """Change the minutes; once either party confirmed them, the change is a new version to confirm."""
    agreement = approvals.lock_open_agreement(minutes.agreement_id, actor=actor)
    current = approvals.locked(minutes)
    check_current(current, read_version, list(data))
    items = list(action_items)
    if not _changed(current, data) and action_items_of(current) == items:
        return current
    _check_items(agreement, items)
    for name, value in data.items():
        setattr(current, name, value)
    current.start_new_version_if_approved()
    _save(actor, current, exclude=["meeting"])
    _action_items(current, items)
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="records.minutes_changed",
        obj=current,
        meeting=current.meeting_id,
        held_on=current.meeting.held_on,
        version=current.version,
    )
    return current


# Activity records and feedback


@transaction.atomic
def record_create(*, actor, agreement, activity, files=(), **data):
    agreement = approvals.lock_open_agreement(agreement.pk, actor=actor)
    record = _save(actor, ActivityRecord(agreement=agreement, activity_key=activity.key, **data))
    _files(actor, record, "activity_record", files)
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="records.record_written",
        obj=record,
        title=record.title,
        results=journal.short(record.results),
    )
    return record


@transaction.atomic
def record_update(*, actor, record, read_version=None, files=(), remove=(), **data):
    """Change a record as its author party; the feedback written on it stays."""
    agreement = approvals.lock_open_agreement(record.agreement_id, actor=actor)
    current = approvals.locked(record)
    if current.author_party != actor.party:
        raise Refused(_("Only the party that wrote this record changes it."))
    check_current(current, read_version, list(data))
    fields = _changed(current, data) + (["files"] if files or remove else [])
    if not fields:
        return current
    for name, value in data.items():
        setattr(current, name, value)
    _save(actor, current)
    _files(actor, current, "activity_record", files, remove)
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="records.record_changed",
        obj=current,
        title=current.title,
        fields=fields,
    )
    return current


@transaction.atomic
def feedback_add(*, actor, record, text, expects_answer=False, read_count=None):
    """Add ``actor``'s message to ``record``'s thread.

    ``read_count`` is how many messages the writer's page showed: if the other
    party wrote meanwhile, the message is refused so it is not sent blind.
    """
    agreement = approvals.lock_open_agreement(record.agreement_id, actor=actor)
    current = approvals.locked(record)
    if read_count is not None and current.feedback.count() != read_count:
        raise Refused(_("A new message arrived while you were writing: read it, then send yours."))
    message = Feedback(record=current, text=text, expects_answer=expects_answer)
    message.stamp(actor)
    message.full_clean(exclude=["record"])
    message.save()
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="records.feedback_added",
        obj=message,
        record=current.pk,
        title=current.title,
        text=journal.short(text),
    )
    return message
