"""Evaluations: started by either party, written by both, approved by both, computed from the record."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evaluation import portfolio_report as many
from evaluation import printing, report, services
from evaluation.access import EvaluationAccess, get_evaluation_access
from evaluation.forms import CarryForwardForm, EvaluationForm, StartForm
from pendampingan import access, http, pdf
from pendampingan.http import require_GET_or_POST, save_posted


@login_required
@require_GET
def evaluation_list(request, pk):
    evaluation_access = EvaluationAccess.for_actor(request.actor, pk)
    agreement = evaluation_access.agreement
    found = agreement.evaluations.prefetch_related("approvals")
    context = {"access": evaluation_access, "agreement": agreement, "evaluations": found}
    return render(request, "evaluation/evaluations.html", context)


@login_required
@require_GET_or_POST
def evaluation_start(request, pk):
    evaluation_access = EvaluationAccess.for_actor(request.actor, pk)
    access.require(evaluation_access.can_start)
    agreement = evaluation_access.agreement
    cycle, activities, stages = services.subjects(agreement)
    form = StartForm(request.POST or None, activities=activities, stages=stages)
    message = _("The evaluation is started: each party now writes its own assessment.")
    if evaluation := save_posted(
        request, form, services.evaluation_start, message, actor=request.actor, agreement=agreement
    ):
        return redirect("evaluation:evaluation", pk=pk, evaluation_pk=evaluation.pk)
    context = {"access": evaluation_access, "agreement": agreement, "form": form, "cycle": cycle}
    return render(request, "evaluation/start.html", context)


@login_required
@require_GET
def evaluation_detail(request, pk, evaluation_pk):
    evaluation_access = get_evaluation_access(request.actor, pk, evaluation_pk)
    evaluation = evaluation_access.evaluation
    context = {
        "access": evaluation_access,
        "agreement": evaluation_access.agreement,
        "evaluation": evaluation,
        "figures": report.figures(evaluation),
        "can_write": evaluation_access.can_write,
    }
    return render(request, "evaluation/evaluation.html", context)


@login_required
@require_GET_or_POST
def evaluation_edit(request, pk, evaluation_pk):
    evaluation_access = get_evaluation_access(request.actor, pk, evaluation_pk)
    evaluation = evaluation_access.evaluation
    access.require(evaluation_access.can_write)
    form = EvaluationForm(request.POST or None, instance=evaluation, party=request.actor.party)
    if save_posted(
        request, form, services.evaluation_update, _("Saved."), actor=request.actor, evaluation=evaluation
    ):
        return redirect("evaluation:evaluation", pk=pk, evaluation_pk=evaluation.pk)
    context = {
        "access": evaluation_access,
        "agreement": evaluation_access.agreement,
        "evaluation": evaluation,
        "form": form,
    }
    return render(request, "evaluation/evaluation_form.html", context)


@login_required
@require_POST
def evaluation_approve(request, pk, evaluation_pk):
    evaluation_access = get_evaluation_access(request.actor, pk, evaluation_pk)
    response = http.approve_from_request(request, evaluation_access.evaluation, evaluation_access.can_approve)
    if response is not None:
        return response
    return redirect("evaluation:evaluation", pk=pk, evaluation_pk=evaluation_pk)


@login_required
@require_GET_or_POST
def carry_forward(request, pk, evaluation_pk):
    """From an approved plan cycle's evaluation, one step drafts the next cycle's plan."""
    evaluation_access = get_evaluation_access(request.actor, pk, evaluation_pk)
    evaluation = evaluation_access.evaluation
    access.require(evaluation_access.can_carry_forward)
    _source, open_ones, indicators = services.unfinished(evaluation, timezone.localdate())
    form = CarryForwardForm(request.POST or None, activities=open_ones, indicators=indicators)
    message = _("The next cycle's plan is drafted; both parties now shape and approve it.")
    if revision := save_posted(
        request, form, services.carry_forward, message, actor=request.actor, evaluation=evaluation
    ):
        return redirect(revision.url("revision"))
    context = {
        "access": evaluation_access,
        "agreement": evaluation_access.agreement,
        "evaluation": evaluation,
        "form": form,
    }
    return render(request, "evaluation/carry_forward.html", context)


@login_required
@require_GET
def evaluation_report(request, pk, evaluation_pk):
    """The evaluation report as a page, the same as its PDF."""
    evaluation_access = get_evaluation_access(request.actor, pk, evaluation_pk)
    context = {**printing.report_context(evaluation_access.evaluation), "access": evaluation_access}
    return render(request, "evaluation/report.html", context)


@login_required
@require_GET
def evaluation_report_pdf(request, pk, evaluation_pk):
    evaluation = get_evaluation_access(request.actor, pk, evaluation_pk).evaluation
    return pdf.document_pdf(evaluation, evaluation.version)


@login_required
@require_GET
def portfolio_report(request):
    context = many.context(request.actor, request.GET, paged=True)
    return render(request, "evaluation/portfolio.html", context)


@login_required
@require_GET
def portfolio_pdf(request):
    context = many.context(request.actor, request.GET, paged=False)
    return pdf.render_pdf("evaluation/portfolio.html", context, many.name(context))
