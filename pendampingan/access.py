"""Who may see which agreement, and what they may do there.

Every view reaches an agreement, group or institution through this module.
An object the user may not see is a 404, whatever its id; an object the user
may see but not change is a 403.
"""

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from pendampingan.models import Agreement, CommunityGroup, Institution, Member, Party, Staff


class Role:
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    FACILITATOR = "facilitator"
    GROUP = "group"


def staff_of(user):
    """The user's staff record with its institution, read once per request."""
    if not hasattr(user, "_staff_record"):
        user._staff_record = (
            Staff.objects.select_related("institution").filter(user_id=user.pk).first()
            if user.is_authenticated
            else None
        )
    return user._staff_record


def group_of(user):
    try:
        return user.community_group
    except CommunityGroup.DoesNotExist:
        return None


def role_of(user):
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    staff = staff_of(user)
    if staff is not None:
        return staff.role
    if group_of(user) is not None:
        return Role.GROUP
    return None


@dataclass(frozen=True)
class Actor:
    """The person behind a request: the user, their party and, on a group's login, the officer."""

    user: object
    role: str | None
    institution: Institution | None = None
    group: CommunityGroup | None = None
    officer: Member | None = None

    @classmethod
    def for_staff(cls, user):
        """A coordinator or facilitator acting in their own name."""
        staff = staff_of(user)
        return cls(user=user, role=staff.role, institution=staff.institution)

    @classmethod
    def of(cls, user, officer=None):
        """Whoever ``user`` is: staff in their own name, a group's login (with ``officer`` acting, if
        one is chosen), the administrator, or nobody in particular."""
        role = role_of(user)
        if role in {Role.COORDINATOR, Role.FACILITATOR}:
            return cls.for_staff(user)
        if role == Role.GROUP:
            return cls.for_officer(user.community_group, officer)
        return cls(user=user, role=role)

    @classmethod
    def for_officer(cls, group, officer):
        """A group's shared login, with the officer who is acting on it."""
        return cls(user=group.account, role=Role.GROUP, group=group, officer=officer)

    @property
    def party(self):
        if self.role == Role.GROUP:
            return Party.GROUP
        if self.role in {Role.COORDINATOR, Role.FACILITATOR}:
            return Party.INSTITUTION
        return None

    @property
    def is_coordinator(self):
        return self.role == Role.COORDINATOR

    @property
    def is_group(self):
        return self.role == Role.GROUP


OFFICER_SESSION_KEY = "acting_officer_id"


def can_add_institutions(actor):
    """Only the administrator of the installation lets a new institution in."""
    if actor.role == Role.ADMIN:
        return True
    return Denied(_("Only the administrator of this installation adds institutions."))


def require_institution_staff(actor, coordinator=False):
    """A 403 unless ``actor`` is staff of an institution (its coordinator, with ``coordinator``)."""
    if actor.institution is None or (coordinator and not actor.is_coordinator):
        raise PermissionDenied


def visible_agreements(actor):
    """The agreements ``actor`` may see."""
    qs = Agreement.objects.all()
    if actor.role == Role.ADMIN:
        return qs
    if actor.role == Role.COORDINATOR:
        return qs.filter(institution_id=actor.institution.pk)
    if actor.role == Role.FACILITATOR:
        return qs.filter(facilitators=actor.user)
    if actor.role == Role.GROUP:
        return qs.filter(group_id=actor.group.pk)
    return qs.none()


def visible_groups(actor):
    """The community groups ``actor`` may see."""
    qs = CommunityGroup.objects.all()
    if actor.role == Role.ADMIN:
        return qs
    # "Has such an agreement" as a subquery, not a join: no duplicate rows to remove with DISTINCT,
    # which made the database sort every group of the institution on each list.
    if actor.role == Role.COORDINATOR:
        institution_id = actor.institution.pk
        theirs = Agreement.objects.filter(group=OuterRef("pk"), institution_id=institution_id)
        return qs.filter(Q(registered_by_id=institution_id) | Exists(theirs))
    if actor.role == Role.FACILITATOR:
        return qs.filter(Exists(Agreement.objects.filter(group=OuterRef("pk"), facilitators=actor.user)))
    if actor.role == Role.GROUP:
        return qs.filter(pk=actor.group.pk)
    return qs.none()


