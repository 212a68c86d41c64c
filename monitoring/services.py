"""Writes to monitoring: each in one transaction, under the agreement's row lock."""

from django.db import transaction
from django.utils.translation import gettext as _

from monitoring.models import ActivityProgress, CorrectiveAction, IndicatorValue
from pendampingan import approvals
from pendampingan.access import ENDED
from pendampingan.concurrency import check_current
from pendampingan.models import Refused


def _locked_open_agreement(agreement_id):
    agreement = approvals.lock_agreement(agreement_id)
    if not agreement.is_open:
        raise Refused(ENDED)
    return agreement


def _record(actor, record, key_field):
    """Save a new record of either party: stamped, validated, under the agreement's lock."""
    record.stamp(actor)
    record.full_clean(exclude=["agreement", key_field])
    record.save()
    return record


def _change(actor, record, read_version, key_field, data):
    """Change a record as its author party, refused if someone saved it after ``read_version``."""
    _locked_open_agreement(record.agreement_id)
    current = approvals.locked(record)
    if current.author_party != actor.party:
        raise Refused(_("Only the party that wrote this entry changes it."))
    check_current(current, read_version, list(data))
    if all(getattr(current, name) == value for name, value in data.items()):
        return current
    for name, value in data.items():
        setattr(current, name, value)
    return _record(actor, current, key_field)


@transaction.atomic
def progress_create(*, actor, agreement, activity, **data):
    """Record progress of ``activity`` (an activity of the plan in force) for ``actor``'s party."""
    agreement = _locked_open_agreement(agreement.pk)
    entry = ActivityProgress(agreement=agreement, activity_key=activity.key, **data)
    return _record(actor, entry, "activity_key")


@transaction.atomic
def progress_update(*, actor, entry, read_version=None, **data):
    return _change(actor, entry, read_version, "activity_key", data)


@transaction.atomic
def indicator_value_create(*, actor, agreement, indicator, **data):
    """Record a value of ``indicator`` (an indicator of the plan in force) for ``actor``'s party."""
    agreement = _locked_open_agreement(agreement.pk)
    value = IndicatorValue(agreement=agreement, indicator_key=indicator.key, **data)
    return _record(actor, value, "indicator_key")


@transaction.atomic
def indicator_value_update(*, actor, indicator_value, read_version=None, **data):
    return _change(actor, indicator_value, read_version, "indicator_key", data)


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
):
    """Open a corrective action owned by ``owner_party``, written by ``actor``'s party.

    ``deviation_key`` and ``deviation_title`` say what it corrects (a deviation, or
    a finding of a mutual assessment), as it read when the action was taken.
    """
    agreement = _locked_open_agreement(agreement.pk)
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
    return _record(actor, action, "deviation_key")
