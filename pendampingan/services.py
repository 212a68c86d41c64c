"""Writes that touch several models or check rules across rows, each in one transaction.

Services take data, not forms: the pages, the demo and the tests write through them alike.
Approvals of every kind go through ``pendampingan.approvals.approve``.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pendampingan import access, approvals, journal, lockout, registry
from pendampingan.concurrency import check_current
from pendampingan.formatting import person_name
from pendampingan.models import (
    Agreement,
    AgreementAmendment,
    CommunityGroup,
    Institution,
    Member,
    Refused,
    Staff,
)


@transaction.atomic
def agreement_create(*, actor, institution, facilitators=(), **content):
    agreement = Agreement(institution=institution, **content)
    agreement.stamp(actor)
    agreement.full_clean()
    agreement.save()
    agreement.facilitators.set(facilitators)
    journal.record(
        actor=actor, agreement=agreement, kind="agreement.created", obj=agreement, title=agreement.title
    )
    return agreement


def _check_period(agreement, start, end):
    """Under the agreement's lock: nothing planned may fall outside a new period."""
    if (start, end) == (agreement.start_date, agreement.end_date):
        return
    outside = registry.period_checks.items(agreement, start, end)
    if outside:
        raise Refused(
            _("The new period would leave out: %(items)s. Change those first.")
            % {"items": "; ".join(outside[:5])}
        )


@transaction.atomic
def agreement_update(*, actor, agreement, read_version, **data):
    """Save an edit of the agreement; returns it and whether the edit started a new version.

    Before both parties agreed, an edit to content a party approved starts a
    version both approve again. Once agreed, the content changes only through
    an amendment; who coordinates and facilitates can still change.
    """
    current = approvals.lock_agreement(agreement.pk)
    approvals.require_party(current, actor)
    check_current(current, read_version, [name for name in data if name != "facilitators"])
    if not current.is_open:
        raise Refused(_("The agreement has ended; it can no longer change."))
    facilitators = data.pop("facilitators", None)
    content = {name: data[name] for name in Agreement.CONTENT_FIELDS if name in data}
    changed = [name for name, value in content.items() if getattr(current, name) != value]
    if changed and current.is_agreed:
        raise Refused(_("Both parties have agreed this agreement: propose an amendment to change it."))
    _check_period(
        current, content.get("start_date", current.start_date), content.get("end_date", current.end_date)
    )
    fields = [name for name, value in data.items() if getattr(current, name) != value]
    if facilitators is not None and {u.pk for u in facilitators} != set(
        current.facilitators.values_list("pk", flat=True)
    ):
        fields.append("facilitators")
    for name, value in data.items():
        setattr(current, name, value)
    new_version = bool(changed) and current.start_new_version_if_approved()
    current.stamp(actor)
    current.full_clean()
    current.save()
    if facilitators is not None:
        current.facilitators.set(facilitators)
    if fields:
        journal.record(
            actor=actor,
            agreement=current,
            kind="agreement.changed",
            obj=current,
            fields=fields,
            version=current.version,
        )
    return current, new_version


STATUS_CHANGES = {
    "activate": (Agreement.can_activate, Agreement.activate),
    "complete": (Agreement.can_complete, Agreement.complete),
    "end_early": (lambda agreement: agreement.is_open, Agreement.end_early),
}


@transaction.atomic
def agreement_change_status(*, actor, agreement, change, **details):
    """Start, complete or end the agreement early, if its status as it is now allows it.

    Two people pressing at once, or a page read before the other party ended the
    agreement, change the status once: the second is refused.
    """
    current = approvals.lock_agreement(agreement.pk)
    approvals.require_party(current, actor)
    allowed, apply = STATUS_CHANGES[change]
    if not allowed(current):
        raise Refused(_("This step is not possible in the agreement's current status."))
    apply(current, actor=actor, **details)
    journal.record(
        actor=actor,
        agreement=current,
        kind=f"agreement.{current.status}",
        obj=current,
        status=current.status,
        reason=journal.short(current.end_reason),
    )
    return current


@transaction.atomic
def amendment_propose(*, actor, agreement, reason, **content):
    """A proposed change to an agreement in force; the agreement stays as it is until both approve."""
    current = approvals.lock_agreement(agreement.pk)
    approvals.require_party(current, actor)
    if not (current.is_open and current.is_agreed):
        raise Refused(_("Only an agreement both parties have agreed, still running, can be amended."))
    if current.amendments.filter(status=AgreementAmendment.Status.PROPOSED).exists():
        raise Refused(_("An amendment is already proposed: change that one, or withdraw it first."))
    _check_period(current, content["start_date"], content["end_date"])
    number = (current.amendments.aggregate(last=Max("number"))["last"] or 0) + 1
    amendment = AgreementAmendment(agreement=current, number=number, reason=reason, **content)
    amendment.stamp(actor)
    amendment.full_clean()
    try:
        with transaction.atomic():
            amendment.save()
    except IntegrityError:
        raise Refused(_("An amendment is already proposed: change that one, or withdraw it first.")) from None
    journal.record(
        actor=actor,
        agreement=current,
        kind="agreement.amendment_proposed",
        obj=amendment,
        number=number,
        reason=journal.short(reason),
    )
    return amendment