class Denied:
    """A permission that does not hold, with the reason a person is told (falsy, like False)."""

    def __init__(self, reason):
        self.reason = reason

    def __bool__(self):
        return False

    def __str__(self):
        return str(self.reason)


def allowed_if(condition, reason):
    """True, or a ``Denied`` carrying ``reason``."""
    return True if condition else Denied(reason)


def require(permission):
    """Raise a 403 that says why, unless ``permission`` (an access object's ``can_…``) holds."""
    if not permission:
        raise PermissionDenied(getattr(permission, "reason", ""))


class Permissions:
    """An access object: what its actor may do, as ``can_…`` properties that are True or ``Denied``."""


ENDED = _("The agreement has ended, so nothing in it can change any more.")
APPROVERS = _(
    "Approval is given by the institution's coordinator and by the group's officers on the group's login."
)


@dataclass
class AgreementAccess(Permissions):
    """What an actor may do on one agreement."""

    agreement: Agreement
    actor: Actor

    @cached_property
    def party(self):
        return self.actor.party

    @property
    def is_institution_side(self):
        return self.actor.role in {Role.COORDINATOR, Role.FACILITATOR, Role.ADMIN}

    @property
    def is_group_side(self):
        return self.actor.role == Role.GROUP

    @property
    def is_party(self):
        """The coordinator, the agreement's facilitators and the group's login; the admin only reads."""
        return self.actor.role in {Role.COORDINATOR, Role.FACILITATOR, Role.GROUP}

    @property
    def is_approver(self):
        """Approves the agreement (and decides for its party) on this side: the coordinator, or the
        group's officers on its login."""
        return self.is_party and self.agreement.approves(self.actor)

    @property
    def can_contribute(self):
        """May write joint content: both parties, while the agreement runs."""
        if not self.agreement.is_open:
            return Denied(ENDED)
        return allowed_if(self.is_party, _("Only the two parties of the agreement write in it."))

    @property
    def can_edit(self):
        """The institution side drafts the agreement text until both parties agree it."""
        if not self.agreement.is_open:
            return Denied(ENDED)
        if self.agreement.is_agreed:
            return Denied(_("Both parties have agreed this agreement: a change is proposed as an amendment."))
        return allowed_if(
            self.is_institution_side and self.is_party,
            _("The institution's staff draft the agreement; the group approves it or asks for changes."),
        )

    @property
    def can_assign(self):
        """Who coordinates and facilitates is the coordinator's decision."""
        if not self.agreement.is_open:
            return Denied(ENDED)
        return allowed_if(self.actor.is_coordinator, _("Only the institution's coordinator assigns staff."))

    @property
    def can_change(self):
        """Open the edit page: for the text before agreement, or the assignments."""
        edit = self.can_edit
        # Refused, the reason given is the text's: that is what the person came to change.
        return edit or self.can_assign or edit

    @property
    def can_approve(self):
        """Approval is the coordinator's on the institution side and the group's officers' on the other."""
        if not self.agreement.is_open:
            return Denied(ENDED)
        if self.agreement.is_agreed:
            return Denied(_("Both parties have already agreed this agreement."))
        return allowed_if(self.is_approver, APPROVERS)

    @property
    def can_propose_amendment(self):
        """Either party may propose to change an agreement in force."""
        if not self.agreement.is_agreed:
            return Denied(_("Until both parties agree it, the agreement itself is edited."))
        return self.can_contribute

    def can_edit_amendment(self, amendment):
        if not amendment.is_proposed:
            return Denied(_("This amendment is no longer a proposal."))
        return self.can_contribute

    def can_approve_amendment(self, amendment):
        if not amendment.is_proposed:
            return Denied(_("This amendment is no longer a proposal."))
        if not self.agreement.is_open:
            return Denied(ENDED)
        return allowed_if(self.is_approver, APPROVERS)

    @property
    def can_manage(self):
        """Start and complete the agreement."""
        return allowed_if(
            self.actor.is_coordinator,
            _("Only the institution's coordinator starts or completes an agreement."),
        )

    @property
    def can_end(self):
        """Either party may end the relationship early, giving a reason."""
        if not self.agreement.is_open:
            return Denied(ENDED)
        return allowed_if(
            self.is_approver,
            _("Ending early is decided by the institution's coordinator or by the group's officers."),
        )


