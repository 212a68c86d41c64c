from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from monitoring import exports, health, services
from monitoring.access import MonitoringAccess, get_entry_access, get_value_access
from monitoring.content import (
    export_rows,
    get_activity,
    get_indicator,
    indicator_chart,
    indicator_rows,
    indicator_state,
    progress_charts,
    progress_rows,
)
from monitoring.forms import IndicatorValueForm, ProgressForm
from monitoring.models import Evidence
from monitoring.states import activity_state
from pendampingan import access, attachments
from pendampingan.http import require_GET_or_POST, save_posted
from pendampingan.pdf import render_pdf


@login_required
@require_GET
def progress(request, pk):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    today = timezone.localdate()
    revision, stages, late = progress_rows(monitoring_access.agreement, today)
    context = {
        "access": monitoring_access,
        "agreement": monitoring_access.agreement,
        "revision": revision,
        "stages": stages,
        "late": late,
        "charts": progress_charts(stages, today) if stages else None,
    }
    return render(request, "monitoring/progress.html", context)


@login_required
@require_GET
def activity(request, pk, key):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    agreement = monitoring_access.agreement
    found = get_activity(agreement, key)
    entries = list(
        agreement.progress.filter(activity_key=key)
        .select_related("created_by", "updated_by")
        .prefetch_related("evidence")
    )
    for entry in entries:
        entry.editable = bool(monitoring_access.can_edit_entry(entry))
    context = {
        "access": monitoring_access,
        "agreement": agreement,
        "activity": found,
        "state": activity_state(found, entries, timezone.localdate()),
        "entries": entries[::-1],
    }
    return render(request, "monitoring/activity.html", context)


@dataclass(frozen=True)
class Recorded:
    """What differs between the two records either party keeps against the plan: progress of an
    activity and a value of an indicator. One pair of views serves both."""

    form: type
    create: Callable
    update: Callable
    subject: Callable  # (agreement, key) -> the activity or the indicator in force
    subject_name: str  # the create service's keyword and the template's name for it
    reach: Callable  # (actor, agreement pk, record pk) -> the access with the record
    record_of: Callable  # the access -> the record it reached
    record_name: str  # the update service's keyword
    key_field: str
    latest: Callable  # (access, key) -> the latest record of the subject, to start from
    detail: str
    detail_key: str
    template: str
    recorded: str

    def key_of(self, record):
        return getattr(record, self.key_field)


PROGRESS = Recorded(
    form=ProgressForm,
    create=services.progress_create,
    update=services.progress_update,
    subject=get_activity,
    subject_name="activity",
    reach=get_entry_access,
    record_of=attrgetter("entry"),
    record_name="entry",
    key_field="activity_key",
    latest=MonitoringAccess.latest_entry,
    detail="monitoring:activity",
    detail_key="key",
    template="monitoring/entry_form.html",
    recorded=gettext_lazy("Progress recorded."),
)
VALUE = Recorded(
    form=IndicatorValueForm,
    create=services.indicator_value_create,
    update=services.indicator_value_update,
    subject=get_indicator,
    subject_name="indicator",
    reach=get_value_access,
    record_of=attrgetter("value"),
    record_name="indicator_value",
    key_field="indicator_key",
    latest=MonitoringAccess.latest_value,
    detail="monitoring:indicator",
    detail_key="indicator_key",
    template="monitoring/value_form.html",
    recorded=gettext_lazy("Value recorded."),
)


def _record_create(request, pk, key, kind):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    subject = kind.subject(monitoring_access.agreement, key)
    access.require(monitoring_access.can_report)
    latest = kind.latest(monitoring_access, key)
    form = kind.form(request.POST or None, request.FILES or None, latest=latest)
    if save_posted(
        request,
        form,
        kind.create,
        kind.recorded,
        actor=request.actor,
        agreement=monitoring_access.agreement,
        **{kind.subject_name: subject},
    ):
        return redirect(kind.detail, pk=pk, **{kind.detail_key: key})
    return _record_form(request, monitoring_access, kind, subject, form)


