"""Meetings: the schedule, each meeting, its attendance list and its minutes, on screen and on paper."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pendampingan import access, attachments, http, pdf
from pendampingan.concurrency import EditConflict
from pendampingan.http import require_GET_or_POST, save_posted
from pendampingan.models import Party, Refused
from pendampingan.versions import HISTORY_SHOWN, history_entries
from plans.models import Activity
from records import minutes as minutes_content
from records import printing, services, share
from records.access import RecordsAccess, get_meeting_access, minutes_of
from records.forms import (
    ActionItemFormSet,
    AttendanceForm,
    CancelForm,
    MeetingForm,
    MinutesForm,
    ScheduleForm,
)
from records.models import Meeting, MeetingSchedule, Minutes, RecordFile


def _schedule(agreement):
    return MeetingSchedule.objects.filter(agreement=agreement).first()


@login_required
@require_GET
def meeting_list(request, pk):
    """Meetings ahead and meetings past, with each one's attendance and minutes at a glance: 3 queries."""
    records_access = RecordsAccess.for_actor(request.actor, pk)
    agreement = records_access.agreement
    today = timezone.localdate()
    meetings = list(
        agreement.meetings.select_related("minutes")
        .order_by("held_on", "start_time", "pk")
        .annotate(
            present=Count(
                "attendance", filter=Q(attendance__status="present", attendance__member__isnull=False)
            ),
            members=Count("attendance", filter=Q(attendance__member__isnull=False)),
        )
    )
    upcoming = [m for m in meetings if m.held_on >= today and m.status == Meeting.Status.PLANNED]
    past = [m for m in meetings if m not in upcoming][::-1]
    context = {
        "access": records_access,
        "agreement": agreement,
        "schedule": _schedule(agreement),
        "upcoming": upcoming[:6],
        "more_upcoming": len(upcoming) - 6,
        "past": past,
        "today": today,
    }
    return render(request, "records/meetings.html", context)


@login_required
@require_GET_or_POST
def schedule_edit(request, pk):
    records_access = RecordsAccess.for_actor(request.actor, pk)
    access.require(records_access.can_write)
    agreement = records_access.agreement
    form = ScheduleForm(request.POST or None, instance=_schedule(agreement), agreement=agreement)
    message = _("The schedule is saved and the meetings ahead follow it.")
    if save_posted(request, form, services.schedule_save, message, actor=request.actor, agreement=agreement):
        return redirect("records:meetings", pk=pk)
    context = {"access": records_access, "agreement": agreement, "form": form}
    return render(request, "records/schedule_form.html", context)


@login_required
@require_GET_or_POST
def meeting_create(request, pk):
    records_access = RecordsAccess.for_actor(request.actor, pk)
    access.require(records_access.can_write)
    agreement = records_access.agreement
    schedule = _schedule(agreement)
    initial = {"place": schedule.place, "start_time": schedule.start_time} if schedule else {}
    form = MeetingForm(request.POST or None, initial=initial)
    message = _("The meeting is added; both parties see it.")
    if meeting := save_posted(
        request, form, services.meeting_create, message, actor=request.actor, agreement=agreement
    ):
        return redirect("records:meeting", pk=pk, meeting_pk=meeting.pk)
    context = {"access": records_access, "agreement": agreement, "form": form, "meeting": None}
    return render(request, "records/meeting_form.html", context)


@login_required
@require_GET_or_POST
def meeting_edit(request, pk, meeting_pk):
    records_access = get_meeting_access(request.actor, pk, meeting_pk)
    meeting = records_access.meeting
    access.require(records_access.can_change_meeting(meeting))
    form = MeetingForm(request.POST or None, instance=meeting)
    if save_posted(request, form, services.meeting_update, _("Saved."), actor=request.actor, meeting=meeting):
        return redirect("records:meeting", pk=pk, meeting_pk=meeting.pk)
    context = {
        "access": records_access,
        "agreement": records_access.agreement,
        "form": form,
        "meeting": meeting,
    }
    return render(request, "records/meeting_form.html", context)


@login_required
@require_GET_or_POST
def meeting_cancel(request, pk, meeting_pk):
    records_access = get_meeting_access(request.actor, pk, meeting_pk)
    meeting = records_access.meeting
    access.require(records_access.can_cancel(meeting))
    form = CancelForm(request.POST or None, initial={"lock_version": meeting.lock_version})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                actor=request.actor,
                meeting=meeting,
                read_version=form.cleaned_data["lock_version"],
                reason=form.cleaned_data["reason"],
            )
        except Refused as refused:
            messages.error(request, refused.message)
        except EditConflict:
            messages.error(request, _("The meeting changed after you opened the page; read it again."))
        else:
            messages.success(request, _("The meeting is cancelled."))
        return redirect("records:meeting", pk=pk, meeting_pk=meeting.pk)
    context = {
        "access": records_access,
        "agreement": records_access.agreement,
        "form": form,
        "meeting": meeting,
    }
    return render(request, "records/meeting_cancel.html", context)


