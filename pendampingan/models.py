from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pendampingan import regions
from pendampingan.formatting import person_name


class ActingOfficerHistory(models.Model):
    """Added to every history record: the group officer behind a change made on a shared login."""

    history_officer = models.ForeignKey(
        "pendampingan.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("acting officer"),
    )

    class Meta:
        abstract = True


def domain_history(**options):
    """History of a domain model: who changed what, when, and for a group which officer."""
    return HistoricalRecords(bases=[ActingOfficerHistory], **options)


class Party(models.TextChoices):
    """The two sides of every agreement."""

    INSTITUTION = "institution", _("Facilitating institution")
    GROUP = "group", _("Community group")

    @property
    def other(self):
        return Party.GROUP if self == Party.INSTITUTION else Party.INSTITUTION


class Authored(models.Model):
    """Who wrote a record: which party, which user and, for a group's shared login, which officer."""

    author_party = models.CharField(_("written by"), max_length=12, choices=Party.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_by_officer = models.ForeignKey(
        "pendampingan.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acting officer"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("updated by"),
    )
    updated_by_officer = models.ForeignKey(
        "pendampingan.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer who updated"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def stamp(self, actor):
        """Record the actor as the author of a new record, or as its last editor."""
        self._history_user = actor.user
        self._history_officer = actor.officer
        if self._state.adding:
            self.author_party = actor.party
            self.created_by = actor.user
            self.created_by_officer = actor.officer
        else:
            self.updated_by = actor.user
            self.updated_by_officer = actor.officer


class Approval(models.Model):
    """One party's approval of one version of something both parties must agree on."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField(_("version"))
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by")
    )
    officer = models.ForeignKey(
        "pendampingan.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acting officer"),
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["version", "approved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "version", "party"],
                name="one_approval_per_party_and_version",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_party_display()} v{self.version}"


class OutdatedVersion(Exception):
    """A party tried to approve a version that is no longer the current one."""


class Approvable(models.Model):
    """Something both parties approve, version by version.

    ``version`` counts the content's versions. Editing content that either party
    has already approved starts a new version, which needs both approvals again;
    approvals of earlier versions stay recorded against those versions.
    """

    version = models.PositiveIntegerField(_("version"), default=1)
    approvals = GenericRelation(Approval)

    class Meta:
        abstract = True

    def approvals_of(self, version):
        return [a for a in self.approvals.all() if a.version == version]

    def approval_by(self, party, version=None):
        version = self.version if version is None else version
        return next((a for a in self.approvals_of(version) if a.party == party), None)

    def is_approved_by_both(self, version=None):
        version = self.version if version is None else version
        return {a.party for a in self.approvals_of(version)} == {Party.INSTITUTION, Party.GROUP}

    def has_any_approval(self):
        return bool(self.approvals_of(self.version))

    def add_approval(self, *, actor, version):
        """Record ``actor``'s party approving ``version``; the version the party read must be current.

        Call on a row locked with ``select_for_update`` (see ``pendampingan.approvals``),
        so that the version compared is the one in the database.
        """
        if version != self.version:
            raise OutdatedVersion
        approval, _created = self.approvals.get_or_create(
            version=version,
            party=actor.party,
            defaults={"user": actor.user, "officer": actor.officer},
        )
        if hasattr(self, "_prefetched_objects_cache"):
            self._prefetched_objects_cache.pop("approvals", None)
        return approval

    def start_new_version_if_approved(self):
        """Call before saving changed content: approved content must be approved again."""
        if self.has_any_approval():
            self.version += 1
            return True
        return False


class Institution(models.Model):
    class Kind(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        GOVERNMENT = "government", _("Government programme")
        CSR = "csr", _("Corporate social responsibility unit")
        UNIVERSITY = "university", _("University")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    address = models.TextField(_("address"), blank=True)
    region = models.CharField(_("village"), max_length=13, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    history = domain_history()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def region_label(self):
        return regions.label(self.region)


class Staff(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        FACILITATOR = "facilitator", _("Facilitator")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff", verbose_name=_("user")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="staff", verbose_name=_("institution")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    history = domain_history()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["institution", "role", "user__first_name"]

    def __str__(self):
        return f"{person_name(self.user)} ({self.get_role_display()})"

    @property
    def is_coordinator(self):
        return self.role == self.Role.COORDINATOR


class CommunityGroup(models.Model):
    class Kind(models.TextChoices):
        FARMERS = "farmers", _("Farmers' group (kelompok tani)")
        KUBE = "kube", _("Joint business group (KUBE)")
        POKDARWIS = "pokdarwis", _("Tourism awareness group (Pokdarwis)")
        WOMEN = "women", _("Women's group")
        SAVINGS = "savings", _("Savings and loan group")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    decree_number = models.CharField(_("founding decree number"), max_length=100, blank=True)
    decree_date = models.DateField(_("founding decree date"), null=True, blank=True)
    region = models.CharField(_("village"), max_length=13)
    address = models.TextField(_("address"), blank=True)
    registered_by = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="registered_groups",
        verbose_name=_("registered by"),
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_group",
        verbose_name=_("shared login"),
    )
    history = domain_history()

    class Meta:
        verbose_name = _("community group")
        verbose_name_plural = _("community groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "region"], name="group_name_unique_in_village"),
        ]

    def __str__(self):
        return self.name

    @property
    def region_label(self):
        return regions.label(self.region)

    def officers(self):
        return self.members.filter(is_active=True, position__in=Member.OFFICER_POSITIONS)


class Member(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "f", _("Female")
        MALE = "m", _("Male")

    class Position(models.TextChoices):
        CHAIR = "chair", _("Chair (ketua)")
        VICE_CHAIR = "vice_chair", _("Vice chair (wakil ketua)")
        SECRETARY = "secretary", _("Secretary (sekretaris)")
        TREASURER = "treasurer", _("Treasurer (bendahara)")
        MEMBER = "member", _("Member (anggota)")

    OFFICER_POSITIONS = [
        Position.CHAIR,
        Position.VICE_CHAIR,
        Position.SECRETARY,
        Position.TREASURER,
    ]

    group = models.ForeignKey(
        CommunityGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    name = models.CharField(_("name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    position = models.CharField(_("position"), max_length=12, choices=Position.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = domain_history()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["group", "name"]

    def __str__(self):
        return self.name

    @property
    def is_officer(self):
        return self.is_active and self.position in self.OFFICER_POSITIONS

    @property
    def name_with_position(self):
        return f"{self.name} ({self.get_position_display()})"


class AgreementQuerySet(models.QuerySet):
    def with_parties(self):
        approvals = Approval.objects.select_related("user", "officer")
        return self.select_related(
            "institution", "group", "coordinator", "updated_by", "updated_by_officer"
        ).prefetch_related("facilitators", models.Prefetch("approvals", queryset=approvals))


class Agreement(Authored, Approvable):
    """The Kesepakatan Pendampingan: what both parties agreed, version by version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        ENDED_EARLY = "ended_early", _("Ended early")

    # Editing any of these changes what the parties agreed to.
    CONTENT_FIELDS = [
        "title",
        "purpose",
        "start_date",
        "end_date",
        "institution_commits",
        "institution_excludes",
        "group_commits",
    ]

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("institution")
    )
    group = models.ForeignKey(
        CommunityGroup,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("community group"),
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinated_agreements",
        verbose_name=_("coordinator"),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="facilitated_agreements",
        verbose_name=_("facilitators"),
        blank=True,
    )
    institution_commits = models.TextField(_("the institution commits to"))
    institution_excludes = models.TextField(_("the institution will not"))
    group_commits = models.TextField(_("the group commits to"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    agreed_version = models.PositiveIntegerField(_("last agreed version"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending early"), blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    history = domain_history(excluded_fields=["updated_at"])

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="agreement_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="ended_early") | ~Q(end_reason=""),
                name="agreement_ended_early_has_reason",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status not in {self.Status.COMPLETED, self.Status.ENDED_EARLY}

    @property
    def awaiting_approval(self):
        """The current version still lacks a party's approval."""
        return self.is_open and not self.is_approved_by_both()

    def mark_agreed(self):
        """Both parties approved the current version."""
        self.agreed_version = self.version
        if self.status == self.Status.DRAFT:
            self.status = self.Status.AGREED
        self.save(update_fields=["agreed_version", "status", "updated_at"])

    STAMP_FIELDS = ["updated_by", "updated_by_officer", "updated_at"]

    def activate(self, *, actor):
        self.status = self.Status.ACTIVE
        self.stamp(actor)
        self.save(update_fields=["status", *self.STAMP_FIELDS])

    def complete(self, *, actor):
        self.status = self.Status.COMPLETED
        self.stamp(actor)
        self.save(update_fields=["status", *self.STAMP_FIELDS])

    def end_early(self, *, actor, reason, on):
        """Either party ends the facilitation; the record says who, when and why."""
        self.status = self.Status.ENDED_EARLY
        self.end_reason = reason
        self.ended_on = on
        self.stamp(actor)
        self.save(update_fields=["status", "end_reason", "ended_on", *self.STAMP_FIELDS])

    def can_activate(self):
        return self.status == self.Status.AGREED

    def can_complete(self):
        return self.status == self.Status.ACTIVE

    def version_snapshot(self, version):
        """The agreement's content as it stood at ``version``, from its history."""
        return self.history.filter(version=version).order_by("-history_date", "-history_id").first()
