from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from pendampingan import access, http
from pendampingan.http import int_param, require_GET_or_POST, save_posted
from pendampingan.models import Party, Refused
from pendampingan.pdf import document_pdf
from plans import exports, printing, services
from plans.access import PlanAccess, get_item, get_revision_access, revisions_with_approvals
from plans.compare import compare_revisions
from plans.content import cycle_figures, load_contents, overview_context, with_states
from plans.filters import ActivityFilter
from plans.forms import ActivityForm, CommitmentForm, IndicatorForm, RevisionStartForm, StageForm
from plans.models import Activity, Commitment, Indicator, Plan, PlanRevision, Stage

ITEM_KINDS = {
    "stage": (Stage, StageForm, gettext_lazy("stage")),
    "activity": (Activity, ActivityForm, gettext_lazy("activity")),
    "indicator": (Indicator, IndicatorForm, gettext_lazy("success indicator")),
    "commitment": (Commitment, CommitmentForm, gettext_lazy("commitment")),
}


def _current_revision(agreement):
    """The revision in force of the plan in force, else the newest revision of the newest plan."""
    revisions = revisions_with_approvals().filter(plan__agreement=agreement)
    in_force = revisions.filter(status=PlanRevision.Status.IN_FORCE, plan__status=Plan.Status.IN_FORCE)
    return in_force.first() or revisions.order_by("-plan__cycle", "-number").first()


@login_required
@require_GET
def plan_overview(request, pk):
    plan_access = PlanAccess.for_actor(request.actor, pk)
    plan_access.revision = _current_revision(plan_access.agreement)
    if plan_access.revision is None:
        return render(
            request, "plans/plan_empty.html", {"access": plan_access, "agreement": plan_access.agreement}
        )
    plan_access.revision.plan.agreement = plan_access.agreement
    return _render_revision(request, plan_access)


@login_required
@require_GET
def revision_detail(request, pk, cycle, number):
    return _render_revision(request, get_revision_access(request.actor, pk, cycle, number))


def _render_revision(request, plan_access):
    context = overview_context(plan_access, today=timezone.localdate())
    return render(request, "plans/plan_overview.html", context)


@login_required
@require_POST
def plan_create(request, pk):
    plan_access = PlanAccess.for_actor(request.actor, pk)
    access.require(plan_access.can_start)
    try:
        revision = services.plan_create(actor=request.actor, agreement=plan_access.agreement)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("plans:overview", pk=pk)
    messages.success(request, _("A draft plan was started. Both parties can now add stages and activities."))
    return redirect(revision.url())


@login_required
@require_GET_or_POST
def revision_start(request, pk, cycle, number):
    plan_access = get_revision_access(request.actor, pk, cycle, number)
    access.require(plan_access.can_start)
    revision = plan_access.revision
    if revision.status != PlanRevision.Status.IN_FORCE or revision.plan.status != Plan.Status.IN_FORCE:
        messages.error(request, _("Only the revision in force can be revised."))
        return redirect(plan_access.revision.url())
    draft = revision.plan.revisions.filter(status=PlanRevision.Status.DRAFT).first()
    if draft is not None:
        messages.info(request, _("A revision is already being prepared; change that one."))
        return redirect(draft.url())
    form = RevisionStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.plan_revision_start(actor=request.actor, plan=revision.plan, **form.cleaned_data)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect(plan_access.revision.url())
        messages.success(
            request,
            _("Revision %(number)s was started. Revision %(current)s stays in force until both approve.")
            % {"number": draft.number, "current": revision.number},
        )
        return redirect(draft.url())
    return render(request, "plans/revision_start.html", {"form": form, "access": plan_access})


@login_required
@require_POST
def revision_approve(request, pk, cycle, number):
    plan_access = get_revision_access(request.actor, pk, cycle, number)
    revision = plan_access.revision
    response = http.approve_from_request(request, revision, plan_access.can_approve)
    return response or redirect(plan_access.revision.url())


@login_required
@require_GET
def revision_list(request, pk):
    plan_access = PlanAccess.for_actor(request.actor, pk)
    plans = list(plan_access.agreement.plans.order_by("cycle"))
    revisions = list(
        revisions_with_approvals()
        .filter(plan__agreement=plan_access.agreement)
        .order_by("-plan__cycle", "-number")
    )
    return render(
        request,
        "plans/revision_list.html",
        {
            "access": plan_access,
            "agreement": plan_access.agreement,
            "revisions": revisions,
            "cycles": cycle_figures(plans),
            "Party": Party,
        },
    )


