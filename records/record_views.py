"""Activity records (catatan kegiatan) and the feedback both parties write on them."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from monitoring.content import get_activity
from pendampingan import access
from pendampingan.http import require_GET_or_POST, save_posted
from plans.models import Activity
from records import feedback
from records.access import RecordsAccess, get_record_access
from records.forms import ActivityRecordForm, FeedbackForm
from records.models import ActivityRecord, Feedback, RecordFile
from records.services import feedback_add, record_create, record_update


def _records(agreement):
    return (
        ActivityRecord.objects.filter(agreement=agreement)
        .select_related("created_by", "created_by_officer")
        .prefetch_related(
            Prefetch("feedback", queryset=Feedback.objects.order_by("created_at", "pk")),
            Prefetch("files", queryset=RecordFile.objects.order_by("created_at", "pk")),
        )
    )


@login_required
@require_GET
def record_list(request, pk):
    """Every record with its thread's state, what the reader's party owes an answer to first: 4 queries."""
    records_access = RecordsAccess.for_actor(request.actor, pk)
    agreement = records_access.agreement
    activities = {a.key: a for a in Activity.objects.in_force(agreement).order_by("start_date", "title")}
    found = list(_records(agreement))
    for record in found:
        record.activity = activities.get(record.activity_key)
        record.owed_by = feedback.owed_by(record)
    party = records_access.party
    context = {
        "access": records_access,
        "agreement": agreement,
        "owed": [r for r in found if party and r.owed_by == party],
        "records": found,
        "activities": list(activities.values()),
    }
    return render(request, "records/records.html", context)


@login_required
@require_GET_or_POST
def record_create_view(request, pk, key):
    records_access = RecordsAccess.for_actor(request.actor, pk)
    access.require(records_access.can_write)
    agreement = records_access.agreement
    activity = get_activity(agreement, key)
    form = ActivityRecordForm(request.POST or None, request.FILES or None, initial={"title": activity.title})
    message = _("The record is saved; the other party can now answer it.")
    if record := save_posted(
        request, form, record_create, message, actor=request.actor, agreement=agreement, activity=activity
    ):
        return redirect("records:record", pk=pk, record_pk=record.pk)
    context = {"access": records_access, "agreement": agreement, "activity": activity, "form": form}
    return render(request, "records/record_form.html", context)


@login_required
@require_GET_or_POST
def record_edit(request, pk, record_pk):
    records_access = get_record_access(request.actor, pk, record_pk)
    record = records_access.record
    access.require(records_access.can_edit_record(record))
    form = ActivityRecordForm(request.POST or None, request.FILES or None, instance=record)
    if save_posted(request, form, record_update, _("Saved."), actor=request.actor, record=record):
        return redirect("records:record", pk=pk, record_pk=record.pk)
    activity = Activity.objects.in_force(records_access.agreement).filter(key=record.activity_key).first()
    context = {
        "access": records_access,
        "agreement": records_access.agreement,
        "activity": activity,
        "record": record,
        "form": form,
    }
    return render(request, "records/record_form.html", context)


def _thread_page(request, records_access, form=None):
    record = _records(records_access.agreement).get(pk=records_access.record.pk)
    messages_ = list(record.feedback.all())
    activity = Activity.objects.in_force(records_access.agreement).filter(key=record.activity_key).first()
    if form is None:
        form = FeedbackForm(initial={"read_count": len(messages_)})
    elif form.is_bound:
        # Shown again, the form counts the messages the page now shows.
        form.data = form.data.copy()
        form.data["read_count"] = len(messages_)
    context = {
        "access": records_access,
        "agreement": records_access.agreement,
        "record": record,
        "activity": activity,
        "thread": messages_,
        "owed_by": feedback.owed_by(record),
        "files": list(record.files.all()),
        "form": form,
        "can_edit": records_access.can_edit_record(record),
        "can_answer": records_access.can_answer,
    }
    return render(request, "records/record.html", context)


@login_required
@require_GET
def record_detail(request, pk, record_pk):
    return _thread_page(request, get_record_access(request.actor, pk, record_pk))


@login_required
@require_POST
def feedback_create(request, pk, record_pk):
    records_access = get_record_access(request.actor, pk, record_pk)
    access.require(records_access.can_answer)
    form = FeedbackForm(request.POST)
    message = _("Your message is added to the record.")
    if save_posted(request, form, feedback_add, message, actor=request.actor, record=records_access.record):
        return redirect("records:record", pk=pk, record_pk=record_pk)
    return _thread_page(request, records_access, form)
