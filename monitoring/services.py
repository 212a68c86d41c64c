"""Writes to monitoring: each in one transaction, under the agreement's row lock."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring import assessments
from monitoring.models import (
    ActivityProgress,
    AssessmentCriterion,
    AssessmentRound,
    CorrectiveAction,
    CorrectiveActionStep,
    Evidence,
    IndicatorValue,
    ReportedDeviation,
    Score,
    Scorecard,
)
from pendampingan import approvals, attachments, bounds, journal
from pendampingan.concurrency import check_current
from pendampingan.models import Party, Refused
from plans.models import Activity, Indicator

NOT_IN_FORCE = _("Progress is recorded against the plan in force: this is not part of it.")


def _record(actor, record, key_field):
    """Save a new record of either party: stamped, validated, under the agreement's lock."""
    record.stamp(actor)
    record.full_clean(exclude=["agreement", key_field])
    record.save()
    return record


def _change(actor, record, read_version, key_field, data, kind, evidence=None):
    """Change a record as its author party, refused if someone saved it after ``read_version``;
    the change is the journal's event ``kind``.

    ``evidence`` (``files`` to add, evidence to ``remove``) changes its files too,
    which counts as a change of the record: it is stamped with who made it.
    """
    agreement = approvals.lock_open_agreement(record.agreement_id, actor=actor)
    current = approvals.locked(record)
    if current.author_party != actor.party:
        raise Refused(_("Only the party that wrote this entry changes it."))
    check_current(current, read_version, list(data))
    files_change = evidence is not None and bool(evidence["files"] or evidence["remove"])
    fields = sorted(name for name, value in data.items() if getattr(current, name) != value)
    if not files_change and not fields:
        return current
    for name, value in data.items():
        setattr(current, name, value)
    _record(actor, current, key_field)
    if files_change:
        _evidence(actor, current, **evidence)
        fields.append("evidence")
    journal.record(actor=actor, agreement=agreement, kind=kind, obj=current, fields=fields, **_named(current))
    return current


def _named(record):
    """What names a monitoring record in its journal events: an entry's activity or indicator by its
    key and, while the plan in force has it, its name."""
    if isinstance(record, ActivityProgress):
        found = Activity.objects.in_force(record.agreement_id).filter(key=record.activity_key)
        return {"activity_key": record.activity_key, **_name("activity", found, "title")}
    if isinstance(record, IndicatorValue):
        found = Indicator.objects.in_force(record.agreement_id).filter(key=record.indicator_key)
        return {"indicator_key": record.indicator_key, **_name("indicator", found, "name")}
    return {"title": record.title}


def _name(key, found, field):
    name = found.values_list(field, flat=True).first()
    return {key: name} if name is not None else {}


def _evidence(actor, record, parent, files=(), remove=(), agreement_id=None):
    """Add ``files`` to ``record`` (the ``parent`` of its evidence) and take away ``remove``."""
    return attachments.change(
        Evidence,
        actor=actor,
        existing=record.evidence.all(),
        files=files,
        remove=remove,
        agreement_id=agreement_id or record.agreement_id,
        **{parent: record},
    )


@transaction.atomic
def progress_create(*, actor, agreement, activity, files=(), **data):
    """Record progress of ``activity`` (an activity of the plan in force) for ``actor``'s party,
    with ``files`` (prepared uploads) as its evidence."""
    agreement = approvals.lock_open_agreement(agreement.pk, actor=actor)
    if not Activity.objects.in_force(agreement).filter(key=activity.key).exists():
        raise Refused(NOT_IN_FORCE)
    entry = _record(
        actor, ActivityProgress(agreement=agreement, activity_key=activity.key, **data), "activity_key"
    )
    _evidence(actor, entry, "progress", files)
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="monitoring.progress_recorded",
        obj=entry,
        activity=activity.title,
        activity_key=activity.key,
        status=entry.status,
        percent=entry.percent_done,
        what_was_done=journal.short(entry.what_was_done),
    )
    return entry


@transaction.atomic
def progress_update(*, actor, entry, read_version=None, files=(), remove=(), **data):
    evidence = {"parent": "progress", "files": files, "remove": remove}
    return _change(actor, entry, read_version, "activity_key", data, "monitoring.progress_changed", evidence)


