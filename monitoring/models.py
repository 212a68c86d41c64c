from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pendampingan import bounds
from pendampingan.models import Agreement, Authored, domain_history
from plans.models import dates_plausible

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

    def __str__(self):
        return f"{self.measured_on}: {self.value}"
