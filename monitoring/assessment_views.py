from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from monitoring import assessments, services
from monitoring.access import MonitoringAccess
from monitoring.forms import CriteriaForm, RoundNoteForm, ScorecardForm
from pendampingan import access
from pendampingan.http import require_GET_or_POST, save_posted
from pendampingan.models import Party, Refused


def _rounds(agreement):
    return list(agreement.assessment_rounds.prefetch_related("scorecards__scores", "criteria"))


def _get_round(agreement, number):
    found = next((r for r in _rounds(agreement) if r.number == number), None)
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def assessment_list(request, pk):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    agreement = monitoring_access.agreement
    rounds = _rounds(agreement)
    criteria = list(agreement.assessment_criteria.filter(is_active=True))
    context = {
        "access": monitoring_access,
        "agreement": agreement,
        "rounds": rounds[::-1],
        "open_round": assessments.open_round(rounds),
        "next_due": assessments.next_due(agreement, rounds),
        "today": timezone.localdate(),
        "trend": assessments.trend([r for r in rounds if r.is_complete]),
        "trend_chart": assessments.trend_chart(rounds) if any(r.is_complete for r in rounds) else None,
        "about_institution": [c for c in criteria if c.about_party == Party.INSTITUTION],
        "about_group": [c for c in criteria if c.about_party == Party.GROUP],
    }
    return render(request, "monitoring/assessments.html", context)


@login_required
@require_POST
def assessment_open(request, pk):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    access.require(monitoring_access.can_report)
    try:
        round_ = services.assessment_open(actor=request.actor, agreement=monitoring_access.agreement)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("monitoring:assessments", pk=pk)
    messages.success(
        request, _("Round %(number)s is open: each party fills in its card.") % {"number": round_.number}
    )
    return redirect("monitoring:round", pk=pk, number=round_.number)


@login_required
@require_GET
def round_detail(request, pk, number):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    agreement = monitoring_access.agreement
    round_ = _get_round(agreement, number)
    return _round_page(request, monitoring_access, round_)


def _round_page(request, monitoring_access, round_, note_form=None):
    agreement = monitoring_access.agreement
    party = monitoring_access.party
    findings = assessments.findings(round_)
    keys = [f.key(round_) for f in findings]
    taken = {a.deviation_key: a for a in agreement.corrective_actions.filter(deviation_key__in=keys)}
    proposals = [
        (f, assessments.finding_title(round_, f), taken.get(f.key(round_)), f.key(round_))
        for f in findings
        if f.needs_action
    ]
    own = round_.card_of(party) if party else None
    context = {
        "access": monitoring_access,
        "agreement": agreement,
        "round": round_,
        "own": own,
        "other_submitted": any(p != party for p in round_.submitted_parties),
        "findings": findings,
        "proposals": proposals,
        "note_form": note_form or (RoundNoteForm(instance=round_) if round_.is_complete else None),
        "can_fill": monitoring_access.can_report and (own is None or own.submitted_at is None),
    }
    return render(request, "monitoring/round.html", context)


@login_required
@require_GET_or_POST
def scorecard_edit(request, pk, number):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    access.require(monitoring_access.can_report)
    agreement = monitoring_access.agreement
    round_ = _get_round(agreement, number)
    own = round_.card_of(monitoring_access.party)
    if own is not None and own.submitted_at is not None:
        messages.info(request, _("Your card was submitted; it no longer changes."))
        return redirect("monitoring:round", pk=pk, number=number)
    # The other party first, then yourselves.
    criteria = sorted(
        round_.criteria.all(), key=lambda c: (c.about_party == monitoring_access.party, c.order)
    )
    form = ScorecardForm(request.POST or None, criteria=criteria, card=own)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        if not submit or form.check_complete():
            try:
                services.scorecard_save(
                    actor=request.actor,
                    round=round_,
                    scores=form.scores(),
                    submit=submit,
                    read_version=form.cleaned_data["lock_version"],
                )
            except Refused as refused:
                form.add_error(None, refused.message)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Submitted.") if submit else _("Saved as a draft."))
                return redirect("monitoring:round", pk=pk, number=number)
    context = {
        "access": monitoring_access,
        "agreement": agreement,
        "round": round_,
        "form": form,
        "party": monitoring_access.party,
    }
    return render(request, "monitoring/scorecard_form.html", context)


@login_required
@require_POST
def round_note(request, pk, number):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    access.require(monitoring_access.can_report)
    round_ = _get_round(monitoring_access.agreement, number)
    form = RoundNoteForm(request.POST, instance=round_)
    if save_posted(request, form, services.round_discuss, _("Saved."), actor=request.actor, round=round_):
        return redirect("monitoring:round", pk=pk, number=number)
    return _round_page(request, monitoring_access, round_, form)


@login_required
@require_GET_or_POST
def criteria_edit(request, pk):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    access.require(monitoring_access.can_report)
    agreement = monitoring_access.agreement
    about = Party.GROUP if monitoring_access.party == Party.INSTITUTION else Party.INSTITUTION
    in_use = list(agreement.assessment_criteria.filter(about_party=about, is_active=True))
    if not in_use and not agreement.assessment_criteria.exists():
        in_use = [
            services.AssessmentCriterion(text=text, order=n)
            for n, text in enumerate(assessments.DEFAULT_CRITERIA[about], start=1)
        ]
    version = services.criteria_version(in_use)
    form = CriteriaForm(
        request.POST or None, initial={"texts": "\n".join(c.text for c in in_use), "read": version}
    )
    if request.method == "POST" and form.is_valid():
        read = form.cleaned_data["read"]
        try:
            services.criteria_update(
                actor=request.actor, agreement=agreement, texts=form.cleaned_data["texts"], read_version=read
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Saved. The next round uses these criteria."))
            return redirect("monitoring:assessments", pk=pk)
    context = {"access": monitoring_access, "agreement": agreement, "form": form, "about": about}
    return render(request, "monitoring/criteria_form.html", context)