@transaction.atomic
def indicator_value_create(*, actor, agreement, indicator, files=(), **data):
    """Record a value of ``indicator`` (an indicator of the plan in force) for ``actor``'s party,
    with ``files`` (prepared uploads) as its evidence."""
    agreement = approvals.lock_open_agreement(agreement.pk, actor=actor)
    if not Indicator.objects.in_force(agreement).filter(key=indicator.key).exists():
        raise Refused(NOT_IN_FORCE)
    value = _record(
        actor, IndicatorValue(agreement=agreement, indicator_key=indicator.key, **data), "indicator_key"
    )
    _evidence(actor, value, "value", files)
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="monitoring.indicator_measured",
        obj=value,
        indicator=indicator.name,
        indicator_key=indicator.key,
        value=value.value,
        note=journal.short(value.note),
    )
    return value


@transaction.atomic
def indicator_value_update(*, actor, indicator_value, read_version=None, files=(), remove=(), **data):
    evidence = {"parent": "value", "files": files, "remove": remove}
    kind = "monitoring.indicator_value_changed"
    return _change(actor, indicator_value, read_version, "indicator_key", data, kind, evidence)


def _check_due(agreement, due_date, today=None, was=None):
    """A corrective action falls due within the agreement, and a due date set (``was`` it before)
    falls on or after the day it is set."""
    bounds.check_within_agreement(agreement, due_date=due_date)
    if due_date != was and due_date < (today or timezone.localdate()):
        raise ValidationError({"due_date": _("The due date cannot be in the past.")})


@transaction.atomic
def corrective_action_create(
    *,
    actor,
    agreement,
    title,
    owner_party,
    owner_name,
    due_date,
    details="",
    commitment_key=None,
    deviation_key="",
    deviation_title="",
    today=None,
):
    """Open a corrective action owned by ``owner_party``, written by ``actor``'s party.

    ``deviation_key`` and ``deviation_title`` say what it corrects (a deviation, or
    a finding of a mutual assessment), as it read when the action was taken. ``today`` is the
    day it is written, if not today (a record captured earlier and sent later).
    """
    agreement = approvals.lock_open_agreement(agreement.pk, actor=actor)
    _check_due(agreement, due_date, today)
    action = CorrectiveAction(
        agreement=agreement,
        title=title,
        details=details,
        owner_party=owner_party,
        owner_name=owner_name,
        due_date=due_date,
        commitment_key=commitment_key,
        deviation_key=deviation_key,
        deviation_title=deviation_title[: CorrectiveAction._meta.get_field("deviation_title").max_length],
    )
    _record(actor, action, "deviation_key")
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="monitoring.action_opened",
        obj=action,
        title=action.title,
        owner_party=action.owner_party,
        owner_name=action.owner_name,
        due_date=action.due_date,
    )
    return action


@transaction.atomic
def deviation_report(*, actor, agreement, **data):
    """Record a deviation ``actor``'s party saw, about either party."""
    agreement = approvals.lock_open_agreement(agreement.pk, actor=actor)
    report = _record(actor, ReportedDeviation(agreement=agreement, **data), "agreement")
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="monitoring.deviation_reported",
        obj=report,
        title=report.title,
        concerns_party=report.concerns_party,
    )
    return report


@transaction.atomic
def deviation_report_update(*, actor, report, read_version=None, **data):
    if report.withdrawn_at is not None:
        raise Refused(_("This report was withdrawn."))
    return _change(actor, report, read_version, "agreement", data, "monitoring.deviation_changed")


@transaction.atomic
def deviation_report_withdraw(*, actor, report):
    """The reporter takes its report back; it stays readable, marked withdrawn. Once only."""
    agreement = approvals.lock_open_agreement(report.agreement_id, actor=actor)
    current = approvals.locked(report)
    if current.author_party != actor.party:
        raise Refused(_("Only the party that reported it withdraws it."))
    if current.withdrawn_at is None:
        current.withdrawn_at = timezone.now()
        current.stamp(actor)
        current.save()
        journal.record(
            actor=actor,
            agreement=agreement,
            kind="monitoring.deviation_withdrawn",
            obj=current,
            title=current.title,
        )
    return current