def _locked_proposal(amendment, actor):
    approvals.require_party(approvals.lock_agreement(amendment.agreement_id), actor)
    current = approvals.locked(amendment)
    if not current.is_proposed:
        raise Refused(_("This amendment is no longer a proposal: it came into force or was withdrawn."))
    return current


@transaction.atomic
def amendment_update(*, actor, amendment, read_version, **data):
    """Change a proposal; a change after a party approved it asks both to approve again."""
    current = _locked_proposal(amendment, actor)
    check_current(current, read_version, list(data))
    _check_period(
        current.agreement, data.get("start_date", current.start_date), data.get("end_date", current.end_date)
    )
    changed = [name for name, value in data.items() if getattr(current, name) != value]
    if not changed:
        return current, False
    for name, value in data.items():
        setattr(current, name, value)
    new_version = current.start_new_version_if_approved()
    current.stamp(actor)
    current.full_clean()
    current.save()
    journal.record(
        actor=actor,
        agreement=current.agreement,
        kind="agreement.amendment_changed",
        obj=current,
        number=current.number,
        fields=changed,
        version=current.version,
    )
    return current, new_version


@transaction.atomic
def amendment_withdraw(*, actor, amendment):
    current = _locked_proposal(amendment, actor)
    current.withdraw(actor=actor)
    journal.record(
        actor=actor,
        agreement=current.agreement,
        kind="agreement.amendment_withdrawn",
        obj=current,
        number=current.number,
    )
    return current


@transaction.atomic
def group_create(*, institution, **data):
    group = CommunityGroup(registered_by=institution, **data)
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("A group with this name is already registered in this village.")}
        ) from None
    return group


def keeps_agreements(group):
    """Why a group with agreements is not removed."""
    return _("%(name)s has agreements, so it stays on record. Archive it instead.") % {"name": group.name}


@transaction.atomic
def group_delete(*, group):
    """Remove a group registered by mistake, with its members and its login: only while it has no
    agreement, checked under the group's lock (an agreement made meanwhile keeps it)."""
    locked = CommunityGroup.objects.select_for_update().get(pk=group.pk)
    if locked.agreements.exists():
        raise Refused(keeps_agreements(locked))
    account = locked.account
    try:
        locked.delete()
    except ProtectedError:  # an agreement was being made with it at this very moment
        raise Refused(keeps_agreements(locked)) from None
    if account is not None:
        account.delete()


@transaction.atomic
def group_archive(*, group, archived):
    """Put a group away (it leaves the lists and the pickers; its record and login stay), or back."""
    locked = CommunityGroup.objects.select_for_update().get(pk=group.pk)
    if archived and locked.agreements.open().exists():
        raise Refused(_("An agreement with this group is still open: complete or end it first."))
    locked.archived_at = timezone.now() if archived else None
    locked.save(update_fields=["archived_at"])
    return locked


def check_office(group, position, is_active, member=None):
    """Refuse a second active holder of an office one member holds at a time (the chair, the
    secretary, the treasurer). Call it with the group's row locked."""
    if not is_active or position not in Member.SINGLE_OFFICES:
        return
    holder = group.members.filter(is_active=True, position=position)
    if member is not None:
        holder = holder.exclude(pk=member.pk)
    holder = holder.first()
    if holder is not None:
        raise ValidationError(
            {
                "position": _(
                    "%(name)s is the group's %(office)s now. If they stepped down, edit them first "
                    "(another position, or no longer active), then give the office to this member."
                )
                % {"name": holder.name, "office": holder.get_position_display()}
            }
        )


@transaction.atomic
def member_create(*, group, **data):
    CommunityGroup.objects.select_for_update().get(pk=group.pk)
    check_office(group, data.get("position"), data.get("is_active", True))
    return Member.objects.create(group=group, **data)


@transaction.atomic
def member_update(*, member, read_version, **data):
    """Save an edit of a member; the group keeps at least one active officer.

    The group's row is locked while the rule is checked, so two officers stepping
    down at the same moment cannot leave the shared login without anyone to act.
    """
    CommunityGroup.objects.select_for_update().get(pk=member.group_id)
    current = approvals.locked(member)
    check_current(current, read_version, list(data))
    check_office(
        current.group,
        data.get("position", current.position),
        data.get("is_active", current.is_active),
        current,
    )
    stays_officer = data.get("is_active", current.is_active) and (
        data.get("position", current.position) in Member.OFFICER_POSITIONS
    )
    if (
        current.is_officer
        and not stays_officer
        and not current.group.officers().exclude(pk=current.pk).exists()
    ):
        raise Refused(
            _(
                "%(name)s is the group's last active officer. Record another officer first: "
                "the group's shared login needs one to act."
            )
            % {"name": current.name}
        )
    for name, value in data.items():
        setattr(current, name, value)
    current.save()
    return current


