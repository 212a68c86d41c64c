"""Writes to monitoring: each in one transaction, under the agreement's row lock."""

from django.db import transaction
from django.utils.translation import gettext as _

from monitoring.models import ActivityProgress, IndicatorValue
from pendampingan import approvals
from pendampingan.concurrency import check_current
from pendampingan.models import Refused


@transaction.atomic
def progress_create(*, actor, agreement, activity, **data):
    """Record progress of ``activity`` (an activity of the plan in force) for ``actor``'s party."""
    agreement = approvals.lock_agreement(agreement.pk)
    if not agreement.is_open:
        raise Refused(_("The agreement has ended, so nothing in it can change any more."))
    entry = ActivityProgress(agreement=agreement, activity_key=activity.key, **data)
    entry.stamp(actor)
    entry.full_clean(exclude=["agreement", "activity_key"])
    entry.save()
    return entry


@transaction.atomic
def progress_update(*, actor, entry, read_version=None, **data):
    """Change an entry, refused if someone saved it after ``read_version`` was read."""
    agreement = approvals.lock_agreement(entry.agreement_id)
    if not agreement.is_open:
        raise Refused(_("The agreement has ended, so nothing in it can change any more."))
    current = approvals.locked(entry)
    if current.author_party != actor.party:
        raise Refused(_("Only the party that wrote this entry changes it."))
    check_current(current, read_version, list(data))
    if all(getattr(current, name) == value for name, value in data.items()):
        return current
    for name, value in data.items():
        setattr(current, name, value)
    current.stamp(actor)
    current.full_clean(exclude=["agreement", "activity_key"])
    current.save()
    return current


@transaction.atomic
def indicator_value_create(*, actor, agreement, indicator, **data):
    """Record a value of ``indicator`` (an indicator of the plan in force) for ``actor``'s party."""
    agreement = approvals.lock_agreement(agreement.pk)
    if not agreement.is_open:
        raise Refused(_("The agreement has ended, so nothing in it can change any more."))
    value = IndicatorValue(agreement=agreement, indicator_key=indicator.key, **data)
    value.stamp(actor)
    value.full_clean(exclude=["agreement", "indicator_key"])
    value.save()
    return value


@transaction.atomic
def indicator_value_update(*, actor, indicator_value, read_version=None, **data):
    """Change a recorded value, refused if someone saved it after ``read_version`` was read."""
    agreement = approvals.lock_agreement(indicator_value.agreement_id)
    if not agreement.is_open:
        raise Refused(_("The agreement has ended, so nothing in it can change any more."))
    current = approvals.locked(indicator_value)
    if current.author_party != actor.party:
        raise Refused(_("Only the party that wrote this entry changes it."))
    check_current(current, read_version, list(data))
    if all(getattr(current, name) == new for name, new in data.items()):
        return current
    for name, new in data.items():
        setattr(current, name, new)
    current.stamp(actor)
    current.full_clean(exclude=["agreement", "indicator_key"])
    current.save()
    return current
