"""Who may see which agreement, and what they may do there.

Every view reaches an agreement, group or institution through this module.
An object the user may not see is a 404, whatever its id; an object the user
may see but not change is a 403.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

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


def actor_for(request):
    user = request.user
    role = role_of(user)
    if role in {Role.COORDINATOR, Role.FACILITATOR}:
        return Actor(user=user, role=role, institution=staff_of(user).institution)
    if role == Role.GROUP:
        group = user.community_group
        officer = None
        officer_id = request.session.get(OFFICER_SESSION_KEY)
        if officer_id is not None:
            # The stored choice is checked on every request: a member who left
            # office, or one of another group, is never the acting officer.
            officer = group.officers().filter(pk=officer_id).first()
        return Actor(user=user, role=role, group=group, officer=officer)
    return Actor(user=user, role=role)


def visible_agreements(user):
    role = role_of(user)
    qs = Agreement.objects.all()
    if role == Role.ADMIN:
        return qs
    if role == Role.COORDINATOR:
        return qs.filter(institution_id=staff_of(user).institution_id)
    if role == Role.FACILITATOR:
        return qs.filter(facilitators=user)
    if role == Role.GROUP:
        return qs.filter(group_id=user.community_group.pk)
    return qs.none()


def visible_groups(user):
    role = role_of(user)
    qs = CommunityGroup.objects.all()
    if role == Role.ADMIN:
        return qs
    if role == Role.COORDINATOR:
        institution_id = staff_of(user).institution_id
        return qs.filter(
            Q(registered_by_id=institution_id) | Q(agreements__institution_id=institution_id)
        ).distinct()
    if role == Role.FACILITATOR:
        return qs.filter(agreements__facilitators=user).distinct()
    if role == Role.GROUP:
        return qs.filter(pk=user.community_group.pk)
    return qs.none()


class Permissions:
    """What an access object allows is read from its ``can_…`` properties."""

    def require(self, permission):
        """Raise a 403 unless the ``can_…`` property named ``permission`` holds."""
        if not getattr(self, permission):
            raise PermissionDenied


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
    def can_edit(self):
        """The institution side drafts and edits the agreement text."""
        return self.is_institution_side and self.actor.role != Role.ADMIN and self.agreement.is_open

    @property
    def can_approve(self):
        """Approval is the coordinator's on the institution side and the group's officers' on the other."""
        return self.agreement.is_open and (self.actor.is_coordinator or self.is_group_side)

    @property
    def can_manage(self):
        """Start and complete the agreement."""
        return self.actor.is_coordinator

    @property
    def can_end(self):
        """Either party may end the relationship early, giving a reason."""
        return self.agreement.is_open and (self.actor.is_coordinator or self.is_group_side)


def get_agreement(request, pk, queryset=None):
    """The agreement ``pk`` if the user may see it, with what they may do there; else 404."""
    queryset = visible_agreements(request.user) if queryset is None else queryset
    agreement = queryset.filter(pk=pk).with_parties().first() if isinstance(pk, int) else None
    if agreement is None:
        raise Http404
    return AgreementAccess(agreement=agreement, actor=request.actor)


@dataclass
class GroupAccess(Permissions):
    group: CommunityGroup
    actor: Actor

    @property
    def can_edit(self):
        """The institution that registered the group keeps its record and its shared login."""
        if self.actor.role == Role.ADMIN:
            return True
        return self.actor.is_coordinator and self.group.registered_by_id == self.actor.institution.pk

    @property
    def can_manage_members(self):
        return self.can_edit or (self.actor.is_group and self.actor.group.pk == self.group.pk)


def get_group(request, pk):
    group = visible_groups(request.user).filter(pk=pk).select_related("registered_by").first()
    if group is None:
        raise Http404
    return GroupAccess(group=group, actor=request.actor)


def get_member(request, group_pk, pk):
    access = get_group(request, group_pk)
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
        return self.actor.role in {Role.COORDINATOR, Role.ADMIN}


def get_institution(request, pk):
    """Coordinators and facilitators see their own institution; the admin sees all."""
    actor = request.actor
    if actor.role == Role.ADMIN:
        institution = Institution.objects.filter(pk=pk).first()
    elif actor.institution is not None and actor.institution.pk == pk:
        institution = actor.institution
    else:
        institution = None
    if institution is None:
        raise Http404
    return InstitutionAccess(institution=institution, actor=actor)
