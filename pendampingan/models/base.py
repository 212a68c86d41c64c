"""What every record of the domain shares: the two parties, versions, authorship, approvals, history."""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


class Position(models.TextChoices):
    """A member's office in the group (``Member.Position``)."""

    CHAIR = "chair", _("Chair (ketua)")
    VICE_CHAIR = "vice_chair", _("Vice chair (wakil ketua)")
    SECRETARY = "secretary", _("Secretary (sekretaris)")
    TREASURER = "treasurer", _("Treasurer (bendahara)")
    MEMBER = "member", _("Member (anggota)")


def officer_label(name, position):
    """ "Siti Aminah (Secretary (sekretaris))": a name with the position held when acting."""
    label = dict(Position.choices).get(position, "")
    return f"{name} ({label})" if label else name


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

    @property
    def written_by(self):
        """Who wrote it: the officer named when it was written, on a group's login, else the person."""
        if self.created_by_officer_name:
            return officer_label(self.created_by_officer_name, self.created_by_officer_position)
        return person_name(self.created_by)

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
    # Who approves for the institution (roles of its staff); the group approves on its login.
    INSTITUTION_APPROVERS = ("coordinator",)
    # The relations its name (``__str__``) reads: a list of many approvals fetches them along.
    str_related = ()
    # The journal's kinds of event: (a party's approval, both parties' approval completing the pair).
    journal_kinds = ("", "")

    class Meta:
        abstract = True

    @classmethod
    def approves(cls, actor):
        """Whether ``actor`` approves this kind of document for its party: the group on its login,
        and on the institution's side the roles in ``INSTITUTION_APPROVERS``. Which agreement they
        are a party to is the access's and the approval service's to check."""
        return actor.role == "group" or actor.role in cls.INSTITUTION_APPROVERS

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

    def approval_refused(self, agreement):
        """Why nobody may approve it under ``agreement`` as it stands, or None."""
        return None

    def canonical_content(self, version):
        """The approved content of ``version`` as plain data, the same whatever the templates print."""
        raise NotImplementedError

    def verified_title(self, version):
        """The title the public check of ``version``'s code shows."""
        return str(self)

    def superseded_at(self, version):
        """When a later approved version replaced ``version``, or None while it is in force."""
        # Named through the app registry: the verification codes' module is built on this one.
        verifications = apps.get_model("pendampingan", "Verification")
        later = (
            verifications.objects.filter(
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