@login_required
@require_GET
def revision_compare(request, pk, cycle, number):
    plan_access = get_revision_access(request.actor, pk, cycle, number)
    revision = plan_access.revision
    others = list(PlanRevision.objects.filter(plan=revision.plan).exclude(pk=revision.pk).order_by("-number"))
    other_pk = request.GET.get("with")
    if other_pk is None:
        older = [r for r in others if r.number < revision.number]
        other = (older or others or [None])[0]
    else:
        other = next((r for r in others if str(r.number) == other_pk), None)
        if other is None:
            raise Http404
    changes = []
    if other is not None:
        contents = load_contents([revision, other])
        changes = compare_revisions(other, revision, contents)
    return render(
        request,
        "plans/revision_compare.html",
        {
            "access": plan_access,
            "agreement": plan_access.agreement,
            "revision": revision,
            "other": other,
            "others": others,
            "changes": changes,
        },
    )


@login_required
@require_GET
def revision_print(request, pk, cycle, number):
    revision = get_revision_access(request.actor, pk, cycle, number).revision
    template, context, _filename = printing.revision_printed(revision, revision.version)
    return render(request, template, context)


@login_required
@require_GET
def revision_pdf(request, pk, cycle, number):
    revision = get_revision_access(request.actor, pk, cycle, number).revision
    return document_pdf(revision, revision.version)


@login_required
@require_GET
def revision_export(request, pk, cycle, number, fmt):
    plan_access = get_revision_access(request.actor, pk, cycle, number)
    contents = load_contents([plan_access.revision])[plan_access.revision.pk]
    if fmt == "csv":
        return exports.as_csv(plan_access.revision, contents)
    return exports.as_xlsx(plan_access.revision, contents)


@login_required
@require_GET
def activity_list(request, pk, cycle, number):
    plan_access = get_revision_access(request.actor, pk, cycle, number)
    revision = plan_access.revision
    activities = revision.activities.select_related("stage", "facilitator_in_charge", "member_in_charge")
    filterset = ActivityFilter(request.GET or None, queryset=activities, revision=revision)
    invalid = filterset.is_bound and not filterset.is_valid()
    rows = [] if invalid else list(filterset.qs.order_by("stage__order", "start_date", "title"))
    today = timezone.localdate()
    with_states(plan_access.agreement, rows, today)
    return render(
        request,
        "plans/activity_list.html",
        {
            "access": plan_access,
            "agreement": plan_access.agreement,
            "revision": revision,
            "filter": filterset,
            "activities": rows,
            "today": today,
        },
    )


def _item_kind(kind):
    if kind not in ITEM_KINDS:
        raise Http404
    return ITEM_KINDS[kind]


@login_required
@require_GET_or_POST
def item_create(request, pk, cycle, number, kind):
    return _item_form(request, pk, cycle, number, kind)


@login_required
@require_GET_or_POST
def item_edit(request, pk, cycle, number, kind, item_pk):
    return _item_form(request, pk, cycle, number, kind, item_pk)


def _item_form(request, pk, cycle, number, kind, item_pk=None):
    """Add or change a stage, activity, indicator or commitment of a draft revision."""
    model, form_class, label = _item_kind(kind)
    plan_access = get_revision_access(request.actor, pk, cycle, number)
    revision = plan_access.revision
    if item_pk is None:
        item = model(revision=revision)
        if model is Commitment:
            item.party = plan_access.party
    else:
        # An item that is not this revision's is a 404 before anything else is said about it.
        item = get_item(plan_access, model, item_pk)
    access.require(plan_access.can_edit_commitment(item) if model is Commitment else plan_access.can_edit)
    initial = _initial(request, model) if item_pk is None else None
    form = form_class(request.POST or None, instance=item, revision=revision, initial=initial)
    if save_posted(
        request, form, services.plan_item_save, _("Saved."), actor=request.actor, revision=revision, item=item
    ):
        return redirect(plan_access.revision.url())
    context = {
        "form": form,
        "access": plan_access,
        "agreement": plan_access.agreement,
        "revision": revision,
        "label": label,
        "item": item if item_pk is not None else None,
    }
    return render(request, "plans/item_form.html", context)


def _initial(request, model):
    """A new activity can be added straight into a stage from the overview."""
    stage = int_param(request, "stage")
    if model is Activity and stage is not None:
        return {"stage": stage}
    return None


@login_required
@require_GET_or_POST
def item_delete(request, pk, cycle, number, kind, item_pk):
    """Ask first, saying what goes (an activity's indicators go with it); a stage with activities stays."""
    model, _form_class, label = _item_kind(kind)
    plan_access = get_revision_access(request.actor, pk, cycle, number)
    item = get_item(plan_access, model, item_pk)
    access.require(plan_access.can_edit_commitment(item) if model is Commitment else plan_access.can_edit)
    back = plan_access.revision.url()
    if request.method == "POST":
        try:
            services.plan_item_delete(actor=request.actor, revision=plan_access.revision, item=item)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Removed."))
        return redirect(back)
    goes, refusal = services.removal(item)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Remove this %(what)s?") % {"what": label},
            "what_goes": goes,
            "what_stays": [
                _("Earlier revisions and the history of changes keep it, with who removed it and when.")
            ],
            "refused": refusal,
            "submit": _("Remove"),
            "cancel_url": back,
        },
    )
