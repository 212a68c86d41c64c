from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pendampingan import bounds
from pendampingan.attachments import Attachment, attached_to, exactly_one
from pendampingan.models import Agreement, Authored, Party, Versioned, domain_history
from plans.models import Responsibility, dates_plausible

MAX_PARTICIPANTS = 10_000

PARTICIPANT_VALIDATORS = [
    MinValueValidator(0, message=_("Cannot be negative.")),
    MaxValueValidator(MAX_PARTICIPANTS, message=_("At most 10.000 people.")),
]


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class ActivityProgress(Authored):
    """What one party recorded of a planned activity on a date: a record, not something both approve.

    It follows the activity by its ``key``, which a plan item keeps from one
    revision to the next, so progress stays with the activity when a new
    revision comes into force. Amounts spent and per cent done are as of
    ``reported_on``, counted from the activity's start.
    """

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="progress", verbose_name=_("agreement")
    )
    activity_key = models.UUIDField(_("activity"))
    reported_on = models.DateField(_("reported on"), validators=bounds.DATE_VALIDATORS)
    status = models.CharField(_("status"), max_length=12, choices=ProgressStatus.choices)
    percent_done = models.PositiveSmallIntegerField(
        _("per cent done"),
        default=0,
        validators=[
            MinValueValidator(0, message=_("Cannot be negative.")),
            MaxValueValidator(100, message=_("At most 100 per cent.")),
        ],
    )
    actual_start = models.DateField(
        _("actual start"), null=True, blank=True, validators=bounds.DATE_VALIDATORS
    )
    actual_end = models.DateField(_("actual end"), null=True, blank=True, validators=bounds.DATE_VALIDATORS)
    spent_institution = models.BigIntegerField(
        _("spent so far from the institution (Rp)"), default=0, validators=bounds.AMOUNT_VALIDATORS
    )
    spent_group = models.BigIntegerField(
        _("spent so far from the group's own contribution (Rp)"),
        default=0,
        validators=bounds.AMOUNT_VALIDATORS,
    )
    spent_other = models.BigIntegerField(
        _("spent so far from other sources (Rp)"), default=0, validators=bounds.AMOUNT_VALIDATORS
    )
    participants_women = models.PositiveIntegerField(
        _("participants, women"), default=0, validators=PARTICIPANT_VALIDATORS
    )
    participants_men = models.PositiveIntegerField(
        _("participants, men"), default=0, validators=PARTICIPANT_VALIDATORS
    )
    what_was_done = models.TextField(_("what was done"), max_length=bounds.TEXT_LENGTH)
    problems = models.TextField(_("problems met"), blank=True, max_length=bounds.TEXT_LENGTH)
    history = domain_history(excluded_fields=["updated_at"])

    CONTENT_FIELDS = [
        "reported_on",
        "status",
        "percent_done",
        "actual_start",
        "actual_end",
        "spent_institution",
        "spent_group",
        "spent_other",
        "participants_women",
        "participants_men",
        "what_was_done",
        "problems",
    ]
    MONEY_FIELDS = ["spent_institution", "spent_group", "spent_other"]

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["agreement", "activity_key", "reported_on", "created_at", "pk"]
        indexes = [models.Index(fields=["agreement", "activity_key"], name="progress_agreement_activity")]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_done__gte=0, percent_done__lte=100), name="progress_percent_0_100"
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="progress_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(spent_institution__gte=0, spent_group__gte=0, spent_other__gte=0)
                & Q(
                    spent_institution__lte=bounds.MAX_AMOUNT,
                    spent_group__lte=bounds.MAX_AMOUNT,
                    spent_other__lte=bounds.MAX_AMOUNT,
                ),
                name="progress_spent_plausible",
            ),
            models.CheckConstraint(
                condition=Q(participants_women__lte=MAX_PARTICIPANTS, participants_men__lte=MAX_PARTICIPANTS),
                name="progress_participants_plausible",
            ),
            dates_plausible("progress_reported_on_plausible", "reported_on"),
            models.CheckConstraint(
                condition=(
                    Q(actual_start__isnull=True)
                    | Q(actual_start__gte=bounds.EARLIEST_DATE, actual_start__lte=bounds.LATEST_DATE)
                )
                & (
                    Q(actual_end__isnull=True)
                    | Q(actual_end__gte=bounds.EARLIEST_DATE, actual_end__lte=bounds.LATEST_DATE)
                ),
                name="progress_actual_dates_plausible",
            ),
        ]

    def clean(self):
        """Dates a report can have, whichever channel it comes from."""
        today = timezone.localdate()
        errors = {}
        if self.reported_on and self.reported_on > today:
            errors["reported_on"] = _("Progress is reported on today or an earlier day.")
        for name in ("actual_start", "actual_end"):
            value = getattr(self, name)
            if value and value > today:
                errors[name] = _("This date has not come yet.")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors.setdefault("actual_end", _("The activity must end on or after its actual start."))
        if self.status == ProgressStatus.DONE and not self.actual_end:
            errors.setdefault("actual_end", _("Say when the activity ended."))
        if errors:
            raise ValidationError(errors)

    def __str__(self):
        return f"{self.reported_on}: {self.get_status_display()}"

    @property
    def spent_total(self):
        return self.spent_institution + self.spent_group + self.spent_other

    @property
    def participants(self):
        return self.participants_women + self.participants_men

    @property
    def is_done(self):
        return self.status == ProgressStatus.DONE