def _meeting_context(records_access):
    agreement = records_access.agreement
    meeting = Meeting.objects.prefetch_related(
        "attendance", Prefetch("files", queryset=RecordFile.objects.order_by("created_at", "pk"))
    ).get(pk=records_access.meeting.pk)
    attendance = list(meeting.attendance.all())
    return {
        "access": records_access,
        "agreement": agreement,
        "meeting": meeting,
        "attendance": attendance,
        **minutes_content.attendance(attendance, agreement.quorum_percent),
        "required_absent": [a for a in attendance if a.required and not a.is_present],
        "files": list(meeting.files.all()),
    }


@login_required
@require_GET
def meeting_detail(request, pk, meeting_pk):
    records_access = get_meeting_access(request.actor, pk, meeting_pk)
    context = _meeting_context(records_access)
    meeting = context["meeting"]
    minutes = _minutes(meeting)
    context.update(
        {
            "can_change": records_access.can_change_meeting(meeting),
            "can_cancel": records_access.can_cancel(meeting),
            "can_take_attendance": records_access.can_take_attendance(meeting),
            "can_write_minutes": records_access.can_write_minutes(meeting),
            "invitation": share.invitation(meeting),
            **_minutes_context(records_access, minutes),
        }
    )
    return render(request, "records/meeting.html", context)


def _minutes(meeting):
    return (
        Minutes.objects.prefetch_related("action_items", "revisions", "approvals__user", "approvals__officer")
        .select_related("meeting", "updated_by", "created_by")
        .filter(meeting=meeting)
        .first()
    )


def _minutes_context(records_access, minutes):
    """The minutes as they stand, the version both confirmed, and what a new version changes in it."""
    if minutes is None:
        return {"minutes": None}
    revisions = list(minutes.revisions.all())
    confirmed = revisions[0] if revisions else None
    current = minutes_content.snapshot(minutes)
    pending = confirmed is None or confirmed.version != minutes.version
    return {
        "minutes": minutes,
        "content": minutes_content.readable(current),
        "confirmed": confirmed,
        "confirmed_content": minutes_content.readable(confirmed.content) if confirmed else None,
        "pending": pending,
        "changes": minutes_content.changes(confirmed.content, current) if confirmed and pending else [],
        "revisions": revisions,
        "summary": share.minutes_summary(confirmed.content) if confirmed else "",
        # One record more than shown, so the oldest shown entry can say what it changed.
        "history": history_entries(
            minutes.history.select_related("history_user").order_by("-history_date", "-history_id")[
                : HISTORY_SHOWN + 1
            ]
        )[:HISTORY_SHOWN],
        "institution_approval": minutes.approval_by(Party.INSTITUTION),
        "group_approval": minutes.approval_by(Party.GROUP),
        "can_confirm": records_access.can_confirm,
    }


