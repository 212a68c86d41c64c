"""Factories for the core's records, made the way the product makes them.

The tests, ``seed_demo`` and ``seed_scale`` build with these. A record that has a service is
written through it, by an actor, so what a factory makes is what a user could have made (its
journal events, its checks and its refusals included); only what the product makes without a
rule (a login, an institution's row, a staff member) is saved directly. Unless a test says
otherwise, names and places are Indonesian (Faker's ``id_ID``) and the same for the same seed:
``factory.random.reseed_random(seed)`` before building.

Each pillar keeps its own in ``<pillar>/factories.py``. A factory whose record is written by a
party takes ``actor=``; without it, the party that usually writes it acts: the agreement's
coordinator for the institution, the group's chair for the group (``acting``).
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from pendampingan import approvals, services
from pendampingan.access import Actor
from pendampingan.formatting import person_name
from pendampingan.models import Agreement, CommunityGroup, Institution, Member, Party, Staff

LOCALE = "id_ID"
# One password for every login the factories make: hashed once per process (see ``UserFactory``).
PASSWORD = "pendampingan-demo"

# Real villages (Kemendagri codes), so a group's village passes the same check as on the page.
VILLAGES = [
    "33.02.01.2001",
    "33.02.01.2002",
    "33.02.01.2003",
    "53.01.08.2006",
    "34.02.01.2001",
    "35.07.01.2001",
    "52.01.01.2001",
    "73.01.01.2001",
]


def faker(provider, **kwargs):
    return factory.Faker(provider, locale=LOCALE, **kwargs)


def acting(agreement, party):
    """The actor who usually writes for ``party`` in ``agreement``: its coordinator, or the group's
    chair (its first active officer if it has no chair) on the group's login."""
    if party == Party.INSTITUTION:
        return Actor.for_staff(agreement.coordinator)
    return officer_actor(agreement.group)


def person_of(agreement, party):
    """The name of the person who usually carries out ``party``'s work: the agreement's first
    facilitator, or the group's chair."""
    if party == Party.INSTITUTION:
        return person_name(agreement.facilitators.order_by("pk").first() or agreement.coordinator)
    return officer_actor(agreement.group).officer.name


def officer_actor(group, position=Member.Position.CHAIR):
    officers = group.members.filter(is_active=True, position__in=Member.OFFICER_POSITIONS)
    officer = officers.filter(position=position).first() or officers.order_by("pk").first()
    return Actor.for_officer(group, officer)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = faker("first_name")
    last_name = faker("last_name")

    @factory.post_generation
    def password(user, create, value, **kwargs):
        """Every login gets ``PASSWORD`` (or the one given), hashed once: hashing is slow on purpose,
        and thousands of logins share the same work."""
        user.password = _hashed(value or PASSWORD)
        if create:
            user.save(update_fields=["password"])


_HASHES = {}


def _hashed(password):
    from django.conf import settings
    from django.contrib.auth.hashers import make_password

    key = (password, settings.PASSWORD_HASHERS[0])
    if key not in _HASHES:
        _HASHES[key] = make_password(password)
    return _HASHES[key]


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Yayasan Mitra Desa {n + 1}")
    kind = Institution.Kind.NGO
    region = "33.02.01.2001"
    phone = faker("numerify", text="0281-######")


class StaffFactory(DjangoModelFactory):
    """A coordinator or (by default) a facilitator of an institution, with a login."""

    class Meta:
        model = Staff

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Staff.Role.FACILITATOR
    phone = faker("numerify", text="08##########")

    class Params:
        coordinator = factory.Trait(role=Staff.Role.COORDINATOR)


class CommunityGroupFactory(factory.Factory):
    """A group registered by an institution (``services.group_create``), with its shared login and,
    unless ``officers=[]``, a chair, a secretary and a treasurer."""

    class Meta:
        model = CommunityGroup

    name = factory.Sequence(lambda n: f"Kelompok Tani Makmur {n + 1}")
    kind = CommunityGroup.Kind.FARMERS
    region = factory.Sequence(lambda n: VILLAGES[n % len(VILLAGES)])
    registered_by = factory.SubFactory(InstitutionFactory)
    account = factory.SubFactory(UserFactory, first_name=factory.SelfAttribute("..name"), last_name="")

    @classmethod
    def _create(cls, model_class, *, registered_by, **data):
        return services.group_create(institution=registered_by, **data)

    @factory.post_generation
    def officers(group, create, value, **kwargs):
        positions = Member.SINGLE_OFFICES if value is None else value
        for position in positions:
            MemberFactory(group=group, position=position)


class MemberFactory(factory.Factory):
    """A member of a group (``services.member_create``, which keeps one holder of each office)."""

    class Meta:
        model = Member

    group = factory.SubFactory(CommunityGroupFactory)
    sex = factory.Iterator([Member.Sex.FEMALE, Member.Sex.MALE])
    name = factory.LazyAttribute(
        lambda m: (
            factory.Faker._get_faker(locale=LOCALE).name_female()
            if m.sex == Member.Sex.FEMALE
            else factory.Faker._get_faker(locale=LOCALE).name_male()
        )
    )
    position = Member.Position.MEMBER
    phone = faker("numerify", text="08##########")

    @classmethod
    def _create(cls, model_class, *, group, **data):
        return services.member_create(group=group, **data)


def staff_user(institution, role):
    return StaffFactory(institution=institution, role=role).user


class AgreementFactory(factory.Factory):
    """An agreement drafted by the institution's coordinator (``services.agreement_create``) with a
    facilitator; ``agreed=True`` has both parties approve it as it reads, ``active=True`` also starts
    it."""

    class Meta:
        model = Agreement

    institution = factory.SubFactory(InstitutionFactory)
    group = factory.SubFactory(CommunityGroupFactory, registered_by=factory.SelfAttribute("..institution"))
    coordinator = factory.LazyAttribute(lambda a: staff_user(a.institution, Staff.Role.COORDINATOR))
    facilitators = factory.LazyAttribute(lambda a: [staff_user(a.institution, Staff.Role.FACILITATOR)])
    title = factory.LazyAttribute(lambda a: f"Pendampingan {a.group.name}")
    purpose = "Meningkatkan hasil panen dan kemandirian kelompok."
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 12, 31)
    institution_commits = "Pelatihan bulanan dan pendampingan di lapangan."
    institution_excludes = "Tidak mengelola kas kelompok."
    group_commits = "Pertemuan rutin dan pencatatan kegiatan."
    author_party = Party.INSTITUTION

    @classmethod
    def _create(cls, model_class, *, facilitators, **content):
        actor = Actor.for_staff(content["coordinator"])
        return services.agreement_create(actor=actor, facilitators=facilitators, **content)

    @factory.post_generation
    def agreed(agreement, create, value, **kwargs):
        if create and value:
            agree(agreement)

    @factory.post_generation
    def active(agreement, create, value, **kwargs):
        if create and value:
            if agreement.agreed_version is None:
                agree(agreement)
            actor = Actor.for_staff(agreement.coordinator)
            services.agreement_change_status(actor=actor, agreement=agreement, change="activate")
            agreement.refresh_from_db()


def agree(subject, *parties):
    """Each of ``parties`` (both, by default) approves ``subject`` as it reads now, by its usual
    actor. Returns ``subject`` as saved."""
    agreement = subject if isinstance(subject, Agreement) else subject.agreement
    for party in parties or (Party.INSTITUTION, Party.GROUP):
        approvals.approve_as_shown_now(subject=subject, actor=acting(agreement, party))
    subject.refresh_from_db()
    return subject
