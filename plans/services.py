"""Writes to plans: each in one transaction, each recorded against its revision."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pendampingan import approvals
from plans.models import Plan, PlanRevision, Stage


@transaction.atomic
def plan_create(*, actor, agreement):
    """Start the agreement's next plan cycle with an empty draft revision."""
    last = agreement.plans.aggregate(last=Max("cycle"))["last"] or 0
    plan = Plan.objects.create(agreement=agreement, cycle=last + 1)
    revision = PlanRevision(plan=plan, number=1)
    revision.stamp(actor)
    revision.save()
    return revision


@transaction.atomic
def plan_revision_start(*, actor, plan, note=""):
    """A draft revision copied from the revision in force, for both parties to change and approve."""
    current = plan.revisions.get(status=PlanRevision.Status.IN_FORCE)
    revision = PlanRevision(plan=plan, number=current.number + 1, note=note)
    revision.stamp(actor)
    revision.save()
    copy_content(current, revision)
    return revision


def copy_content(source, target):
    stages = {}
    for stage in source.stages.all():
        old_pk = stage.pk
        stage.pk = None
        stage.revision = target
        stage.save()
        stages[old_pk] = stage
    activities = {}
    for activity in source.activities.all():
        old_pk = activity.pk
        activity.pk = None
        activity.revision = target
        activity.stage = stages[activity.stage_id]
        activity.save()
        activities[old_pk] = activity
    for indicator in source.indicators.all():
        indicator.pk = None
        indicator.revision = target
        indicator.activity = activities.get(indicator.activity_id)
        indicator.save()
    for commitment in source.commitments.all():
        commitment.pk = None
        commitment.revision = target
        commitment.save()


def plan_revision_approve(*, actor, revision, version):
    """``actor``'s party approves ``version``; with both approvals the revision comes into force."""
    _revision, approval = approvals.approve(
        subject=revision, actor=actor, version=version, when_both=bring_into_force
    )
    return approval


def bring_into_force(revision):
    """Both parties approved: the revision replaces the one in force, its plan replaces the plan in force.

    Runs inside the approval's transaction, with the revision's row locked.
    """
    plan = revision.plan
    for older in plan.revisions.filter(status=PlanRevision.Status.IN_FORCE).exclude(pk=revision.pk):
        older.status = PlanRevision.Status.SUPERSEDED
        older.save(update_fields=["status", "updated_at"])
    revision.status = PlanRevision.Status.IN_FORCE
    revision.in_force_since = timezone.now()
    revision.save(update_fields=["status", "in_force_since", "updated_at"])
    for other in plan.agreement.plans.filter(cycle__lt=plan.cycle).exclude(status=Plan.Status.CLOSED):
        # A new cycle's plan closes the earlier cycles, with whatever was pending in them.
        for pending in other.revisions.exclude(status=PlanRevision.Status.SUPERSEDED):
            pending.status = PlanRevision.Status.SUPERSEDED
            pending.save(update_fields=["status", "updated_at"])
        other.status = Plan.Status.CLOSED
        other.save(update_fields=["status"])
    plan.status = Plan.Status.IN_FORCE
    plan.save(update_fields=["status"])


class RevisionNotDraft(Exception):
    """The revision came into force (or was replaced) while someone was editing it."""


def _locked_draft(revision):
    revision = approvals.locked(revision)
    if not revision.is_draft:
        raise RevisionNotDraft
    return revision


@transaction.atomic
def plan_item_save(*, actor, revision, form):
    """Save a stage, activity, indicator or commitment of a draft revision.

    An actual change asks both parties to approve again; saving a form unchanged does not.
    """
    revision = _locked_draft(revision)
    if form.instance.pk and not form.has_changed():
        return form.instance
    item = form.save(commit=False)
    item.revision = revision
    item.stamp(actor)
    if isinstance(item, Stage) and item.order is None:
        item.order = (revision.stages.aggregate(last=Max("order"))["last"] or 0) + 1
    item.save()
    form.save_m2m()
    revision.content_changed(actor)
    return item


@transaction.atomic
def plan_item_delete(*, actor, revision, item):
    revision = _locked_draft(revision)
    item.delete()
    revision.content_changed(actor)