@dataclass
class ContentAccess(Permissions):
    """What an actor may do on content that belongs to an agreement: a plan, minutes, an evaluation.

    Each pillar's access extends this with its own ``can_…`` permissions, built
    from the agreement's: whoever may not see the agreement never gets this far
    (``for_actor`` is a 404 for them).
    """

    agreement_access: AgreementAccess

    @classmethod
    def for_actor(cls, actor, agreement_pk, **fields):
        """``actor``'s access to the content of agreement ``agreement_pk``; a 404 if they may not see it."""
        return cls(agreement_access=get_agreement(actor, agreement_pk), **fields)

    @property
    def agreement(self):
        return self.agreement_access.agreement

    @property
    def actor(self):
        return self.agreement_access.actor

    @property
    def party(self):
        return self.actor.party

    @property
    def can_contribute(self):
        """May write joint content: both parties, while the agreement runs."""
        return self.agreement_access.can_contribute

    def can_approve_kind(self, kind, refusal=APPROVERS):
        """May approve a document of ``kind`` (an ``Approvable`` model) for a party: who approves
        it is the model's rule (``approves``), the one the approval service applies."""
        if not self.agreement.is_open:
            return Denied(ENDED)
        return allowed_if(self.agreement_access.is_party and kind.approves(self.actor), refusal)


def get_child(queryset, pk, **parent):
    """The object ``pk`` of ``queryset`` that belongs to ``parent`` (e.g. ``agreement=…``), or a 404."""
    found = queryset.filter(pk=pk, **parent).first()
    if found is None:
        raise Http404
    return found


def get_agreement(actor, pk, queryset=None):
    """The agreement ``pk`` if ``actor`` may see it, with what they may do there; else 404."""
    queryset = visible_agreements(actor) if queryset is None else queryset
    agreement = queryset.filter(pk=pk).with_parties().first() if isinstance(pk, int) else None
    if agreement is None:
        raise Http404
    return AgreementAccess(agreement=agreement, actor=actor)


@dataclass
class GroupAccess(Permissions):
    group: CommunityGroup
    actor: Actor

    @property
    def can_edit(self):
        """The institution that registered the group keeps its record and its shared login."""
        if self.actor.role == Role.ADMIN:
            return True
        return allowed_if(
            self.actor.is_coordinator and self.group.registered_by_id == self.actor.institution.pk,
            _(
                "The group's record and login are kept by the coordinator of the institution "
                "that registered it."
            ),
        )

    @property
    def can_manage_members(self):
        return allowed_if(
            self.can_edit or (self.actor.is_group and self.actor.group.pk == self.group.pk),
            _("The member list is kept by the group itself and by the coordinator who registered it."),
        )


def get_group(actor, pk):
    """The group ``pk`` if ``actor`` may see it, with what they may do with it; else 404."""
    group = visible_groups(actor).filter(pk=pk).select_related("registered_by").first()
    if group is None:
        raise Http404
    return GroupAccess(group=group, actor=actor)


def get_member(actor, group_pk, pk):
    """The group's access and its member ``pk``; else 404."""
    access = get_group(actor, group_pk)
    member = access.group.members.filter(pk=pk).first()
    if member is None:
        raise Http404
    return access, member


@dataclass
class InstitutionAccess(Permissions):
    institution: Institution
    actor: Actor

    @property
    def can_edit(self):
        """Its coordinators keep the institution's record and staff."""
        return allowed_if(
            self.actor.role in {Role.COORDINATOR, Role.ADMIN},
            _("The institution's record and staff are kept by its coordinators."),
        )


def logins_kept_by(institution):
    """The logins an institution's coordinators look after: its staff's and its groups' shared ones."""
    return get_user_model().objects.filter(
        Q(staff__institution=institution) | Q(community_group__registered_by=institution)
    )


def logins_kept_by_actor(actor):
    """The logins ``actor`` may unlock: the administrator's are all, a coordinator's their institution's."""
    if actor.role == Role.ADMIN:
        return get_user_model().objects.all()
    if actor.is_coordinator:
        return logins_kept_by(actor.institution)
    return get_user_model().objects.none()


def get_institution(actor, pk):
    """Coordinators and facilitators see their own institution; the admin sees all."""
    if actor.role == Role.ADMIN:
        institution = Institution.objects.filter(pk=pk).first()
    elif actor.institution is not None and actor.institution.pk == pk:
        institution = actor.institution
    else:
        institution = None
    if institution is None:
        raise Http404
    return InstitutionAccess(institution=institution, actor=actor)