@transaction.atomic
def corrective_action_update(*, actor, action, read_version=None, today=None, **data):
    """The party that opened it changes it while it is open; a save from an older page is refused."""
    agreement = approvals.lock_open_agreement(action.agreement_id, actor=actor)
    current = approvals.locked(action)
    if current.status != CorrectiveAction.Status.OPEN:
        raise Refused(_("Only an open corrective action is changed."))
    _check_due(agreement, data.get("due_date", current.due_date), today, was=current.due_date)
    return _change(actor, current, read_version, "deviation_key", data, "monitoring.action_changed")


STEPS = {
    # step: (the state it starts from, the state it leads to, who takes it)
    CorrectiveActionStep.Kind.DONE: (CorrectiveAction.Status.OPEN, CorrectiveAction.Status.DONE, "owner"),
    CorrectiveActionStep.Kind.CONFIRMED: (
        CorrectiveAction.Status.DONE,
        CorrectiveAction.Status.CLOSED,
        "other",
    ),
    CorrectiveActionStep.Kind.REOPENED: (
        CorrectiveAction.Status.DONE,
        CorrectiveAction.Status.OPEN,
        "other",
    ),
}


@transaction.atomic
def corrective_action_step(*, actor, action, kind, read_version, note="", files=()):
    """Take one step of the loop: the owner marks it done; the other party confirms or reopens it.

    Bound to the state the person was shown (``read_version``): a step taken from
    a page read before the action changed — including the second click of a
    double click — is refused, so a confirmation always confirms what was seen.
    """
    agreement = approvals.lock_open_agreement(action.agreement_id, actor=actor)
    current = approvals.locked(action)
    starts, leads_to, who = STEPS[kind]
    party = current.owner_party if who == "owner" else current.confirming_party
    if actor.party != party:
        raise Refused(
            _("Only its owner marks it done.")
            if who == "owner"
            else _("Only the other party confirms or reopens what its owner marked done.")
        )
    if current.status != starts or current.lock_version != read_version:
        raise Refused(_("The corrective action changed after you opened it; read it again before acting."))
    if kind == CorrectiveActionStep.Kind.REOPENED and not note.strip():
        raise ValidationError({"note": _("Say why it is not done yet.")})
    step = CorrectiveActionStep(action=current, kind=kind, note=note)
    step.stamp(actor)
    step.full_clean(exclude=["action"])
    current.status = leads_to
    current.stamp(actor)
    current.save()
    step.save()
    _evidence(actor, step, "step", files, agreement_id=current.agreement_id)
    journal.record(
        actor=actor,
        agreement=agreement,
        kind=f"monitoring.action_{kind}",
        obj=step,
        action=current.pk,
        title=current.title,
        step=kind,
        note=journal.short(note),
    )
    return current


def _criteria(agreement):
    """The agreement's criteria; the defaults the first time, for both parties."""
    criteria = list(agreement.assessment_criteria.all())
    if not criteria:
        for party, texts in assessments.DEFAULT_CRITERIA.items():
            for order, text in enumerate(texts, start=1):
                criteria.append(
                    AssessmentCriterion.objects.create(
                        agreement=agreement, about_party=party, text=text, order=order
                    )
                )
    return criteria


@transaction.atomic
def assessment_open(*, actor, agreement):
    """Open the next round of the mutual assessment; only one round is open at a time."""
    agreement = approvals.lock_open_agreement(agreement.pk, actor=actor)
    if actor.party is None:
        raise Refused(_("Only the parties of the agreement score each other."))
    rounds = list(agreement.assessment_rounds.prefetch_related("scorecards"))
    still_open = assessments.open_round(rounds)
    if still_open is not None:
        raise Refused(
            _("Round %(number)s is still open: both score cards come first.") % {"number": still_open.number}
        )
    today = timezone.localdate()
    round_ = AssessmentRound.objects.create(
        agreement=agreement,
        number=max((r.number for r in rounds), default=0) + 1,
        opened_on=today,
        due_date=min(today + datetime.timedelta(days=assessments.CARD_DAYS), agreement.end_date),
    )
    round_.criteria.set([c for c in _criteria(agreement) if c.is_active])
    journal.record(
        actor=actor, agreement=agreement, kind="monitoring.round_opened", obj=round_, number=round_.number
    )
    return round_


