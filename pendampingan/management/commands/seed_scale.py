"""Scale data: many community groups of the demo institution, each with a year of records.

``seed_scale --groups 5000`` gives the institution of ``koordinator`` (from ``seed_demo``) that
many groups of its own, each with about twenty members, an agreement in force facilitated by
``pendamping`` (or, for a third of them, ``pendamping.dewi``) and a year of its cycle: a plan of
twenty activities and six indicators, monthly meetings with attendance and confirmed minutes,
progress with photos, deviations and corrective actions, a mutual assessment, an evaluation,
their journal and history.

The first few groups (``--prototypes``) are written through the services by the pillars'
``registry.scale`` functions, exactly as their users would have; every further group is a copy of
one of them under its own name, village, members and login (``pendampingan.replicate``), made in
bulk. Names come from a fixed seed, so the same N gives the same groups; running it again adds
only what is missing. Approved documents' PDFs are left to ``keep_pdfs`` or their first download.
"""

import datetime
import random
import time

import factory.random
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from faker import Faker
from lokal import wilayah

from pendampingan import pdf, registry, replicate, standing
from pendampingan.factories import (
    PASSWORD,
    AgreementFactory,
    CommunityGroupFactory,
    MemberFactory,
    UserFactory,
    _hashed,
)
from pendampingan.models import Agreement, CommunityGroup, Member, Staff

LOGIN = "skala.{:05d}"
# The regencies around the demo institution (Banyumas and its neighbours) whose villages the
# groups live in.
REGENCIES = ["33.01", "33.02", "33.03", "33.04", "33.05"]
KINDS = [
    (CommunityGroup.Kind.FARMERS, "Kelompok Tani"),
    (CommunityGroup.Kind.FARMERS, "Gapoktan"),
    (CommunityGroup.Kind.WOMEN, "Kelompok Wanita Tani"),
    (CommunityGroup.Kind.KUBE, "KUBE"),
]
NAMES = [
    "Sido Makmur", "Sri Rejeki", "Tunas Harapan", "Maju Bersama", "Sumber Rejeki", "Mekar Sari",
    "Karya Mandiri", "Ngudi Rahayu", "Gemah Ripah", "Subur Makmur", "Rukun Santoso", "Margo Mulyo",
    "Tani Rahayu", "Sekar Arum", "Sido Rukun", "Lestari Alam", "Mulyo Agung", "Manunggal Jaya",
]  # fmt: skip
MEMBERS = 20
BATCH = 100


def villages():
    return [
        v.code
        for regency in REGENCIES
        for d in wilayah.list_wilayah(regency)
        for v in wilayah.list_wilayah(d.code)
    ]


def kind_of(index, prototypes):
    """The kind of group ``index`` and the word its name starts with: its prototype's."""
    return KINDS[(index % prototypes) % len(KINDS)]


def group_name(index, prototypes):
    return f"{kind_of(index, prototypes)[1]} {NAMES[(index // prototypes) % len(NAMES)]} {index + 1}"


def period(today):
    """A year that began about eleven months ago, on the first of a month."""
    start = (today - datetime.timedelta(days=330)).replace(day=1)
    return start, start.replace(year=start.year + 1) - datetime.timedelta(days=1)


