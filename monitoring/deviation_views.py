from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from monitoring import deviations, services
from monitoring.access import MonitoringAccess, get_report_access
from monitoring.content import concerned, in_force_commitments
from monitoring.filters import DeviationFilter
from monitoring.forms import ReportedDeviationForm
from pendampingan import access
from pendampingan.http import require_GET_or_POST, save_posted
from pendampingan.models import Refused
from plans.models import Activity


@login_required
@require_GET
def deviation_list(request, pk):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    agreement = monitoring_access.agreement
    found = deviations.find([agreement], timezone.localdate())[agreement.pk]
    filterset = DeviationFilter(request.GET or None)
    context = {
        "access": monitoring_access,
        "agreement": agreement,
        "filter": filterset,
        "deviations": filterset.apply(found),
        "total": len(found),
    }
    return render(request, "monitoring/deviations.html", context)


def _form(request, monitoring_access, report=None):
    agreement = monitoring_access.agreement
    return ReportedDeviationForm(
        request.POST or None,
        instance=report,
        agreement=agreement,
        commitments=in_force_commitments(agreement),
        activities=Activity.objects.in_force(agreement).order_by("start_date", "title"),
    )


@login_required
@require_GET_or_POST
def report_create(request, pk):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    access.require(monitoring_access.can_report)
    form = _form(request, monitoring_access)
    agreement = monitoring_access.agreement
    message = _("The deviation is reported; both parties see it.")
    if report := save_posted(
        request, form, services.deviation_report, message, actor=request.actor, agreement=agreement
    ):
        return redirect("monitoring:report", pk=pk, reported_pk=report.pk)
    return _form_page(request, monitoring_access, form)


@login_required
@require_GET_or_POST
def report_edit(request, pk, reported_pk):
    monitoring_access = get_report_access(request.actor, pk, reported_pk)
    report = monitoring_access.report
    access.require(monitoring_access.can_change_report(report))
    form = _form(request, monitoring_access, report)
    if save_posted(
        request, form, services.deviation_report_update, _("Saved."), actor=request.actor, report=report
    ):
        return redirect("monitoring:report", pk=pk, reported_pk=report.pk)
    return _form_page(request, monitoring_access, form, report)


def _form_page(request, monitoring_access, form, report=None):
    context = {
        "access": monitoring_access,
        "agreement": monitoring_access.agreement,
        "form": form,
        "report": report,
    }
    return render(request, "monitoring/report_form.html", context)


@login_required
@require_GET
def report_detail(request, pk, reported_pk):
    monitoring_access = get_report_access(request.actor, pk, reported_pk)
    report = monitoring_access.report
    agreement = monitoring_access.agreement
    found = deviations.find([agreement], timezone.localdate())[agreement.pk]
    listed = next((d for d in found if d.key == report.deviation_key), None)
    context = {
        "access": monitoring_access,
        "agreement": agreement,
        "report": report,
        **concerned(agreement, report),
        "deviation": listed,
        "actions": agreement.corrective_actions.filter(deviation_key=report.deviation_key),
        "can_change": monitoring_access.can_change_report(report),
    }
    return render(request, "monitoring/report.html", context)


@login_required
@require_GET_or_POST
def report_withdraw(request, pk, reported_pk):
    """Ask first; a withdrawn report stays readable, marked so, and no longer counts."""
    monitoring_access = get_report_access(request.actor, pk, reported_pk)
    report = monitoring_access.report
    access.require(monitoring_access.can_change_report(report))
    back = redirect("monitoring:report", pk=pk, reported_pk=report.pk)
    if request.method == "POST":
        try:
            services.deviation_report_withdraw(actor=request.actor, report=report)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The report is withdrawn."))
        return back
    context = {
        "title": _("Withdraw this report?"),
        "what_goes": [_("It no longer counts as a deviation, in the lists or in the agreement's health.")],
        "what_stays": [
            _("The report stays readable, marked withdrawn, with who withdrew it and when."),
            _("Corrective actions taken for it stay as they are."),
        ],
        "submit": _("Withdraw"),
        "cancel_url": back.url,
    }
    return render(request, "confirm.html", context)
