"""Writes to plans: each in one transaction, each recorded against its revision."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from plans.models import Activity, Commitment, Indicator, Plan, PlanRevision, Stage


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


@transaction.atomic
def plan_revision_approve(*, actor, revision, version):
    """``actor``'s party approves ``version``; with both approvals the revision comes into force."""
    approval = revision.add_approval(actor=actor, version=version)
    if revision.is_approved_by_both():
        plan = revision.plan
        plan.revisions.filter(status=PlanRevision.Status.IN_FORCE).update(
            status=PlanRevision.Status.SUPERSEDED
        )
        revision.status = PlanRevision.Status.IN_FORCE
        revision.in_force_since = timezone.now()
        revision.save(update_fields=["status", "in_force_since", "updated_at"])
        plan.agreement.plans.filter(status=Plan.Status.IN_FORCE).exclude(pk=plan.pk).update(
            status=Plan.Status.CLOSED
        )
        plan.status = Plan.Status.IN_FORCE
        plan.save(update_fields=["status"])
    return approval


@transaction.atomic
def plan_item_save(*, actor, revision, form):
    item = form.save(commit=False)
    item.revision = revision
    if isinstance(item, Stage) and item.order is None:
        item.order = (revision.stages.aggregate(last=Max("order"))["last"] or 0) + 1
    item.save()
    form.save_m2m()
    revision.content_changed(actor)
    return item


@transaction.atomic
def plan_item_delete(*, actor, revision, item):
    item.delete()
    revision.content_changed(actor)


PLAN_ITEM_MODELS = {"stage": Stage, "activity": Activity, "indicator": Indicator, "commitment": Commitment}