class Command(BaseCommand):
    help = "Add N community groups with a year of records each to the demo institution (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--groups", type=int, required=True, help="How many scale groups there should be."
        )
        parser.add_argument("--seed", type=int, default=2026, help="The seed names and choices come from.")
        parser.add_argument(
            "--prototypes",
            type=int,
            default=3,
            help="Groups written through the services; the rest copy them.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on real data)."
        )

    def handle(self, *args, groups, seed, prototypes, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: this looks like production. Use --force to seed anyway.")
        if groups < 0 or prototypes < 1:
            raise CommandError("--groups cannot be negative and --prototypes must be at least 1.")
        staff = Staff.objects.filter(user__username="koordinator").select_related("institution").first()
        if staff is None:
            raise CommandError("The demo institution is missing: run seed_demo first.")
        self.institution, self.coordinator, self.seed = staff.institution, staff.user, seed
        self.prototypes = prototypes
        self.facilitators = [
            Staff.objects.get(user__username=name).user for name in ("pendamping", "pendamping.dewi")
        ]
        self.villages = villages()
        existing = list(
            CommunityGroup.objects.filter(account__username__startswith="skala.").order_by(
                "account__username"
            )
        )
        if len(existing) >= groups:
            self.stdout.write(f"{len(existing)} scale groups are there already; nothing to add.")
            return
        started = time.monotonic()
        with pdf.kept_later():
            made = existing[:prototypes]
            for index in range(len(made), min(prototypes, groups)):
                made.append(self.written(index))
                self.progress(index + 1, groups, started)
            blueprints = [replicate.blueprint(group) for group in made]
            first = max(len(existing), len(made))
            for start in range(first, groups, BATCH):
                self.copied(blueprints, range(start, min(start + BATCH, groups)))
                self.progress(min(start + BATCH, groups), groups, started)
        self.stdout.write(self.style.SUCCESS(f"{groups} scale groups in {time.monotonic() - started:.0f} s."))

    def progress(self, done, total, started):
        self.stdout.write(f"{done}/{total} groups ({time.monotonic() - started:.0f} s)")
        self.stdout.flush()

    @transaction.atomic
    def written(self, index):
        """Group ``index`` and its year, written through the services."""
        factory.random.reseed_random(self.seed + index)
        rng = random.Random(self.seed * 7919 + index)
        name = group_name(index, self.prototypes)
        kind = kind_of(index, self.prototypes)[0]
        group = CommunityGroupFactory(
            name=name,
            kind=kind,
            region=self.villages[index % len(self.villages)],
            registered_by=self.institution,
            account=UserFactory(username=LOGIN.format(index), first_name=name[:150], last_name=""),
            officers=[],
        )
        positions = [
            *Member.SINGLE_OFFICES,
            *[Member.Position.MEMBER] * (MEMBERS - len(Member.SINGLE_OFFICES)),
        ]
        for position in positions:
            sex = Member.Sex.FEMALE if kind == CommunityGroup.Kind.WOMEN else rng.choice(list(Member.Sex))
            MemberFactory(group=group, position=position, sex=sex, phone="")
        start, end = period(timezone.localdate())
        agreement = AgreementFactory(
            institution=self.institution,
            group=group,
            coordinator=self.coordinator,
            facilitators=[self.facilitator(index)],
            title=f"Pendampingan {name} {start.year}–{end.year}",
            start_date=start,
            end_date=end,
            active=True,
        )
        registry.scale(agreement, rng)
        # Counted now, so that each copy starts with its own counts (the same as its prototype's).
        standing.recount(Agreement.objects.filter(pk=agreement.pk).with_parties())
        return group

    def facilitator(self, index):
        """A third of the groups are Dewi's, the rest Agus's: "my agreements" differs from "all"."""
        return self.facilitators[1 if index % 3 == 2 else 0]

    @transaction.atomic
    def copied(self, blueprints, indexes):
        """Groups ``indexes``, each a copy of a prototype under its own names and login."""
        User = get_user_model()
        password = _hashed(PASSWORD)
        users = User.objects.bulk_create(
            [
                User(
                    username=LOGIN.format(i),
                    first_name=group_name(i, self.prototypes)[:150],
                    password=password,
                )
                for i in indexes
            ]
        )
        fake = Faker("id_ID")
        by_blueprint = {}
        for index, user in zip(indexes, users, strict=True):
            blue = blueprints[index % len(blueprints)]
            fake.seed_instance(self.seed + index)
            members = next(rows for model, rows in blue.tables if model is Member)
            one = replicate.Copy(
                group_fields={
                    "name": group_name(index, self.prototypes),
                    "region": self.villages[index % len(self.villages)],
                    "account_id": user.pk,
                },
                member_names=[
                    fake.name_female() if m.sex == Member.Sex.FEMALE else fake.name_male() for m in members
                ],
                rng=random.Random(self.seed * 7919 + index),
            )
            one.ids["auth.user"][blue.group.account_id] = user.pk
            by_blueprint.setdefault(id(blue), (blue, []))[1].append(one)
        for blue, copies in by_blueprint.values():
            replicate.copy(blue, copies)