@transaction.atomic
def record_update(*, instance, read_version, **data):
    """Save an edit of a record that needs no approval (a group, a member, an institution).

    ``read_version`` is the edit number the form was read at.
    """
    current = approvals.locked(instance)
    check_current(current, read_version, list(data))
    for name, value in data.items():
        setattr(current, name, value)
    current.save()
    return current


def _save_new_login(user):
    """Save a new user; a username taken meanwhile is said next to the field, not a server error."""
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ValidationError({"username": _("This username is taken.")}) from None


def account_exists(account):
    """What a second attempt to create a group's login is told."""
    return _(
        "This group got its login meanwhile, with the username %(username)s. Nothing was changed: "
        "to give it a new password, use “Set a new password” below."
    ) % {"username": account.get_username()}


@transaction.atomic
def group_account_create(*, group, username, password):
    """Create the group's shared login; refused when one was made meanwhile (another tab, another
    coordinator): its username and password stay as they are."""
    User = get_user_model()
    locked = CommunityGroup.objects.select_for_update().get(pk=group.pk)
    if locked.account is not None:
        raise Refused(account_exists(locked.account))
    user = User(username=username, first_name=group.name[:150])
    user.set_password(password)
    _save_new_login(user)
    # Wrong passwords tried on the username before it existed do not lock the new login.
    lockout.lift(username)
    CommunityGroup.objects.filter(pk=group.pk).update(account=user, password_is_temporary=True)
    group.account, group.password_is_temporary = user, True
    return user


def group_password_set(*, group, password):
    """Give the group's existing login a new password to hand over, and lift any lockout of it.
    The group replaces it with its own at its next login."""
    user = group.account
    user.set_password(password)
    user.save(update_fields=["password"])
    CommunityGroup.objects.filter(pk=group.pk).update(password_is_temporary=True)
    lockout.lift(user.get_username())
    return user


def login_unlock(*, actor, user):
    """End every lockout of ``user``'s login after wrong passwords, leaving its password as it is;
    False when there was none. Http404 for a login ``actor`` does not keep."""
    if not access.logins_kept_by_actor(actor).filter(pk=user.pk).exists():
        raise Http404
    return lockout.lift(user.get_username())


def staff_to_reassign(institution):
    """``[(user, [agreement])]``: deactivated staff still named on the institution's open agreements.

    Two queries, however many there are: as coordinator, and as facilitator.
    """
    open_agreements = Agreement.objects.filter(institution=institution).open()
    named = {}
    for agreement in open_agreements.filter(coordinator__is_active=False).select_related("coordinator"):
        named.setdefault(agreement.coordinator, []).append(agreement)
    facilitating = Agreement.facilitators.through.objects.filter(
        agreement__in=open_agreements, user__is_active=False
    ).select_related("agreement", "user")
    for row in facilitating:
        named.setdefault(row.user, []).append(row.agreement)
    return [
        (user, sorted(agreements, key=lambda a: a.title))
        for user, agreements in sorted(named.items(), key=lambda item: person_name(item[0]))
    ]


@transaction.atomic
def staff_set_active(*, actor, staff, active):
    """Let a person of the institution log in again, or stop them: they leave every picker, and
    what they wrote and approved stays theirs. Checked under the institution's lock, so that two
    coordinators deactivating each other at once leave one coordinator able to log in."""
    Institution.objects.select_for_update().filter(pk=staff.institution_id).first()
    staff = Staff.objects.select_related("user").get(pk=staff.pk)
    user = staff.user
    if user.is_active == active:
        return staff
    if not active:
        if user.pk == actor.user.pk:
            raise Refused(_("You cannot deactivate yourself. Another coordinator can."))
        others = Staff.objects.filter(
            institution_id=staff.institution_id, role=Staff.Role.COORDINATOR, user__is_active=True
        ).exclude(pk=staff.pk)
        if staff.is_coordinator and not others.exists():
            raise Refused(_("The institution needs at least one active coordinator."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    return staff


@transaction.atomic
def institution_create(*, coordinator, **fields):
    """A new institution with its first coordinator, who sets their own password from a link.

    ``coordinator`` holds the person's ``first_name``, ``last_name``, ``username``, ``email`` and
    ``phone``. Returns the coordinator's Staff.
    """
    institution = Institution.objects.create(**fields)
    return staff_create(institution=institution, role=Staff.Role.COORDINATOR, **coordinator)


@transaction.atomic
def staff_create(*, institution, first_name, last_name, username, role, phone, email=""):
    """Add a person to the institution; they set their own password from an invitation link."""
    user = get_user_model()(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_unusable_password()
    _save_new_login(user)
    return Staff.objects.create(user=user, institution=institution, role=role, phone=phone)
