from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from monitoring import deviations, services
from monitoring.access import MonitoringAccess, get_action_access
from monitoring.content import concerned, in_force_commitments, reported_behind
from monitoring.filters import ActionFilter
from monitoring.forms import ActionStepForm, CorrectiveActionForm
from monitoring.models import CorrectiveActionStep
from pendampingan import access, http
from pendampingan.http import require_GET_or_POST, save_posted
from pendampingan.models import Refused


@login_required
@require_GET
def action_list(request, pk):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    agreement = monitoring_access.agreement
    actions = agreement.corrective_actions.select_related("created_by", "updated_by")
    filterset = ActionFilter(request.GET or None, queryset=actions)
    invalid = filterset.is_bound and not filterset.is_valid()
    today = timezone.localdate()
    found = [] if invalid else list(filterset.qs)
    for action in found:
        action.overdue = action.is_overdue(today)
    context = {"access": monitoring_access, "agreement": agreement, "filter": filterset, "actions": found}
    return render(request, "monitoring/actions.html", context)


def _from_deviation(request, agreement):
    """Initial data for an action that corrects the deviation named in ``?deviation=``, or follows up
    what another pillar names there (an action item of minutes)."""
    key = request.GET.get("deviation", "")
    if not key:
        return {}
    draft = deviations.action_draft(agreement, key, timezone.localdate())
    if draft is None:
        messages.warning(request, _("That deviation is no longer found; describe what is to be done."))
        return {}
    return draft


@login_required
@require_GET_or_POST
def action_create(request, pk):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    access.require(monitoring_access.can_report)
    agreement = monitoring_access.agreement
    initial = _from_deviation(request, agreement) if request.method == "GET" else {}
    form = CorrectiveActionForm(
        request.POST or None,
        initial=initial,
        agreement=agreement,
        commitments=in_force_commitments(agreement),
    )
    message = _("The corrective action is opened; both parties see it.")
    if action := save_posted(
        request, form, services.corrective_action_create, message, actor=request.actor, agreement=agreement
    ):
        return redirect("monitoring:action", pk=pk, action_pk=action.pk)
    return _form_page(request, monitoring_access, form)


@login_required
@require_GET_or_POST
def action_edit(request, pk, action_pk):
    monitoring_access = get_action_access(request.actor, pk, action_pk)
    action = monitoring_access.action
    access.require(monitoring_access.can_edit_action(action))
    agreement = monitoring_access.agreement
    form = CorrectiveActionForm(
        request.POST or None,
        instance=action,
        agreement=agreement,
        commitments=in_force_commitments(agreement),
    )
    if save_posted(
        request, form, services.corrective_action_update, _("Saved."), actor=request.actor, action=action
    ):
        return redirect("monitoring:action", pk=pk, action_pk=action.pk)
    return _form_page(request, monitoring_access, form, action)


def _concerned_activity(agreement, deviation_key):
    """The activity named by the reported deviation a corrective action corrects, if any."""
    report = reported_behind(agreement, deviation_key or "")
    return (report, concerned(agreement, report)["activity"]) if report else (None, None)


def _form_page(request, monitoring_access, form, action=None):
    agreement = monitoring_access.agreement
    key = action.deviation_key if action else form["deviation_key"].value()
    _report, activity = _concerned_activity(agreement, key)
    context = {
        "access": monitoring_access,
        "agreement": agreement,
        "form": form,
        "action": action,
        "corrects": action.deviation_title if action else form["deviation_title"].value(),
        "activity": activity,
    }
    return render(request, "monitoring/action_form.html", context)


@login_required
@require_GET
def action_detail(request, pk, action_pk):
    monitoring_access = get_action_access(request.actor, pk, action_pk)
    return _detail_page(request, monitoring_access)


def _detail_page(request, monitoring_access, step_form=None, step=None):
    action = monitoring_access.action
    commitment = None
    if action.commitment_key:
        commitment = (
            in_force_commitments(monitoring_access.agreement).filter(key=action.commitment_key).first()
        )
    report, activity = _concerned_activity(monitoring_access.agreement, action.deviation_key)
    blank = ActionStepForm(initial={"lock_version": action.lock_version})
    context = {
        "access": monitoring_access,
        "agreement": monitoring_access.agreement,
        "action": action,
        "steps": action.steps.select_related("created_by").prefetch_related("evidence"),
        "commitment": commitment,
        "report": report,
        "activity": activity,
        "overdue": action.is_overdue(timezone.localdate()),
        "can_edit": monitoring_access.can_edit_action(action),
        "can_mark_done": monitoring_access.can_mark_done(action),
        "can_confirm": monitoring_access.can_confirm(action),
        "done_form": step_form if step == CorrectiveActionStep.Kind.DONE else blank,
        "confirm_form": step_form if step == CorrectiveActionStep.Kind.CONFIRMED else blank,
        "reopen_form": step_form if step == CorrectiveActionStep.Kind.REOPENED else blank,
    }
    return render(request, "monitoring/action.html", context, status=400 if step_form else 200)


def _take_step(request, pk, action_pk, kind, message):
    monitoring_access = get_action_access(request.actor, pk, action_pk)
    action = monitoring_access.action
    starts, _leads_to, who = services.STEPS[kind]
    permission = monitoring_access.can_mark_done if who == "owner" else monitoring_access.can_confirm
    taker = action.owner_party if who == "owner" else action.confirming_party
    # The right party on a page read before the last step (a second click): told, not refused.
    outdated = monitoring_access.party == taker and action.status != starts
    if http.require_unless_outdated(request, permission(action), outdated=outdated):
        return redirect("monitoring:action", pk=pk, action_pk=action_pk)
    form = ActionStepForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.corrective_action_step(
                actor=request.actor,
                action=action,
                kind=kind,
                read_version=form.cleaned_data["lock_version"],
                note=form.cleaned_data["note"],
                files=form.cleaned_data["files"] if kind == CorrectiveActionStep.Kind.DONE else (),
            )
        except Refused as refused:
            messages.error(request, refused.message)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for text in errors:
                    form.add_error(field, text)
            return _detail_page(request, monitoring_access, form, kind)
        else:
            messages.success(request, message)
        return redirect("monitoring:action", pk=pk, action_pk=action_pk)
    return _detail_page(request, monitoring_access, form, kind)


@login_required
@require_POST
def action_done(request, pk, action_pk):
    message = _("Marked done. The other party confirms it, or reopens it with a reason.")
    return _take_step(request, pk, action_pk, CorrectiveActionStep.Kind.DONE, message)


@login_required
@require_POST
def action_confirm(request, pk, action_pk):
    message = _("Confirmed: the corrective action is closed.")
    return _take_step(request, pk, action_pk, CorrectiveActionStep.Kind.CONFIRMED, message)


@login_required
@require_POST
def action_reopen(request, pk, action_pk):
    message = _("Reopened: its owner sees your reason.")
    return _take_step(request, pk, action_pk, CorrectiveActionStep.Kind.REOPENED, message)
