from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pendampingan import bounds, codes, regions, registry
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
    history_officer_name = models.CharField(_("acting officer's name"), max_length=150, blank=True)
    history_officer_position = models.CharField(_("acting officer's position"), max_length=12, blank=True)

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


def officer_snapshot(officer):
    """The acting officer's name and position as they are now, kept with what they did."""
    if officer is None:
        return {"name": "", "position": ""}
    return {"name": officer.name, "position": officer.position}


def officer_field(verbose_name):
    """The group officer who acted on a shared login (empty for staff); kept if they later leave."""
    return models.ForeignKey(
        "pendampingan.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class Versioned(models.Model):
    """Content two people may edit at once: every save counts, and an edit must start from the latest.

    ``lock_version`` goes up with every save. An edit form carries the number it
    was read at, and ``pendampingan.concurrency`` refuses a save from an older
    read instead of letting it overwrite what someone saved meanwhile.
    """

    lock_version = models.PositiveIntegerField(_("edit number"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if not self._state.adding:
            # Count from the stored number, so that saving an instance read long ago
            # still moves the number past every edit made since.
            stored = (
                type(self)._base_manager.filter(pk=self.pk).values_list("lock_version", flat=True).first()
            )
            self.lock_version = max(self.lock_version, stored or 0) + 1
            if update_fields is not None:
                update_fields = {*update_fields, "lock_version"}
        super().save(*args, update_fields=update_fields, **kwargs)


class Authored(Versioned):
    """Who wrote a record: which party, which user and, for a group's shared login, which officer.

    The officer's name and position are copied at the moment of acting, so a
    later rename or change of office never rewrites who wrote or changed what.
    """

    author_party = models.CharField(_("written by"), max_length=12, choices=Party.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_by_officer = officer_field(_("acting officer"))
    created_by_officer_name = models.CharField(_("acting officer's name"), max_length=150, blank=True)
    created_by_officer_position = models.CharField(_("acting officer's position"), max_length=12, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("updated by"),
    )
    updated_by_officer = officer_field(_("officer who updated"))
    updated_by_officer_name = models.CharField(_("updating officer's name"), max_length=150, blank=True)
    updated_by_officer_position = models.CharField(
        _("updating officer's position"), max_length=12, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    STAMP_FIELDS = [
        "updated_by",
        "updated_by_officer",
        "updated_by_officer_name",
        "updated_by_officer_position",
        "updated_at",
    ]

    class Meta:
        abstract = True

    def stamp(self, actor):
        """Record the actor as the author of a new record, or as its last editor."""
        self._history_user = actor.user
        self._history_officer = actor.officer
        snapshot = officer_snapshot(actor.officer)
        if self._state.adding:
            self.author_party = actor.party
            self.created_by = actor.user
            self.created_by_officer = actor.officer
            self.created_by_officer_name = snapshot["name"]
            self.created_by_officer_position = snapshot["position"]
        else:
            self.updated_by = actor.user
            self.updated_by_officer = actor.officer
            self.updated_by_officer_name = snapshot["name"]
            self.updated_by_officer_position = snapshot["position"]


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
    officer = officer_field(_("acting officer"))
    officer_name = models.CharField(_("acting officer's name"), max_length=150, blank=True)
    officer_position = models.CharField(_("acting officer's position"), max_length=12, blank=True)
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


class Submission(models.Model):
    """A create form's one-time key: a double click or a resent form creates once.

    The key is in the form when it is shown; the first post with it records what
    it created, and a repeat of that post leads to the same thing.
    """

    key = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    form = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True)
    object_id = models.PositiveBigIntegerField(null=True)
    created = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return str(self.key)


class OutdatedVersion(Exception):
    """A party tried to approve content other than what is there now."""


class Refused(Exception):
    """A write that would break a rule across rows; the message says which, for the person who tried."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class Approvable(Versioned):
    """Something both parties approve, version by version.

    ``version`` counts the versions put to the parties. Editing content that
    either party has already approved starts a new version, which needs both
    approvals again; approvals of earlier versions stay recorded against those
    versions. An approval names the ``lock_version`` its page was read at, so
    it never counts for content changed after the approver read it.
    """

    version = models.PositiveIntegerField(_("version"), default=1)
    approvals = GenericRelation(Approval)
    # The relations its name (``__str__``) reads: a list of many approvals fetches them along.
    str_related = ()
    # The journal's kinds of event: (a party's approval, both parties' approval completing the pair).
    journal_kinds = ("", "")

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

    def add_approval(self, *, actor, version, lock_version):
        """Record ``actor``'s party approving ``version`` as read at ``lock_version``.

        Returns the new approval, or None when the party had already approved
        this version (a replayed post records nothing). Call on a row locked with
        ``select_for_update`` (see ``pendampingan.approvals``), so that the
        numbers compared are the ones in the database.
        """
        # A replay first: completing the pair saved the subject, so a replay of
        # that approval no longer matches the edit number it was read at.
        if version == self.version and self.approval_by(actor.party) is not None:
            return None
        if (version, lock_version) != (self.version, self.lock_version):
            raise OutdatedVersion
        snapshot = officer_snapshot(actor.officer)
        approval = self.approvals.create(
            version=version,
            party=actor.party,
            user=actor.user,
            officer=actor.officer,
            officer_name=snapshot["name"],
            officer_position=snapshot["position"],
        )
        if hasattr(self, "_prefetched_objects_cache"):
            self._prefetched_objects_cache.pop("approvals", None)
        return approval

    def journal_summary(self):
        """What the journal's renderer needs to name and link this, as plain values."""
        return {}

    def approved_by_both(self, actor):
        """What follows once ``actor``'s approval completed the pair; each approvable says.

        Runs under the approval's row locks; raise ``Refused`` to undo the approval.
        """
        raise NotImplementedError

    def verified_documents(self):
        """What both parties' approval of this makes a document with a verification code:
        ``[(document, version)]``. By default this very version."""
        return [(self, self.version)]

    def canonical_content(self, version):
        """The approved content of ``version`` as plain data, the same whatever the templates print."""
        raise NotImplementedError

    def verified_title(self, version):
        """The title the public check of ``version``'s code shows."""
        return str(self)

    def superseded_at(self, version):
        """When a later approved version replaced ``version``, or None while it is in force."""
        later = (
            Verification.objects.filter(
                content_type=ContentType.objects.get_for_model(self), object_id=self.pk, version__gt=version
            )
            .order_by("version")
            .first()
        )
        return later.issued_at if later else None

    def start_new_version_if_approved(self):
        """Call before saving changed content: approved content must be approved again."""
        if self.has_any_approval():
            self.version += 1
            return True
        return False


class Institution(Versioned):
    class Kind(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        GOVERNMENT = "government", _("Government programme")
        CSR = "csr", _("Corporate social responsibility unit")
        UNIVERSITY = "university", _("University")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    address = models.TextField(_("address"), blank=True, max_length=bounds.TEXT_LENGTH)
    region = models.CharField(_("village"), max_length=13, blank=True, validators=[regions.validate_village])
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    public_verification = models.BooleanField(
        _("anyone can check our printed documents"),
        default=True,
        help_text=_(
            "The code on an approved document is checked on a public page without logging in. "
            "Off: it is checked only by those logged in who may see the agreement."
        ),
    )
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


class CommunityGroup(Versioned):
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
    decree_date = models.DateField(
        _("founding decree date"), null=True, blank=True, validators=bounds.DATE_VALIDATORS
    )
    region = models.CharField(_("village"), max_length=13, validators=[regions.validate_village])
    address = models.TextField(_("address"), blank=True, max_length=bounds.TEXT_LENGTH)
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
    # The login's password is the one printed on the handover slip: the group sets its own at its
    # next login, so the coordinator who made it no longer knows it.
    password_is_temporary = models.BooleanField(_("password still the one handed over"), default=False)
    # A group with agreements is never deleted: archived, it leaves the lists and the pickers.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
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


class Member(Versioned):
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
    # Offices one active member holds at a time (a group may have several vice chairs).
    SINGLE_OFFICES = [Position.CHAIR, Position.SECRETARY, Position.TREASURER]

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
        constraints = [
            models.UniqueConstraint(
                fields=["group", "position"],
                condition=models.Q(is_active=True, position__in=["chair", "secretary", "treasurer"]),
                name="one_active_holder_per_office",
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def in_order(cls, queryset):
        """``queryset`` ordered as a group lists its members: officers by rank, then by name."""
        rank = models.Case(
            *(models.When(position=p, then=models.Value(i)) for i, p in enumerate(cls.OFFICER_POSITIONS)),
            default=models.Value(len(cls.OFFICER_POSITIONS)),
        )
        return queryset.alias(rank=rank).order_by("rank", "name")

    @property
    def is_officer(self):
        return self.is_active and self.position in self.OFFICER_POSITIONS

    @property
    def name_with_position(self):
        return f"{self.name} ({self.get_position_display()})"


def officer_label(name, position):
    """ "Siti Aminah (Secretary (sekretaris))": a name with the position held when acting."""
    label = dict(Member.Position.choices).get(position, "")
    return f"{name} ({label})" if label else name


class AgreementQuerySet(models.QuerySet):
    def open(self):
        """Agreements neither completed nor ended early (``Agreement.is_open``)."""
        return self.exclude(status__in=Agreement.CLOSED)

    def with_parties(self):
        approvals = Approval.objects.select_related("user", "officer")
        proposed = AgreementAmendment.objects.filter(status=AgreementAmendment.Status.PROPOSED)
        return self.select_related(
            "institution", "group", "coordinator", "updated_by", "updated_by_officer"
        ).prefetch_related(
            "facilitators",
            models.Prefetch("approvals", queryset=approvals),
            models.Prefetch(
                "amendments",
                queryset=proposed.prefetch_related(models.Prefetch("approvals", queryset=approvals)),
                to_attr="proposed_amendments",
            ),
        )


MAX_TOLERANCE = 50
MAX_ASSESSMENT_INTERVAL = 12


def _date_field(label):
    return models.DateField(label, validators=bounds.DATE_VALIDATORS)


class AgreementContent(models.Model):
    """What the parties agree to: an agreement's content, and an amendment's proposed content."""

    title = models.CharField(_("title"), max_length=bounds.TITLE_LENGTH)
    purpose = models.TextField(_("purpose"), max_length=bounds.LONG_TEXT_LENGTH)
    start_date = _date_field(_("start"))
    end_date = _date_field(_("end"))
    institution_commits = models.TextField(
        _("the institution commits to"), max_length=bounds.LONG_TEXT_LENGTH
    )
    institution_excludes = models.TextField(_("the institution will not"), max_length=bounds.LONG_TEXT_LENGTH)
    group_commits = models.TextField(_("the group commits to"), max_length=bounds.LONG_TEXT_LENGTH)
    # The rules both parties monitor each other by are part of what they agree.
    indicator_tolerance = models.PositiveSmallIntegerField(
        _("indicator tolerance (percentage points)"),
        default=10,
        validators=[
            MinValueValidator(0, message=_("Cannot be negative.")),
            MaxValueValidator(MAX_TOLERANCE, message=_("At most 50 percentage points.")),
        ],
        help_text=_(
            "How far an indicator may fall below the straight line from its baseline to its target "
            "before it counts as behind."
        ),
    )
    assessment_interval_months = models.PositiveSmallIntegerField(
        _("mutual assessment every (months)"),
        default=3,
        validators=[
            MinValueValidator(1, message=_("At least every month.")),
            MaxValueValidator(MAX_ASSESSMENT_INTERVAL, message=_("At least once a year.")),
        ],
        help_text=_("How often the group and the facilitator score each other."),
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum of routine meetings (% of members)"),
        default=50,
        validators=[
            MinValueValidator(1, message=_("At least 1 per cent.")),
            MaxValueValidator(100, message=_("At most 100 per cent.")),
        ],
        help_text=_("The share of the group's active members who must be present for a meeting to count."),
    )

    # Editing any of these changes what the parties agreed to.
    CONTENT_FIELDS = [
        "title",
        "purpose",
        "start_date",
        "end_date",
        "institution_commits",
        "institution_excludes",
        "group_commits",
        "indicator_tolerance",
        "assessment_interval_months",
        "quorum_percent",
    ]

    class Meta:
        abstract = True

    @classmethod
    def period_constraints(cls, prefix):
        return [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name=f"{prefix}_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(start_date__gte=bounds.EARLIEST_DATE, end_date__lte=bounds.LATEST_DATE),
                name=f"{prefix}_dates_plausible",
            ),
            models.CheckConstraint(
                condition=Q(
                    indicator_tolerance__lte=MAX_TOLERANCE,
                    assessment_interval_months__gte=1,
                    assessment_interval_months__lte=MAX_ASSESSMENT_INTERVAL,
                    quorum_percent__gte=1,
                    quorum_percent__lte=100,
                ),
                name=f"{prefix}_monitoring_rules_plausible",
            ),
        ]

    def clean(self):
        super().clean()
        if self.start_date and self.end_date:
            if self.end_date <= self.start_date:
                raise ValidationError({"end_date": _("The agreement must end after it starts.")})
            if bounds.period_too_long(self.start_date, self.end_date):
                raise ValidationError({"end_date": bounds.period_message()})

    def content(self):
        return {name: getattr(self, name) for name in self.CONTENT_FIELDS}


class Agreement(AgreementContent, Authored, Approvable):
    """The Kesepakatan Pendampingan: what both parties agreed, version by version.

    Its content fields always hold the version in force once both parties have
    agreed. A change after that is an ``AgreementAmendment``: a proposal that
    takes effect, as the agreement's next version, only when both approve it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        ENDED_EARLY = "ended_early", _("Ended early")

    CLOSED = (Status.COMPLETED, Status.ENDED_EARLY)

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("institution")
    )
    group = models.ForeignKey(
        CommunityGroup,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("community group"),
    )
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
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    agreed_version = models.PositiveIntegerField(_("last agreed version"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending early"), blank=True, max_length=bounds.TEXT_LENGTH)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, validators=bounds.DATE_VALIDATORS)
    history = domain_history(excluded_fields=["updated_at"])
    journal_kinds = ("agreement.approved", "agreement.agreed")

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-start_date", "title"]
        constraints = [
            *AgreementContent.period_constraints("agreement"),
            models.CheckConstraint(
                condition=~Q(status="ended_early") | ~Q(end_reason=""),
                name="agreement_ended_early_has_reason",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def agreement(self):
        return self

    @property
    def approval_label(self):
        return _("version %(number)s") % {"number": self.version}

    def verified_title(self, version):
        snapshot = self.version_snapshot(version)
        return snapshot.title if snapshot is not None else self.title

    @property
    def is_open(self):
        return self.status not in self.CLOSED

    @property
    def ended_early(self):
        return self.status == self.Status.ENDED_EARLY

    @property
    def is_agreed(self):
        """Both parties have agreed a version, which is in force until they agree an amendment."""
        return self.agreed_version is not None

    @property
    def awaiting_approval(self):
        """Not yet agreed, and the current version still lacks a party's approval."""
        return self.is_open and not self.is_agreed and not self.is_approved_by_both()

    @property
    def proposed_amendment(self):
        """The amendment waiting for the parties, if any (read with ``with_parties``)."""
        proposed = getattr(self, "proposed_amendments", None)
        if proposed is None:
            proposed = list(self.amendments.filter(status=AgreementAmendment.Status.PROPOSED))
        return proposed[0] if proposed else None

    def approved_by_both(self, actor):
        """Both parties approved the current version: it is agreed, and in force."""
        self.agreed_version = self.version
        if self.status == self.Status.DRAFT:
            self.status = self.Status.AGREED
        self.save(update_fields=["agreed_version", "status", "updated_at"])

    def activate(self, *, actor):
        self.status = self.Status.ACTIVE
        self.stamp(actor)
        self.save(update_fields=["status", *self.STAMP_FIELDS])

    def complete(self, *, actor):
        self.status = self.Status.COMPLETED
        self.stamp(actor)
        self.save(update_fields=["status", *self.STAMP_FIELDS])

    def end_early(self, *, actor, reason, ended_on):
        """Either party ends the facilitation; the record says who, when and why."""
        self.status = self.Status.ENDED_EARLY
        self.end_reason = reason
        self.ended_on = ended_on
        self.stamp(actor)
        self.save(update_fields=["status", "end_reason", "ended_on", *self.STAMP_FIELDS])

    def can_activate(self):
        return self.status == self.Status.AGREED

    def can_complete(self):
        return self.status == self.Status.ACTIVE

    def approved_through(self, version, amendment=None):
        """What carries the approvals of ``version``, and its version number there.

        A version made by an amendment was approved on the amendment; the others on the agreement.
        """
        if amendment is not None:
            return amendment, amendment.version
        return self, version

    def versions(self, adopted_amendments):
        """Every version, newest first, with the approvals that agreed it and the amendment that made it."""
        by_version = {a.adopted_as_version: a for a in adopted_amendments}
        rows = []
        for number in range(self.version, 0, -1):
            subject, subject_version = self.approved_through(number, by_version.get(number))
            rows.append(
                {
                    "number": number,
                    "amendment": by_version.get(number),
                    "institution": subject.approval_by(Party.INSTITUTION, subject_version),
                    "group": subject.approval_by(Party.GROUP, subject_version),
                }
            )
        return rows

    def version_snapshot(self, version):
        """The agreement's content as it stood at ``version``, from its history."""
        return self.history.filter(version=version).order_by("-history_date", "-history_id").first()

    def canonical_content(self, version):
        snapshot = self.version_snapshot(version) or self
        return {
            "kind": "agreement",
            "institution": self.institution.name,
            "group": self.group.name,
            "version": version,
            "content": {name: getattr(snapshot, name) for name in self.CONTENT_FIELDS},
        }


class AgreementAmendment(AgreementContent, Authored, Approvable):
    """A proposed change to an agreement in force (addendum), approved by both before it counts.

    Until then the agreement's own content, the one both parties agreed, stays in
    force everywhere: on its page, in plan checks and on every chart.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ADOPTED = "adopted", _("In force")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("agreement")
    )
    number = models.PositiveSmallIntegerField(_("amendment"))
    reason = models.TextField(_("why the agreement should change"), max_length=bounds.TEXT_LENGTH)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    adopted_as_version = models.PositiveIntegerField(_("became version"), null=True, blank=True)
    history = domain_history(excluded_fields=["updated_at"])
    journal_kinds = ("agreement.amendment_approved", "agreement.amendment_adopted")

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["agreement", "number"]
        constraints = [
            *AgreementContent.period_constraints("amendment"),
            models.UniqueConstraint(fields=["agreement", "number"], name="amendment_number_unique"),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status="proposed"),
                name="one_proposed_amendment_per_agreement",
            ),
        ]

    def __str__(self):
        return _("Amendment %(number)s") % {"number": self.number}

    @property
    def approval_label(self):
        return _("amendment %(number)s") % {"number": self.number}

    @property
    def is_adopted(self):
        return self.status == self.Status.ADOPTED

    @property
    def is_proposed(self):
        return self.status == self.Status.PROPOSED

    def changed_fields(self):
        """The content fields in which the proposal differs from the agreement in force."""
        return [name for name in self.CONTENT_FIELDS if getattr(self, name) != getattr(self.agreement, name)]

    def journal_summary(self):
        return {"number": self.number}

    def verified_documents(self):
        """An amendment both approved is the agreement's next version: that version gets the code."""
        return [(self.agreement, self.adopted_as_version)] if self.adopted_as_version else []

    def approved_by_both(self, actor):
        """Both parties approved: the proposal becomes the agreement's next version.

        Runs inside the approval's transaction with the agreement's row locked, so
        the plan checked against the new period is the plan as it is now.
        """
        agreement = self.agreement
        outside = registry.period_checks.items(agreement, self.start_date, self.end_date)
        if outside:
            raise Refused(
                _("The new period would leave out: %(items)s. Change those first, then approve again.")
                % {"items": "; ".join(outside[:5])}
            )
        for name, value in self.content().items():
            setattr(agreement, name, value)
        agreement.version += 1
        agreement.agreed_version = agreement.version
        agreement.stamp(actor)
        agreement.save()
        self.status = self.Status.ADOPTED
        self.adopted_as_version = agreement.version
        self.save(update_fields=["status", "adopted_as_version", "updated_at"])

    def withdraw(self, *, actor):
        self.status = self.Status.WITHDRAWN
        self.stamp(actor)
        self.save(update_fields=["status", *self.STAMP_FIELDS])


class SentReminder(models.Model):
    """A reminder e-mailed to a user, kept so that the same one is never sent twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="reminder_sent_once")]

    def __str__(self):
        return self.key


class Verification(models.Model):
    """The verification code of one approved version of a document, with the digest of its content.

    Issued when both parties have approved (``pendampingan.verification``); never changed afterwards.
    """

    code = models.CharField(_("verification code"), max_length=16, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField(_("version"))
    digest = models.CharField(_("SHA-256 of the approved content"), max_length=64, editable=False)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now, editable=False)
    # The PDF drawn once when the version was approved; every later download is this file.
    pdf = models.FileField(_("kept PDF"), upload_to="verified/", blank=True, editable=False)
    pdf_sha256 = models.CharField(_("SHA-256 of the kept PDF"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "version"], name="one_code_per_approved_version"
            ),
        ]

    def __str__(self):
        return codes.written(self.code)

    def approvals(self):
        """The two approvals that made this version approved: (institution's, group's).

        A version of an agreement made by an amendment was approved on the amendment.
        """
        document, version = self.document, self.version
        subject, subject_version = document, version
        if isinstance(document, Agreement) and version > 1:
            adopted = document.amendments.filter(adopted_as_version=version).first()
            subject, subject_version = document.approved_through(version, adopted)
        return subject.approval_by(Party.INSTITUTION, subject_version), subject.approval_by(
            Party.GROUP, subject_version
        )


class JournalEvent(models.Model):
    """One change to an agreement's record, written by the service that made it, in its transaction.

    The agreement's journal page, a "changed since" feed and the audit trail read this one table.
    An event is never changed or removed; like an approval it keeps the acting officer's name and
    position as they were. ``summary`` holds plain values (a title, a status, an amount as text),
    not text for a page: each pillar's journal renderer tells the event in the reader's language.
    """

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="journal_events",
        db_index=False,
        verbose_name=_("agreement"),
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    officer = officer_field(_("acting officer"))
    officer_name = models.CharField(_("acting officer's name"), max_length=150, blank=True)
    officer_position = models.CharField(_("acting officer's position"), max_length=12, blank=True)
    # The party that acted, or "" for what both did together (a meeting held, minutes confirmed).
    party = models.CharField(_("party"), max_length=12, choices=Party.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    summary = models.JSONField(_("summary"), encoder=DjangoJSONEncoder, default=dict, blank=True)

    class Meta:
        verbose_name = _("journal event")
        verbose_name_plural = _("journal events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["agreement", "-occurred_at", "-id"], name="journal_agreement_newest"),
            models.Index(fields=["agreement", "kind"], name="journal_agreement_kind"),
            models.Index(fields=["occurred_at"], name="journal_occurred_at"),
        ]

    def __str__(self):
        return self.kind

    @property
    def who(self):
        """ "Siti Aminah (Ketua)" on a group's login, else the user's name."""
        if self.officer_name:
            return officer_label(self.officer_name, self.officer_position)
        return person_name(self.user) if self.user_id else ""
