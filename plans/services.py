"""Writes to plans: each in one transaction, under the agreement's row lock, recorded against its revision.

Services take data, not forms. A rule that spans rows (one plan in
preparation, an item inside the agreement's period, a stage around its
activities) is checked here, holding the agreement's lock, so two people
saving at once cannot both pass it.
"""

import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pendampingan import approvals, journal
from pendampingan.concurrency import check_current
from pendampingan.models import Refused
from plans.models import Activity, Commitment, Lead, Plan, PlanRevision, Responsibility, Stage


def _revision_summary(revision):
    return {"cycle": revision.plan.cycle, "number": revision.number}


@transaction.atomic
def plan_create(*, actor, agreement):
    """Start the agreement's next plan cycle with an empty draft revision."""
    revision = _new_cycle(actor, agreement)
    journal.record(
        actor=actor, agreement=agreement, kind="plan.created", obj=revision, **_revision_summary(revision)
    )
    return revision


def _new_cycle(actor, agreement):
    agreement = approvals.lock_agreement(agreement.pk)
    approvals.require_party(agreement, actor)
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
    approvals.require_party(approvals.lock_agreement(plan.agreement_id), actor)
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
    journal.record(
        actor=actor,
        agreement=plan.agreement,
        kind="plan.revision_started",
        obj=revision,
        note=journal.short(note),
        **_revision_summary(revision),
    )
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


def _locked_draft(revision, actor):
    """The agreement locked, then the revision, which must still be a draft."""
    agreement = approvals.lock_agreement(revision.plan.agreement_id)
    approvals.require_party(agreement, actor)
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
    agreement, revision = _locked_draft(revision, actor)
    if isinstance(item, Commitment) and data.get("party", item.party) != actor.party:
        raise Refused(_("Each party writes its own commitments."))
    adding = not item.pk
    if not adding:
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
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="plan.item_added" if adding else "plan.item_changed",
        obj=item,
        item=item._meta.model_name,
        name=str(item),
        fields=sorted(data),
        **_revision_summary(revision),
    )
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
    agreement, revision = _locked_draft(revision, actor)
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
    name = str(item)
    item.delete()
    revision.content_changed(actor)
    # The event points at the revision: the item itself is gone (its history keeps it).
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="plan.item_removed",
        obj=revision,
        item=item._meta.model_name,
        name=name,
        **_revision_summary(revision),
    )


@transaction.atomic
def plan_next_cycle(*, actor, agreement, source, activity_keys, new_titles, targets, note):
    """Draft the agreement's next plan cycle from ``source`` (a revision of the cycle before).

    Carries the activities ``activity_keys`` of ``source`` with their indicators (each with the
    target ``targets[key]`` when given), the plan-wide indicators and both parties' commitments,
    and adds an activity for each of ``new_titles``, in two stages spanning what is left of the
    agreement. Dates move forward to today where they have passed. The draft is for both
    parties to change and approve like any plan.
    """
    revision = draft_next_cycle(
        actor=actor,
        agreement=agreement,
        source=source,
        activity_keys=activity_keys,
        new_titles=new_titles,
        targets=targets,
        note=note,
    )
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="plan.next_cycle_drafted",
        obj=revision,
        from_cycle=source.plan.cycle,
        **_revision_summary(revision),
    )
    return revision


@transaction.atomic
def draft_next_cycle(*, actor, agreement, source, activity_keys, new_titles, targets, note):
    """``plan_next_cycle`` without its journal event, for a caller that records its own."""
    agreement = approvals.lock_agreement(agreement.pk)
    approvals.require_party(agreement, actor)
    today = timezone.localdate()
    start = max(today, agreement.start_date)
    if start >= agreement.end_date:
        raise Refused(_("The agreement ends too soon for another plan cycle; amend its period first."))
    revision = _new_cycle(actor, agreement)
    revision.note = note[: PlanRevision._meta.get_field("note").max_length]
    revision.save(update_fields=["note", "lock_version"])
    with translation.override(settings.LANGUAGE_CODE):
        _draft_next_cycle(revision, agreement, source, activity_keys, new_titles, targets, start)
    return revision


def _draft_next_cycle(revision, agreement, source, activity_keys, new_titles, targets, start):
    author = Stage.authored_like(revision)
    carried_stage = Stage.objects.create(
        **author,
        revision=revision,
        order=1,
        name=_("Continued from cycle %(cycle)s") % {"cycle": source.plan.cycle},
        objective=_("Finish what the evaluation found unfinished."),
        start_date=start,
        end_date=agreement.end_date,
    )
    new_stage = Stage.objects.create(
        **author,
        revision=revision,
        order=2,
        name=_("New activities recommended by the evaluation"),
        objective=_("Carry out the evaluation's recommendations."),
        start_date=start,
        end_date=agreement.end_date,
    )
    carried = {}
    for activity in source.activities.filter(key__in=activity_keys).order_by("start_date", "title"):
        length = activity.due_date - activity.start_date
        old_pk = activity.pk
        activity.pk = None
        # A new activity of the new cycle: its progress starts afresh. Indicators keep their keys,
        # so what was measured goes on counting.
        activity.key = uuid.uuid4()
        activity.revision = revision
        activity.stage = carried_stage
        activity.start_date = max(activity.start_date, start)
        activity.due_date = min(max(activity.due_date, activity.start_date + length), agreement.end_date)
        activity.save()
        carried[old_pk] = activity
    for title in new_titles:
        Activity.objects.create(
            **author,
            revision=revision,
            stage=new_stage,
            title=title[: Activity._meta.get_field("title").max_length],
            start_date=start,
            due_date=agreement.end_date,
            expected_output=_("To be agreed between both parties."),
            responsible_party=Responsibility.BOTH,
            lead=Lead.JOINT,
        )
    for indicator in source.indicators.all():
        if indicator.activity_id is not None and indicator.activity_id not in carried:
            continue
        indicator.pk = None
        indicator.revision = revision
        indicator.activity = carried.get(indicator.activity_id)
        indicator.target = targets.get(indicator.key, indicator.target)
        indicator.target_date = min(max(indicator.target_date, start), agreement.end_date)
        indicator.save()
    for commitment in source.commitments.all():
        commitment.pk = None
        commitment.revision = revision
        commitment.save()
