from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
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
from pendampingan.concurrency import save_edit
from pendampingan.http import require_GET_or_POST
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


@login_required
@require_GET_or_POST
def entry_create(request, pk, key):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    found = get_activity(monitoring_access.agreement, key)
    access.require(monitoring_access.can_report)
    latest = monitoring_access.latest_entry(key) if request.method == "GET" else None
    form = ProgressForm(request.POST or None, request.FILES or None, latest=latest)
    if request.method == "POST" and form.is_valid():
        saved = save_edit(
            form,
            services.progress_create,
            user=request.user,
            actor=request.actor,
            agreement=monitoring_access.agreement,
            activity=found,
        )
        if saved is not None:
            messages.success(request, _("Progress recorded."))
            return redirect("monitoring:activity", pk=pk, key=key)
    return _form_page(request, monitoring_access, found, form)


@login_required
@require_GET_or_POST
def entry_edit(request, pk, entry_pk):
    monitoring_access = get_entry_access(request.actor, pk, entry_pk)
    entry = monitoring_access.entry
    found = get_activity(monitoring_access.agreement, entry.activity_key)
    access.require(monitoring_access.can_edit_entry(entry))
    form = ProgressForm(request.POST or None, request.FILES or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        saved = save_edit(form, services.progress_update, actor=request.actor, entry=entry)
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect("monitoring:activity", pk=pk, key=entry.activity_key)
    return _form_page(request, monitoring_access, found, form, entry)


def _form_page(request, monitoring_access, found, form, entry=None):
    context = {
        "access": monitoring_access,
        "agreement": monitoring_access.agreement,
        "activity": found,
        "form": form,
        "entry": entry,
    }
    return render(request, "monitoring/entry_form.html", context)


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
@require_GET_or_POST
def value_create(request, pk, indicator_key):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    found = get_indicator(monitoring_access.agreement, indicator_key)
    access.require(monitoring_access.can_report)
    latest = monitoring_access.latest_value(indicator_key) if request.method == "GET" else None
    form = IndicatorValueForm(request.POST or None, request.FILES or None, latest=latest)
    if request.method == "POST" and form.is_valid():
        saved = save_edit(
            form,
            services.indicator_value_create,
            user=request.user,
            actor=request.actor,
            agreement=monitoring_access.agreement,
            indicator=found,
        )
        if saved is not None:
            messages.success(request, _("Value recorded."))
            return redirect("monitoring:indicator", pk=pk, indicator_key=indicator_key)
    return _value_form_page(request, monitoring_access, found, form)


@login_required
@require_GET_or_POST
def value_edit(request, pk, value_pk):
    monitoring_access = get_value_access(request.actor, pk, value_pk)
    value = monitoring_access.value
    found = get_indicator(monitoring_access.agreement, value.indicator_key)
    access.require(monitoring_access.can_edit_entry(value))
    form = IndicatorValueForm(request.POST or None, request.FILES or None, instance=value)
    if request.method == "POST" and form.is_valid():
        saved = save_edit(form, services.indicator_value_update, actor=request.actor, indicator_value=value)
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect("monitoring:indicator", pk=pk, indicator_key=value.indicator_key)
    return _value_form_page(request, monitoring_access, found, form, value)


def _value_form_page(request, monitoring_access, found, form, value=None):
    context = {
        "access": monitoring_access,
        "agreement": monitoring_access.agreement,
        "indicator": found,
        "form": form,
        "value": value,
    }
    return render(request, "monitoring/value_form.html", context)


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
