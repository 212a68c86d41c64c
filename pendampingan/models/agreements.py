"""The facilitation agreement between an institution and a group, and amendments to it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pendampingan import bounds, registry
from pendampingan.models.base import Approvable, Approval, Authored, Party, Refused, domain_history
from pendampingan.models.groups import CommunityGroup
from pendampingan.models.institutions import Institution

# Running first, then those not yet agreed by both, then the ended ones: the order the portfolio
# lists agreements in. An index holds it (with the title), so a page of the portfolio is read in
# order rather than by sorting every agreement.
RUNNING_FIRST = models.Case(
    models.When(status__in=["completed", "ended_early"], then=models.Value(2)),
    models.When(agreed_version__isnull=True, then=models.Value(1)),
    default=models.Value(0),
)


class AgreementQuerySet(models.QuerySet):
    def running_first(self):
        """In the portfolio's order (``RUNNING_FIRST``), each rank by title."""
        return self.annotate(running_rank=RUNNING_FIRST).order_by("running_rank", "title", "pk")

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
        # The lists' order, read from an index rather than sorting every agreement; per institution
        # and status for the dashboard's latest of each status; by title for the evaluation portfolio.
        indexes = [
            models.Index(fields=["-start_date", "title", "id"], name="agreement_latest"),
            models.Index(
                fields=["institution", "status", "-start_date", "title", "id"], name="agreement_status_latest"
            ),
            models.Index(RUNNING_FIRST, "title", "id", name="agreement_running_first"),
            models.Index(fields=["title", "id"], name="agreement_title"),
        ]
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