@transaction.atomic
def scorecard_save(*, actor, round, scores, submit, read_version=None):
    """Save ``actor``'s party's card: ``scores`` is ``{criterion id: (score or None, comment)}``.

    A submitted card no longer changes. Submitting needs a score for every criterion.
    A save from a page read before another save of the same card is refused.
    """
    agreement = approvals.lock_open_agreement(round.agreement_id, actor=actor)
    card = Scorecard.objects.select_for_update().filter(round=round, party=actor.party).first()
    if card is not None and card.submitted_at is not None:
        raise Refused(_("Your card was submitted; it no longer changes."))
    if card is not None and read_version != card.lock_version:
        raise Refused(_("Someone saved this card after you opened it; open it again to see their scores."))
    criteria = list(round.criteria.all())
    if submit and any(scores.get(c.pk, (None, ""))[0] is None for c in criteria):
        raise ValidationError(_("Give every criterion a score from 1 to 5 before submitting."))
    if card is None:
        card = Scorecard(round=round, party=actor.party)
    card.stamp(actor)
    if submit:
        card.submitted_at = timezone.now()
    card.save()
    for criterion in criteria:
        score, comment = scores.get(criterion.pk, (None, ""))
        Score.objects.update_or_create(
            scorecard=card,
            criterion=criterion,
            defaults={
                "criterion_text": criterion.text,
                "about_party": criterion.about_party,
                "score": score,
                "comment": comment,
            },
        )
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="monitoring.scorecard_submitted" if submit else "monitoring.scorecard_saved",
        obj=card,
        round=round.number,
    )
    return card


@transaction.atomic
def round_discuss(*, actor, round, read_version=None, discussion):
    """The joint discussion note, written by either party once both cards are in."""
    agreement = approvals.lock_open_agreement(round.agreement_id, actor=actor)
    current = approvals.locked(round)
    if not current.is_complete:
        raise Refused(_("The discussion starts once both score cards are submitted."))
    check_current(current, read_version, ["discussion"])
    current.discussion = discussion
    current.save()
    journal.record(
        actor=actor,
        agreement=agreement,
        kind="monitoring.round_discussed",
        obj=current,
        number=current.number,
    )
    return current


@transaction.atomic
def criteria_update(*, actor, agreement, texts, read_version):
    """Set the criteria ``actor``'s party scores the other party on, in order.

    A criterion kept keeps its scores; one left out is set aside, never deleted;
    a new line becomes a new criterion. Refused when the list changed since it
    was read (``read_version``: the texts then in use).
    """
    agreement = approvals.lock_open_agreement(agreement.pk, actor=actor)
    about = Party.GROUP if actor.party == Party.INSTITUTION else Party.INSTITUTION
    current = [c for c in _criteria(agreement) if c.about_party == about]
    in_use = [c for c in current if c.is_active]
    if read_version != criteria_version(in_use):
        raise Refused(_("The criteria changed after you opened this page; open it again."))
    by_text = {c.text: c for c in current}
    for order, text in enumerate(texts, start=1):
        criterion = by_text.pop(text, None) or AssessmentCriterion(
            agreement=agreement, about_party=about, text=text
        )
        criterion.order, criterion.is_active = order, True
        criterion.save()
    for left_out in by_text.values():
        if left_out.is_active:
            left_out.is_active = False
            left_out.save()
    if "\n".join(texts) != read_version:
        journal.record(
            actor=actor,
            agreement=agreement,
            kind="monitoring.criteria_changed",
            obj=agreement,
            about=about,
            criteria=list(texts),
        )


def criteria_version(criteria):
    """What an edit of the criteria was read at: the texts in use, in order."""
    return "\n".join(c.text for c in sorted(criteria, key=lambda c: (c.order, c.pk)))