class IndicatorValue(Authored):
    """A value of a success indicator measured on a date, as one party recorded it.

    Like progress, it follows the indicator by its ``key``, which survives plan
    revisions; whether the indicator is on track is computed when read.
    """

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="indicator_values", verbose_name=_("agreement")
    )
    indicator_key = models.UUIDField(_("indicator"))
    measured_on = models.DateField(_("measured on"), validators=bounds.DATE_VALIDATORS)
    value = models.DecimalField(
        _("value"), max_digits=14, decimal_places=2, validators=bounds.QUANTITY_VALIDATORS
    )
    note = models.TextField(_("note"), blank=True, max_length=bounds.TEXT_LENGTH)
    history = domain_history()

    CONTENT_FIELDS = ["measured_on", "value", "note"]

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["agreement", "indicator_key", "measured_on", "created_at", "pk"]
        indexes = [models.Index(fields=["agreement", "indicator_key"], name="value_agreement_indicator")]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=bounds.MAX_QUANTITY), name="indicator_value_plausible"
            ),
            dates_plausible("indicator_value_measured_on_plausible", "measured_on"),
        ]

    def clean(self):
        if self.measured_on and self.measured_on > timezone.localdate():
            raise ValidationError({"measured_on": _("A value is measured on today or an earlier day.")})

    def __str__(self):
        return f"{self.measured_on}: {self.value}"