@login_required
@require_GET_or_POST
def attendance_edit(request, pk, meeting_pk):
    records_access = get_meeting_access(request.actor, pk, meeting_pk)
    meeting = records_access.meeting
    access.require(records_access.can_take_attendance(meeting))
    agreement = records_access.agreement
    meeting = Meeting.objects.prefetch_related("attendance", "files").get(pk=meeting.pk)
    people = services.participants(meeting, agreement)
    listed = {p["key"] for p in people}
    for row in meeting.attendance.all():
        key = f"m{row.member_id}" if row.member_id else f"s{row.staff_id}"
        if key not in listed:
            people.append({"key": key, "name": row.name, "position": row.position, "required": row.required})
    form = AttendanceForm(request.POST or None, request.FILES or None, meeting=meeting, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_save(
                actor=request.actor,
                meeting=meeting,
                read_version=form.cleaned_data["lock_version"],
                statuses=form.cleaned_data["statuses"],
                files=form.cleaned_data.get("files") or [],
                remove=form.cleaned_data.get("remove") or [],
            )
        except EditConflict:
            form.add_error(
                None,
                _(
                    "Someone saved this attendance list while you were filling it in. "
                    "Your choices are kept below; check them against theirs and save again."
                ),
            )
            form.data = form.data.copy()
            form.data["lock_version"] = Meeting.objects.get(pk=meeting.pk).lock_version
        except ValidationError as error:
            form.add_error(None, error)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The attendance list is saved."))
            return redirect("records:meeting", pk=pk, meeting_pk=meeting.pk)
    context = {"access": records_access, "agreement": agreement, "meeting": meeting, "form": form}
    return render(request, "records/attendance_form.html", context)


def _minutes_forms(request, records_access, meeting, minutes):
    agreement = records_access.agreement
    activities = list(Activity.objects.in_force(agreement).order_by("start_date", "title"))
    initial = [
        {"what": i.what, "who": i.who, "due_date": i.due_date, "activity_key": str(i.activity_key or "")}
        for i in (minutes.action_items.all() if minutes else [])
    ]
    form = MinutesForm(request.POST or None, instance=minutes, meeting=meeting)
    # Posted rows are read for what they say, never compared with what the page started with: a row
    # left as it was is kept like any other.
    items = ActionItemFormSet(
        request.POST or None,
        initial=None if request.method == "POST" else initial,
        prefix="items",
        form_kwargs={"activities": activities, "agreement": agreement},
    )
    return form, items


@login_required
@require_GET_or_POST
def minutes_edit(request, pk, meeting_pk):
    """Write a held meeting's minutes, or change them (a change to confirmed minutes is a new version)."""
    records_access = get_meeting_access(request.actor, pk, meeting_pk)
    meeting = records_access.meeting
    access.require(records_access.can_write_minutes(meeting))
    minutes = _minutes(meeting)
    form, items = _minutes_forms(request, records_access, meeting, minutes)
    if minutes is None:
        save, subject = services.minutes_create, {"meeting": meeting}
    else:
        save, subject = services.minutes_update, {"minutes": minutes}
    message = _("The minutes are saved. Both parties confirm them on the meeting's page.")
    if items.is_valid() and save_posted(
        request, form, save, message, actor=request.actor, action_items=items.items(), **subject
    ):
        return redirect("records:meeting", pk=pk, meeting_pk=meeting.pk)
    attendees = [a.name for a in meeting.attendance.all() if a.is_present]
    context = {
        "access": records_access,
        "agreement": records_access.agreement,
        "meeting": meeting,
        "minutes": minutes,
        "form": form,
        "items": items,
        "attendees": attendees,
    }
    return render(request, "records/minutes_form.html", context)


@login_required
@require_POST
def minutes_confirm(request, pk, meeting_pk):
    records_access = get_meeting_access(request.actor, pk, meeting_pk)
    minutes = minutes_of(records_access.meeting)
    if minutes is None:
        messages.error(request, _("This meeting has no minutes yet."))
    else:
        response = http.approve_from_request(request, minutes, records_access.can_confirm)
        if response is not None:
            return response
    return redirect("records:meeting", pk=pk, meeting_pk=meeting_pk)


def _printed_version(minutes, proposed):
    """The version of ``minutes`` a print shows: the one both confirmed, unless the proposed one is asked."""
    if proposed or minutes.confirmed_version is None:
        return minutes.version
    return minutes.confirmed_version


@login_required
@require_GET
def minutes_print(request, pk, meeting_pk):
    records_access = get_meeting_access(request.actor, pk, meeting_pk)
    minutes = minutes_of(records_access.meeting)
    if minutes is None:
        return redirect("records:meeting", pk=pk, meeting_pk=meeting_pk)
    version = _printed_version(minutes, proposed="proposed" in request.GET)
    template, context, _name = printing.minutes_printed(minutes, version)
    return render(request, template, context)


@login_required
@require_GET
def minutes_pdf(request, pk, meeting_pk):
    records_access = get_meeting_access(request.actor, pk, meeting_pk)
    minutes = minutes_of(records_access.meeting)
    if minutes is None:
        return redirect("records:meeting", pk=pk, meeting_pk=meeting_pk)
    return pdf.document_pdf(minutes, _printed_version(minutes, proposed="proposed" in request.GET))


@login_required
@require_GET
def attendance_pdf(request, pk, meeting_pk, blank=False):
    """The attendance list (daftar hadir) on paper: blank to sign at the meeting, or as recorded."""
    records_access = get_meeting_access(request.actor, pk, meeting_pk)
    context = _meeting_context(records_access)
    meeting = context["meeting"]
    context.update({"minutes": minutes_of(meeting), "printed_at": timezone.now()})
    if blank or not context["attendance"]:
        context["rows"] = services.participants(meeting, records_access.agreement)
        context["blank"] = True
    name = _("attendance %(date)s") % {"date": meeting.held_on.isoformat()}
    return pdf.render_pdf("records/attendance_print.html", context, name)


@login_required
@require_GET
def record_file(request, pk, file_pk):
    """A file behind a meeting or an activity record, to either party of its agreement."""
    records_access = RecordsAccess.for_actor(request.actor, pk)
    found = access.get_child(RecordFile.objects.all(), file_pk, agreement=records_access.agreement)
    return attachments.response(found, thumbnail="thumbnail" in request.GET)
