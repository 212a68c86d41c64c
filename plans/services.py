"""Writes to plans: each in one transaction, under the agreement's row lock, recorded against its revision.

Services take data, not forms. A rule that spans rows (one plan in
preparation, an item inside the agreement's period, a stage around its
activities) is checked here, holding the agreement's lock, so two people
saving at once cannot both pass it.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from pendampingan import approvals
from pendampingan.concurrency import check_current
from pendampingan.models import Refused
from plans.models import Activity, Plan, PlanRevision, Stage


@transaction.atomic
def plan_create(*, actor, agreement):
    """Start the agreement's next plan cycle with an empty draft revision."""
    agreement = approvals.lock_agreement(agreement.pk)
    if agreement.plans.filter(status=Plan.Status.PREPARING).exists():
        raise Refused(_("A plan is already being prepared for this agreement."))
    last = agreement.plans.aggregate(last=Max("cycle"))["last"] or 0
    try:
        with transaction.atomic():
            plan = Plan.objects.create(agreement=agreement, cycle=last + 1)
    except IntegrityError:
        raise Refused(_("A plan is already being prepared for this agreement.")) from None
    revision = PlanRevision(plan=plan, number=1)
    revision.stamp(actor)
    revision.save()
    return revision


@transaction.atomic
def plan_revision_start(*, actor, plan, note=""):
    """A draft revision copied from the revision in force, for both parties to change and approve."""
    approvals.lock_agreement(plan.agreement_id)
    draft = plan.revisions.filter(status=PlanRevision.Status.DRAFT).first()
    if draft is not None:
        raise Refused(_("A revision is already being prepared; change that one."))
    current = plan.revisions.filter(status=PlanRevision.Status.IN_FORCE).first()
    if current is None or Plan.objects.get(pk=plan.pk).status != Plan.Status.IN_FORCE:
        raise Refused(_("Only the revision in force can be revised."))
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


def _locked_draft(revision):
    """The agreement locked, then the revision, which must still be a draft."""
    agreement = approvals.lock_agreement(revision.plan.agreement_id)
    revision = approvals.locked(revision)
    if not revision.is_draft:
        raise Refused(
            _(
                "Both parties approved this revision while you were editing it, so it can no longer change. "
                "Propose a change to it instead."
            )
        )
    return agreement, revision


@transaction.atomic
def plan_item_save(*, actor, revision, item, read_version=None, **data):
    """Add or change a stage, activity, indicator or commitment of a draft revision.

    ``item`` is new (unsaved) or the item as read; ``read_version`` is the edit
    number the form was read at. An actual change asks both parties to approve
    again; saving unchanged data does not.
    """
    agreement, revision = _locked_draft(revision)
    if item.pk:
        item = approvals.locked(item)
        check_current(item, read_version, list(data))
        if all(getattr(item, name) == value for name, value in data.items()):
            return item
    elif type(item).objects.filter(revision=revision).count() >= type(item).MAX_PER_REVISION:
        raise Refused(
            _("A plan holds at most %(count)s %(items)s. Combine some before adding more.")
            % {"count": type(item).MAX_PER_REVISION, "items": type(item)._meta.verbose_name_plural}
        )
    for name, value in data.items():
        setattr(item, name, value)
    item.revision = revision
    if isinstance(item, Stage) and item.order is None:
        item.order = (revision.stages.aggregate(last=Max("order"))["last"] or 0) + 1
    item.stamp(actor)
    item.full_clean(exclude=["revision", "key"])
    item.check_rules(agreement)
    item.save()
    revision.content_changed(actor)
    return item


def removal(item):
    """What removing ``item`` takes with it, or why it cannot go: (lines that go, refusal or None)."""
    if isinstance(item, Stage):
        titles = [a.title for a in item.activities.all()]
        if titles:
            return [], _("Move or remove the stage's activities first: %(titles)s.") % {
                "titles": ", ".join(titles)
            }
        return [str(item)], None
    if isinstance(item, Activity):
        indicators = [_("indicator “%(name)s”") % {"name": i.name} for i in item.indicators.all()]
        return [item.title, *indicators], None
    return [str(item)], None


@transaction.atomic
def plan_item_delete(*, actor, revision, item):
    """Remove an item of a draft revision; an activity takes its own indicators with it.

    The history keeps every removed item, with who removed it.
    """
    _agreement, revision = _locked_draft(revision)
    item = type(item).objects.filter(pk=item.pk).select_for_update().first()
    if item is None:
        return
    _goes, refusal = removal(item)
    if refusal:
        raise Refused(refusal)
    for indicator in item.indicators.all() if isinstance(item, Activity) else []:
        indicator._history_user, indicator._history_officer = actor.user, actor.officer
        indicator.delete()
    item._history_user, item._history_officer = actor.user, actor.officer
    item.delete()
    revision.content_changed(actor)