class ReportedDeviation(Authored):
    """A deviation one party saw and wrote down: what the data cannot show by itself.

    Either party reports one, about itself or about the other party keeping its
    commitments. It names the party whose role it concerns. Only its reporter
    withdraws it; otherwise it stays listed, and its corrective actions say how
    far it has been put right.
    """

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="reported_deviations", verbose_name=_("agreement")
    )
    concerns_party = models.CharField(_("concerns"), max_length=12, choices=Responsibility.choices)
    observed_on = models.DateField(_("observed on"), validators=bounds.DATE_VALIDATORS)
    title = models.CharField(_("what deviates"), max_length=bounds.TITLE_LENGTH)
    description = models.TextField(_("details"), blank=True, max_length=bounds.TEXT_LENGTH)
    # The commitment or activity concerned, by the key that survives plan revisions.
    commitment_key = models.UUIDField(_("commitment concerned"), null=True, blank=True)
    activity_key = models.UUIDField(_("activity concerned"), null=True, blank=True)
    # What the reporting party commits to doing about it: it becomes the corrective action's details.
    our_commitment = models.TextField(
        _("what we will do about it"), blank=True, max_length=bounds.TEXT_LENGTH
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    history = domain_history(excluded_fields=["updated_at"])

    CONTENT_FIELDS = [
        "concerns_party",
        "observed_on",
        "title",
        "description",
        "commitment_key",
        "activity_key",
        "our_commitment",
    ]

    class Meta:
        verbose_name = _("reported deviation")
        verbose_name_plural = _("reported deviations")
        ordering = ["agreement", "-observed_on", "-created_at", "-pk"]
        constraints = [dates_plausible("reported_deviation_observed_on_plausible", "observed_on")]

    def clean(self):
        if not self.observed_on:
            return
        if self.observed_on > timezone.localdate():
            raise ValidationError({"observed_on": _("A deviation is observed on today or an earlier day.")})
        if self.agreement_id and self.observed_on < self.agreement.start_date:
            start = date_format(self.agreement.start_date)
            raise ValidationError({"observed_on": _("The agreement starts on %(date)s.") % {"date": start}})

    def __str__(self):
        return self.title

    @property
    def commitment_heading(self):
        """What the reporting party's commitment is headed by, naming that party."""
        if self.author_party == Party.GROUP:
            return _("What the group will do about it")
        return _("What the institution will do about it")

    @property
    def deviation_key(self):
        return f"reported:{self.pk}"


class CorrectiveAction(Authored):
    """A step to put a deviation right (langkah perbaikan, tindak lanjut), owned by one party.

    The owner marks it done; only the *other* party closes it, by confirming, or
    sends it back open with a reason. Each of these steps is kept
    (``CorrectiveActionStep``), so the loop is visible to both. ``lock_version``
    binds a confirmation to the state the confirming party was shown.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done, awaiting confirmation")
        CLOSED = "closed", _("Closed")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="corrective_actions", verbose_name=_("agreement")
    )
    title = models.CharField(_("what is to be done"), max_length=bounds.TITLE_LENGTH)
    details = models.TextField(_("details"), blank=True, max_length=bounds.TEXT_LENGTH)
    owner_party = models.CharField(_("owner"), max_length=12, choices=Party.choices)
    owner_name = models.CharField(_("person responsible"), max_length=120)
    due_date = models.DateField(_("due"), validators=bounds.DATE_VALIDATORS)
    commitment_key = models.UUIDField(_("commitment concerned"), null=True, blank=True)
    # What it corrects: a deviation's key ("activity_overdue:<activity key>", "reported:<pk>", …)
    # and its title as it read then, since a computed deviation disappears once put right.
    deviation_key = models.CharField(_("deviation"), max_length=120, blank=True, db_index=True)
    deviation_title = models.CharField(_("deviation"), max_length=bounds.TITLE_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN, editable=False
    )
    history = domain_history(excluded_fields=["updated_at"])

    CONTENT_FIELDS = ["title", "details", "owner_party", "owner_name", "due_date", "commitment_key"]

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["agreement", "due_date", "pk"]
        indexes = [models.Index(fields=["agreement", "status"], name="action_agreement_status")]
        constraints = [dates_plausible("action_due_date_plausible", "due_date")]

    def __str__(self):
        return self.title

    @property
    def confirming_party(self):
        """The party that closes or reopens it: never its owner."""
        return Party.GROUP if self.owner_party == Party.INSTITUTION else Party.INSTITUTION

    def get_confirming_party_display(self):
        return Party(self.confirming_party).label

    def is_overdue(self, today):
        """Overdue once its due date has passed while still open; due today is not overdue."""
        return self.status == self.Status.OPEN and today > self.due_date


class CorrectiveActionStep(Authored):
    """One step of a corrective action's loop: marked done, confirmed, or reopened, with a note."""

    class Kind(models.TextChoices):
        DONE = "done", _("Marked done")
        CONFIRMED = "confirmed", _("Confirmed and closed")
        REOPENED = "reopened", _("Reopened")

    action = models.ForeignKey(
        CorrectiveAction, on_delete=models.CASCADE, related_name="steps", verbose_name=_("corrective action")
    )
    kind = models.CharField(_("step"), max_length=10, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True, max_length=bounds.TEXT_LENGTH)

    class Meta:
        verbose_name = _("corrective action step")
        verbose_name_plural = _("corrective action steps")
        ordering = ["action", "created_at", "pk"]
        constraints = [
            # Reopening says why.
            models.CheckConstraint(condition=~Q(kind="reopened", note=""), name="action_reopen_has_reason"),
        ]

    def __str__(self):
        return self.get_kind_display()


SCORE_VALIDATORS = [
    MinValueValidator(1, message=_("Score from 1 to 5.")),
    MaxValueValidator(5, message=_("Score from 1 to 5.")),
]


class AssessmentCriterion(Versioned):
    """What one party scores the other on, in the mutual assessment (penilaian timbal balik).

    Each party writes the criteria it scores the *other* on — as in a community
    score card, where the community names what matters to it. Both parties also
    score themselves on them, and the gap between the two is what they discuss.
    A criterion once scored is never deleted, only set aside.
    """

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="assessment_criteria", verbose_name=_("agreement")
    )
    about_party = models.CharField(_("about"), max_length=12, choices=Party.choices)
    text = models.CharField(_("criterion"), max_length=bounds.TITLE_LENGTH)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    is_active = models.BooleanField(_("in use"), default=True)
    history = domain_history()

    MAX_PER_PARTY = 12

    class Meta:
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        ordering = ["agreement", "about_party", "order", "pk"]

    def __str__(self):
        return self.text


