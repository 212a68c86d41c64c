"""Writes that touch several models, each in one transaction."""

from django.contrib.auth import get_user_model
from django.db import transaction

from pendampingan import approvals, lockout
from pendampingan.models import Agreement, CommunityGroup, Staff


@transaction.atomic
def agreement_create(*, actor, institution, form):
    agreement = form.save(commit=False)
    agreement.institution = institution
    agreement.stamp(actor)
    agreement.save()
    form.save_m2m()
    return agreement


class ChangedMeanwhile(Exception):
    """The other party approved or ended the agreement while this edit was being made."""


@transaction.atomic
def agreement_update(*, actor, form):
    """Save an edit; an edit to approved content starts a version both parties approve again."""
    agreement = form.instance
    current = approvals.locked(agreement)
    if (current.version, current.status) != (agreement.version, agreement.status):
        raise ChangedMeanwhile
    # Decide on the approvals as they are now, under the lock.
    getattr(agreement, "_prefetched_objects_cache", {}).pop("approvals", None)
    content_changed = any(field in form.changed_data for field in Agreement.CONTENT_FIELDS)
    new_version = content_changed and agreement.start_new_version_if_approved()
    if new_version and agreement.status == Agreement.Status.AGREED:
        agreement.status = Agreement.Status.DRAFT
    agreement.stamp(actor)
    agreement = form.save()
    return agreement


def agreement_approve(*, actor, agreement, version):
    """``actor``'s party approves ``version``; both approvals make the agreement agreed."""
    agreement, approval = approvals.approve(
        subject=agreement, actor=actor, version=version, when_both=Agreement.mark_agreed
    )
    return approval


@transaction.atomic
def group_create(*, institution, form):
    group = form.save(commit=False)
    group.registered_by = institution
    group.save()
    return group


@transaction.atomic
def group_account_set(*, group, username, password):
    """Create the group's shared login, or give the existing one a new password."""
    User = get_user_model()
    user = group.account
    if user is None:
        user = User(username=username, first_name=group.name[:150])
        user.set_password(password)
        user.save()
        CommunityGroup.objects.filter(pk=group.pk).update(account=user)
        group.account = user
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
        lockout.lift(user.get_username())
    return user


@transaction.atomic
def staff_create(*, institution, first_name, last_name, username, role, phone, password, email=""):
    user = get_user_model()(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    user.save()
    return Staff.objects.create(user=user, institution=institution, role=role, phone=phone)