def _record_edit(request, pk, record_pk, kind):
    monitoring_access = kind.reach(request.actor, pk, record_pk)
    record = kind.record_of(monitoring_access)
    subject = kind.subject(monitoring_access.agreement, kind.key_of(record))
    access.require(monitoring_access.can_edit_entry(record))
    form = kind.form(request.POST or None, request.FILES or None, instance=record)
    if save_posted(
        request, form, kind.update, _("Saved."), actor=request.actor, **{kind.record_name: record}
    ):
        return redirect(kind.detail, pk=pk, **{kind.detail_key: kind.key_of(record)})
    return _record_form(request, monitoring_access, kind, subject, form, record)


def _record_form(request, monitoring_access, kind, subject, form, record=None):
    context = {
        "access": monitoring_access,
        "agreement": monitoring_access.agreement,
        kind.subject_name: subject,
        "form": form,
        "record": record,
    }
    return render(request, kind.template, context)


@login_required
@require_GET_or_POST
def entry_create(request, pk, key):
    return _record_create(request, pk, key, PROGRESS)


@login_required
@require_GET_or_POST
def entry_edit(request, pk, entry_pk):
    return _record_edit(request, pk, entry_pk, PROGRESS)


@login_required
@require_GET_or_POST
def value_create(request, pk, indicator_key):
    return _record_create(request, pk, indicator_key, VALUE)


@login_required
@require_GET_or_POST
def value_edit(request, pk, value_pk):
    return _record_edit(request, pk, value_pk, VALUE)


@login_required
@require_GET
def indicators(request, pk):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    revision, rows = indicator_rows(monitoring_access.agreement, timezone.localdate())
    context = {
        "access": monitoring_access,
        "agreement": monitoring_access.agreement,
        "revision": revision,
        "rows": rows,
        "chart": indicator_chart(rows) if rows else None,
    }
    return render(request, "monitoring/indicators.html", context)


@login_required
@require_GET
def indicator(request, pk, indicator_key):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    agreement = monitoring_access.agreement
    found = get_indicator(agreement, indicator_key)
    values = agreement.indicator_values.filter(indicator_key=indicator_key)
    values = list(values.select_related("created_by", "updated_by").prefetch_related("evidence"))
    for value in values:
        value.editable = bool(monitoring_access.can_edit_entry(value))
    context = {
        "access": monitoring_access,
        "agreement": agreement,
        "indicator": found,
        "state": indicator_state(agreement, found, values, timezone.localdate()),
        "values": values[::-1],
    }
    return render(request, "monitoring/indicator.html", context)


@login_required
@require_GET
def evidence(request, pk, evidence_pk):
    """A file of evidence, to either party of its agreement; ``?thumbnail`` for the small picture."""
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    found = access.get_child(Evidence.objects.all(), evidence_pk, agreement=monitoring_access.agreement)
    return attachments.response(found, thumbnail="thumbnail" in request.GET)


@login_required
@require_GET
def progress_export(request, pk, fmt):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    agreement = monitoring_access.agreement
    entries, values = export_rows(agreement)
    if fmt == "csv":
        return exports.as_csv(agreement, entries)
    return exports.as_xlsx(agreement, entries, values)


def _report_context(monitoring_access):
    """What the printed progress report shows: the same figures as the monitoring pages."""
    agreement = monitoring_access.agreement
    today = timezone.localdate()
    revision, stages, late = progress_rows(agreement, today)
    _revision, indicator_states = indicator_rows(agreement, today)
    found = health.health_of([agreement], today)[agreement.pk]
    return {
        "access": monitoring_access,
        "agreement": agreement,
        "revision": revision,
        "stages": stages,
        "late": late,
        "charts": progress_charts(stages, today) if stages else None,
        "indicators": indicator_states,
        "indicator_chart": indicator_chart(indicator_states) if indicator_states else None,
        "health": found,
        "today": today,
        "printed_at": timezone.now(),
    }


@login_required
@require_GET
def progress_print(request, pk):
    context = _report_context(MonitoringAccess.for_actor(request.actor, pk))
    return render(request, "monitoring/progress_print.html", context)


@login_required
@require_GET
def progress_pdf(request, pk):
    context = _report_context(MonitoringAccess.for_actor(request.actor, pk))
    filename = f"pemantauan {context['agreement'].title} {context['today']:%Y-%m-%d}"
    return render_pdf("monitoring/progress_print.html", context, filename)