class AssessmentRound(Versioned):
    """One exchange of score cards. Neither party sees the other's card until both submitted theirs:
    the pages show a party its own card, and the other's only through ``assessments.findings``,
    which is empty until the round is complete."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="assessment_rounds", verbose_name=_("agreement")
    )
    number = models.PositiveSmallIntegerField(_("round"))
    opened_on = models.DateField(_("opened on"), validators=bounds.DATE_VALIDATORS)
    due_date = models.DateField(_("cards due"), validators=bounds.DATE_VALIDATORS)
    discussion = models.TextField(_("joint discussion"), blank=True, max_length=bounds.LONG_TEXT_LENGTH)
    # The criteria in use when the round opened: a criterion changed later waits for the next round.
    criteria = models.ManyToManyField(AssessmentCriterion, related_name="rounds", verbose_name=_("criteria"))
    history = domain_history()

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="assessment_round_number_unique"),
            dates_plausible("assessment_round_dates_plausible", "opened_on", "due_date"),
        ]

    def __str__(self):
        return str(self.number)

    def card_of(self, party):
        return next((c for c in self.scorecards.all() if c.party == party), None)

    @property
    def submitted_parties(self):
        return {c.party for c in self.scorecards.all() if c.submitted_at is not None}

    @property
    def is_complete(self):
        return self.submitted_parties == {Party.INSTITUTION, Party.GROUP}

    @property
    def completed_at(self):
        if not self.is_complete:
            return None
        return max(c.submitted_at for c in self.scorecards.all())


class Scorecard(Authored):
    """One party's card in a round: its scores of the other party, and of itself, on each criterion."""

    round = models.ForeignKey(
        AssessmentRound, on_delete=models.CASCADE, related_name="scorecards", verbose_name=_("round")
    )
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("score card")
        verbose_name_plural = _("score cards")
        constraints = [models.UniqueConstraint(fields=["round", "party"], name="scorecard_one_per_party")]

    def __str__(self):
        return self.get_party_display()


class Score(models.Model):
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="scores", verbose_name=_("score card")
    )
    criterion = models.ForeignKey(
        AssessmentCriterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    # As the criterion read when it was scored.
    criterion_text = models.CharField(_("criterion"), max_length=bounds.TITLE_LENGTH)
    about_party = models.CharField(_("about"), max_length=12, choices=Party.choices)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True, validators=SCORE_VALIDATORS)
    comment = models.TextField(_("comment"), blank=True, max_length=bounds.TEXT_LENGTH)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["scorecard", "about_party", "criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="score_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.criterion_text}: {self.score}"


# What a file of evidence can back: one of these, never two.
EVIDENCE_OF = ["progress", "value", "step"]


class Evidence(Attachment):
    """A photo or document backing a progress entry, an indicator value, or a corrective action
    marked done. Another record to back is one more nullable foreign key, named in ``EVIDENCE_OF``."""

    upload_folder = "evidence"

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("agreement")
    )
    progress = attached_to(ActivityProgress, _("progress entry"), "evidence")
    value = attached_to(IndicatorValue, _("indicator value"), "evidence")
    step = attached_to(CorrectiveActionStep, _("corrective action step"), "evidence")

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at", "pk"]
        constraints = [exactly_one(EVIDENCE_OF, name="evidence_backs_one_record")]


class HealthStanding(models.Model):
    """An agreement's health as last counted (``pendampingan.standing``): what the portfolio finds
    agreements of one level by, orders them by and shows, without working out any agreement's
    health. The level is one of ``monitoring.health.Health``; the reasons are kept as kinds and
    counts, not text, so that each reader reads them in their own language."""

    agreement = models.OneToOneField(
        Agreement, on_delete=models.CASCADE, primary_key=True, related_name="health_standing"
    )
    level = models.CharField(_("health"), max_length=16)
    reasons = models.PositiveSmallIntegerField(default=0)
    unresolved = models.PositiveSmallIntegerField(default=0)
    # ``health.ranked``: [kind, how many, how many of them serious], the most urgent first.
    ranked = models.JSONField(default=list)
    # The corrective actions by status, and how many of the open ones are overdue.
    action_counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("health as counted")
        verbose_name_plural = _("health as counted")
        indexes = [models.Index(fields=["level", "reasons", "unresolved"], name="health_standing_order")]

    def __str__(self):
        return f"{self.agreement_id}: {self.level}"
