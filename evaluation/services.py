"""Writes to evaluations: each in one transaction, under the agreement's row lock."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evaluation import results
from evaluation.models import Evaluation
from monitoring.models import ActivityProgress
from monitoring.states import FINISHED, activity_states
from pendampingan import approvals, journal
from pendampingan.concurrency import check_current
from pendampingan.models import Refused
from plans import services as plans
from plans.models import Plan, PlanRevision


def subjects(agreement):
    """What can be evaluated in the plan in force: ``(cycle, activities, stages)``; cycle None without one."""
    revision = (
        PlanRevision.objects.filter(
            plan__agreement=agreement, plan__status=Plan.Status.IN_FORCE, status=PlanRevision.Status.IN_FORCE
        )
        .select_related("plan")
        .first()
    )
    if revision is None:
        return None, [], []
    return (
        revision.plan.cycle,
        list(revision.activities.order_by("start_date", "title")),
        list(revision.stages.order_by("order")),
    )


@transaction.atomic
def evaluation_start(*, actor, agreement, level, subject_key=None):
    """Start evaluating an activity, a stage or the plan cycle in force; one evaluation of each."""
    agreement = approvals.lock_open_agreement(agreement.pk, actor=actor)
    cycle, activities, stages = subjects(agreement)
    if cycle is None:
        raise Refused(_("An evaluation looks at a plan in force; this agreement has none yet."))
    if level == Evaluation.Level.CYCLE:
        # Stored in the site's language, whatever language the person starting it reads.
        with translation.override(settings.LANGUAGE_CODE):
            subject_key, title = None, _("Plan cycle %(cycle)s") % {"cycle": cycle}
    else:
        candidates = (
            {a.key: a.title for a in activities}
            if level == Evaluation.Level.ACTIVITY
            else {s.key: s.name for s in stages}
        )
        if subject_key not in candidates:
            raise ValidationError({"subject_key": _("Choose an activity or a stage of the plan in force.")})
        title = candidates[subject_key]
    existing = Evaluation.objects.filter(
        agreement=agreement, cycle=cycle, level=level, subject_key=subject_key
    )
    if existing.exists():
        raise Refused(_("This is evaluated already: open that evaluation to add to it."))
    evaluation = Evaluation(
        agreement=agreement, cycle=cycle, level=level, subject_key=subject_key, title=title
    )
    evaluation.stamp(actor)
    evaluation.save()
    journal.record(actor=actor, agreement=agreement, kind="evaluation.started", obj=evaluation, title=title)
    return evaluation


@transaction.atomic
def evaluation_update(*, actor, evaluation, read_version, **data):
    """Change the actor's party's own assessment and the joint texts; the other party's are not its to write.

    A change after either party approved asks both to approve again.
    """
    agreement = approvals.lock_open_agreement(evaluation.agreement_id, actor=actor)
    current = approvals.locked(evaluation)
    if current.is_final:
        raise Refused(_("Both parties approved this evaluation: it is final."))
    allowed = {*Evaluation.OWN_FIELDS[actor.party], *Evaluation.JOINT_FIELDS}
    if set(data) - allowed:
        raise Refused(_("Each party writes its own assessment; the other party's is theirs to write."))
    check_current(current, read_version, list(data))
    changed = sorted(name for name, value in data.items() if getattr(current, name) != value)
    if not changed:
        return current
    for name, value in data.items():
        setattr(current, name, value)
    current.start_new_version_if_approved()
    current.stamp(actor)
    current.full_clean(exclude=["agreement"])
    current.save()
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="evaluation.changed",
        obj=current,
        title=current.title,
        fields=changed,
        version=current.version,
    )
    return current


def unfinished(evaluation, on):
    """The activities of the evaluated cycle not done nor cancelled on ``on``, and its indicators."""
    revision = results.revision_of(evaluation.agreement, evaluation.cycle)
    if revision is None:
        return None, [], []
    activities = list(revision.activities.order_by("start_date", "title"))
    entries = ActivityProgress.objects.filter(
        agreement=evaluation.agreement, activity_key__in=[a.key for a in activities]
    )
    states = activity_states(activities, entries, on) if activities else {}
    open_ones = [a for a in activities if states[a.key].status not in FINISHED]
    return revision, open_ones, list(revision.indicators.select_related("activity").order_by("name"))


@transaction.atomic
def carry_forward(*, actor, evaluation, activity_keys, new_titles, targets):
    """Draft the next cycle's plan from an approved cycle evaluation: the chosen unfinished
    activities, the recommended new ones and the indicators with their adjusted targets."""
    agreement = approvals.lock_open_agreement(evaluation.agreement_id, actor=actor)
    current = approvals.locked(evaluation)
    if current.level != Evaluation.Level.CYCLE or not current.is_final:
        raise Refused(_("The next plan is drafted from a plan cycle's evaluation both parties approved."))
    if current.next_plan_id is not None:
        raise Refused(_("The next plan was drafted from this evaluation already."))
    source, open_ones, _indicators = unfinished(current, timezone.localdate())
    chosen = [a.key for a in open_ones if a.key in set(activity_keys)]
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Drafted from the evaluation “%(title)s”. Its recommendations: %(text)s") % {
            "title": current.title,
            "text": current.recommendations or "—",
        }
    revision = plans.draft_next_cycle(
        actor=actor,
        agreement=current.agreement,
        source=source,
        activity_keys=chosen,
        new_titles=new_titles,
        targets=targets,
        note=note,
    )
    current.next_plan = revision.plan
    current.save(update_fields=["next_plan", "updated_at"])
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="evaluation.next_plan_drafted",
        obj=current,
        title=current.title,
        cycle=revision.plan.cycle,
    )
    return revision
