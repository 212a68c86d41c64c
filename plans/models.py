import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pendampingan import bounds
from pendampingan.models import Agreement, Approvable, Authored, Member, Party, domain_history


def dates_plausible(name, *fields):
    """A database check that dates lie within the years the application accepts."""
    condition = Q()
    for field in fields:
        condition &= Q(**{f"{field}__gte": bounds.EARLIEST_DATE, f"{field}__lte": bounds.LATEST_DATE})
    return models.CheckConstraint(condition=condition, name=name)


def within_period(field, value, start, end, message, **params):
    """A field error unless ``value`` lies in ``start``–``end``."""
    if value is not None and not (start <= value <= end):
        return {field: message % {"start": date_format(start), "end": date_format(end), **params}}
    return {}


class Responsibility(models.TextChoices):
    INSTITUTION = "institution", _("Institution")
    GROUP = "group", _("Group")
    BOTH = "both", _("Both parties")


class Lead(models.TextChoices):
    """Who leads an activity: the participation and independence signal of the plan."""

    GROUP = "group", _("Group-led")
    JOINT = "joint", _("Joint")
    INSTITUTION = "institution", _("Institution-led")


class Plan(models.Model):
    """The plan of one cycle of an agreement; its content lives in revisions."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        IN_FORCE = "in_force", _("In force")
        CLOSED = "closed", _("Closed")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="plans", verbose_name=_("agreement")
    )
    cycle = models.PositiveSmallIntegerField(_("cycle"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREPARING)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = domain_history()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["agreement", "cycle"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "cycle"], name="one_plan_per_cycle"),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status="in_force"),
                name="one_plan_in_force_per_agreement",
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status="preparing"),
                name="one_plan_in_preparation_per_agreement",
            ),
            models.CheckConstraint(condition=Q(cycle__gte=1), name="plan_cycle_from_one"),
        ]

    def __str__(self):
        return _("Plan, cycle %(cycle)s") % {"cycle": self.cycle}


class PlanRevision(Authored, Approvable):
    """One revision of a plan's content, approved by both parties before it is in force.

    Only a draft revision is edited. Changing a plan in force starts a new draft
    revision copied from it; the revision in force stays in force until both
    parties approve the new one.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_FORCE = "in_force", _("In force")
        SUPERSEDED = "superseded", _("Superseded")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("revision"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("what this revision changes"), blank=True, max_length=bounds.TEXT_LENGTH)
    in_force_since = models.DateTimeField(_("in force since"), null=True, blank=True)
    history = domain_history(excluded_fields=["updated_at"])
    str_related = ("plan",)
    journal_kinds = ("plan.revision_approved", "plan.revision_in_force")

    class Meta:
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="revision_number_unique_in_plan"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="in_force"), name="one_revision_in_force_per_plan"
            ),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="draft"), name="one_draft_revision_per_plan"
            ),
        ]

    def __str__(self):
        return _("Plan cycle %(cycle)s, revision %(number)s") % {
            "cycle": self.plan.cycle,
            "number": self.number,
        }

    @property
    def agreement(self):
        return self.plan.agreement

    def url(self, name="revision", **kwargs):
        """The address of one of this revision's pages: people read its cycle and number in it."""
        return reverse(
            f"plans:{name}",
            kwargs={"pk": self.plan.agreement_id, "cycle": self.plan.cycle, "number": self.number, **kwargs},
        )

    def superseded_at(self, version):
        """A revision is replaced by the next one both approve, in its cycle or a later one."""
        if self.status != self.Status.SUPERSEDED:
            return None
        if self.in_force_since is None:
            return self.updated_at
        later = (
            PlanRevision.objects.filter(
                plan__agreement_id=self.plan.agreement_id, in_force_since__gt=self.in_force_since
            )
            .order_by("in_force_since")
            .first()
        )
        return later.in_force_since if later else self.updated_at

    def canonical_content(self, version):
        """The revision's items as approved: each by its key, with its content fields as plain data."""

        def items(queryset, fields):
            rows = []
            for item in queryset:
                row = {"key": str(item.key)}
                for name in fields:
                    value = getattr(item, name)
                    row[name] = str(value.key) if isinstance(value, PlanItem) else value
                rows.append(row)
            return sorted(rows, key=lambda r: r["key"])

        return {
            "kind": "plan_revision",
            "agreement": self.plan.agreement.title,
            "institution": self.plan.agreement.institution.name,
            "group": self.plan.agreement.group.name,
            "cycle": self.plan.cycle,
            "revision": self.number,
            "version": version,
            "stages": items(self.stages.all(), Stage.CONTENT_FIELDS),
            "activities": items(self.activities.select_related("stage"), Activity.CONTENT_FIELDS),
            "indicators": items(self.indicators.select_related("activity"), Indicator.CONTENT_FIELDS),
            "commitments": items(self.commitments.all(), Commitment.CONTENT_FIELDS),
        }

    @property
    def approval_label(self):
        return _("revision %(number)s") % {"number": self.number}

    def approval_refused(self, agreement):
        if not agreement.is_agreed:
            return _("The plan can be approved once both parties have agreed the agreement itself.")
        return None

    @property
    def is_in_force(self):
        return self.status == self.Status.IN_FORCE

    @property
    def is_superseded(self):
        return self.status == self.Status.SUPERSEDED

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    def content_changed(self, actor):
        """Record that stages, activities, indicators or commitments changed.

        The revision's edit number goes up, so an approval from a page read
        before the change is refused; content a party already approved must be
        approved again, so the change starts a new version of this draft.
        """
        self.start_new_version_if_approved()
        self.stamp(actor)
        self.save(update_fields=["version", *self.STAMP_FIELDS])

    def journal_summary(self):
        return {"cycle": self.plan.cycle, "number": self.number}

    def approved_by_both(self, actor):
        """The revision replaces the one in force, and its plan replaces the plan in force.

        Runs inside the approval's transaction, with the agreement's and the revision's rows locked.
        """
        plan = self.plan
        for older in plan.revisions.filter(status=self.Status.IN_FORCE).exclude(pk=self.pk):
            older.status = self.Status.SUPERSEDED
            older.save(update_fields=["status", "updated_at"])
        self.status = self.Status.IN_FORCE
        self.in_force_since = timezone.now()
        self.save(update_fields=["status", "in_force_since", "updated_at"])
        for other in plan.agreement.plans.filter(cycle__lt=plan.cycle).exclude(status=Plan.Status.CLOSED):
            # A new cycle's plan closes the earlier cycles, with whatever was pending in them.
            for pending in other.revisions.exclude(status=self.Status.SUPERSEDED):
                pending.status = self.Status.SUPERSEDED
                pending.save(update_fields=["status", "updated_at"])
            other.status = Plan.Status.CLOSED
            other.save(update_fields=["status"])
        plan.status = Plan.Status.IN_FORCE
        plan.save(update_fields=["status"])


class PlanItemQuerySet(models.QuerySet):
    def in_force(self, agreement):
        """The items of ``agreement``'s plan in force; none while no plan is in force."""
        return self.filter(
            revision__plan__agreement=agreement,
            revision__status=PlanRevision.Status.IN_FORCE,
            revision__plan__status=Plan.Status.IN_FORCE,
        )


class ActivityQuerySet(PlanItemQuerySet):
    def in_force(self, agreement):
        """The activities of ``agreement``'s plan in force, with their stages and revision: one query."""
        return super().in_force(agreement).select_related("stage", "revision__plan")


class PlanItem(Authored):
    """Content of a revision, with who proposed it.

    ``key`` follows an item from one revision to its copy in the next; a copy
    keeps its author, so a plan shows which party proposed each part. Each kind's
    ``CONTENT_FIELDS`` are what the parties write: its form edits them and a
    comparison of revisions shows them.
    """

    key = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = PlanItemQuerySet.as_manager()

    class Meta(Authored.Meta):
        abstract = True

    @classmethod
    def authored_like(cls, revision):
        """Author fields for an item written by whoever started ``revision`` (for data built in code)."""
        return {"author_party": revision.author_party, "created_by_id": revision.created_by_id}


class Stage(PlanItem):
    revision = models.ForeignKey(
        PlanRevision, on_delete=models.CASCADE, related_name="stages", verbose_name=_("revision")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=bounds.TITLE_LENGTH)
    objective = models.TextField(_("objective"), max_length=bounds.TEXT_LENGTH)
    start_date = models.DateField(_("start"), validators=bounds.DATE_VALIDATORS)
    end_date = models.DateField(_("end"), validators=bounds.DATE_VALIDATORS)
    history = domain_history()

    CONTENT_FIELDS = ["order", "name", "objective", "start_date", "end_date"]
    MAX_PER_REVISION = 20

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["revision", "order", "start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="stage_ends_after_start"),
            dates_plausible("stage_dates_plausible", "start_date", "end_date"),
            models.UniqueConstraint(fields=["revision", "key"], name="stage_key_unique_in_revision"),
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"

    def check_rules(self, agreement):
        """Rules across rows, checked by the service under the agreement's lock."""
        message = _("Must fall within the agreement's period, %(start)s to %(end)s.")
        errors = {
            **within_period("start_date", self.start_date, agreement.start_date, agreement.end_date, message),
            **within_period("end_date", self.end_date, agreement.start_date, agreement.end_date, message),
        }
        if self.pk:
            outside = self.activities.exclude(start_date__gte=self.start_date, due_date__lte=self.end_date)
            titles = [a.title for a in outside[:5]]
            if titles:
                errors.setdefault(
                    "end_date",
                    _("Some of this stage's activities would fall outside it: %(titles)s. Move them first.")
                    % {"titles": ", ".join(titles)},
                )
        if errors:
            raise ValidationError(errors)


class Activity(PlanItem):
    class Schedule(models.TextChoices):
        """Where an activity stands against its dates; progress itself is monitoring's to record."""

        UPCOMING = "upcoming", _("Not started yet")
        RUNNING = "running", _("Running now")
        DUE_PASSED = "due_passed", _("Due date passed")

    revision = models.ForeignKey(
        PlanRevision, on_delete=models.CASCADE, related_name="activities", verbose_name=_("revision")
    )
    # A stage with activities cannot go: its activities are moved or removed first.
    stage = models.ForeignKey(
        Stage, on_delete=models.RESTRICT, related_name="activities", verbose_name=_("stage")
    )
    title = models.CharField(_("title"), max_length=bounds.TITLE_LENGTH)
    description = models.TextField(_("description"), blank=True, max_length=bounds.TEXT_LENGTH)
    place = models.CharField(_("place"), max_length=bounds.TITLE_LENGTH, blank=True)
    start_date = models.DateField(_("planned start"), validators=bounds.DATE_VALIDATORS)
    due_date = models.DateField(_("due date"), validators=bounds.DATE_VALIDATORS)
    expected_output = models.TextField(_("expected output"), max_length=bounds.TEXT_LENGTH)
    budget_institution = models.BigIntegerField(
        _("budget from the institution (Rp)"), default=0, validators=bounds.AMOUNT_VALIDATORS
    )
    budget_group = models.BigIntegerField(
        _("group's own contribution, swadaya (Rp)"), default=0, validators=bounds.AMOUNT_VALIDATORS
    )
    budget_other = models.BigIntegerField(
        _("budget from other sources (Rp)"), default=0, validators=bounds.AMOUNT_VALIDATORS
    )
    responsible_party = models.CharField(
        _("responsible party"), max_length=12, choices=Responsibility.choices
    )
    facilitator_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator in charge"),
    )
    member_in_charge = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group member in charge"),
    )
    lead = models.CharField(_("led by"), max_length=12, choices=Lead.choices)
    history = domain_history()

    objects = ActivityQuerySet.as_manager()

    CONTENT_FIELDS = [
        "stage",
        "title",
        "description",
        "place",
        "start_date",
        "due_date",
        "expected_output",
        "budget_institution",
        "budget_group",
        "budget_other",
        "responsible_party",
        "facilitator_in_charge",
        "member_in_charge",
        "lead",
    ]
    MONEY_FIELDS = ["budget_institution", "budget_group", "budget_other"]
    # A village plan holds tens of activities; past this its PDF takes seconds to draw (bench/plan_pdf.py).
    MAX_PER_REVISION = 100

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["revision", "stage__order", "start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=F("start_date")), name="activity_due_after_start"
            ),
            models.CheckConstraint(
                condition=Q(budget_institution__gte=0, budget_group__gte=0, budget_other__gte=0),
                name="activity_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(
                    budget_institution__lte=bounds.MAX_AMOUNT,
                    budget_group__lte=bounds.MAX_AMOUNT,
                    budget_other__lte=bounds.MAX_AMOUNT,
                ),
                name="activity_budget_plausible",
            ),
            dates_plausible("activity_dates_plausible", "start_date", "due_date"),
            # The person in charge belongs to the responsible party.
            models.CheckConstraint(
                condition=~Q(responsible_party="institution", member_in_charge__isnull=False)
                & ~Q(responsible_party="group", facilitator_in_charge__isnull=False)
                & ~Q(facilitator_in_charge__isnull=False, member_in_charge__isnull=False),
                name="activity_person_in_charge_of_responsible_party",
            ),
            models.UniqueConstraint(fields=["revision", "key"], name="activity_key_unique_in_revision"),
        ]

    def __str__(self):
        return self.title

    @property
    def budget_total(self):
        return self.budget_institution + self.budget_group + self.budget_other

    @property
    def budget_sources(self):
        """The sources that hold money for this activity, as (label, amount)."""
        sources = [
            (_("institution"), self.budget_institution),
            (_("swadaya"), self.budget_group),
            (_("other"), self.budget_other),
        ]
        return [(label, amount) for label, amount in sources if amount]

    @property
    def person_in_charge(self):
        return self.member_in_charge or self.facilitator_in_charge

    def check_rules(self, agreement):
        """Rules across rows, checked by the service under the agreement's lock."""
        stage = self.stage
        message = _("Must fall within the stage “%(stage)s”, %(start)s to %(end)s.")
        errors = {}
        for name in ("start_date", "due_date"):
            value = getattr(self, name)
            errors.update(
                within_period(name, value, stage.start_date, stage.end_date, message, stage=stage.name)
            )
        if errors:
            raise ValidationError(errors)

    def schedule(self, today):
        if today < self.start_date:
            return self.Schedule.UPCOMING
        if today <= self.due_date:
            return self.Schedule.RUNNING
        return self.Schedule.DUE_PASSED


MAX_WEIGHT = 10


class Indicator(PlanItem):
    revision = models.ForeignKey(
        PlanRevision, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("revision")
    )
    # An activity's indicators go with it only when the service removes them, saying so first.
    activity = models.ForeignKey(
        Activity,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("activity"),
        help_text=_("Leave empty for an indicator of the whole plan."),
    )
    name = models.CharField(_("name"), max_length=bounds.TITLE_LENGTH)
    unit = models.CharField(_("unit"), max_length=50)
    baseline = models.DecimalField(
        _("baseline"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=bounds.QUANTITY_VALIDATORS,
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, validators=bounds.QUANTITY_VALIDATORS
    )
    target_date = models.DateField(_("target date"), validators=bounds.DATE_VALIDATORS)
    means_of_verification = models.TextField(_("means of verification"), max_length=bounds.TEXT_LENGTH)
    reporting_party = models.CharField(_("reported by"), max_length=12, choices=Party.choices)
    # How much it counts in the plan's effectiveness, beside the other indicators of its evaluation.
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[
            MinValueValidator(1, message=_("At least 1.")),
            MaxValueValidator(MAX_WEIGHT, message=_("At most 10.")),
        ],
        help_text=_("How much it counts when the plan's effectiveness is evaluated: 1 (least) to 10 (most)."),
    )
    history = domain_history()

    CONTENT_FIELDS = [
        "activity",
        "name",
        "unit",
        "baseline",
        "target",
        "target_date",
        "means_of_verification",
        "reporting_party",
        "weight",
    ]
    MAX_PER_REVISION = 60

    class Meta:
        verbose_name = _("success indicator")
        verbose_name_plural = _("success indicators")
        ordering = ["revision", "activity__start_date", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=0), name="indicator_target_not_negative"),
            models.CheckConstraint(condition=Q(baseline__gte=0), name="indicator_baseline_not_negative"),
            models.CheckConstraint(
                condition=Q(baseline__lte=bounds.MAX_QUANTITY, target__lte=bounds.MAX_QUANTITY),
                name="indicator_values_plausible",
            ),
            dates_plausible("indicator_date_plausible", "target_date"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=MAX_WEIGHT), name="indicator_weight_plausible"
            ),
            models.UniqueConstraint(fields=["revision", "key"], name="indicator_key_unique_in_revision"),
        ]

    def __str__(self):
        return self.name

    def check_rules(self, agreement):
        message = _("Must fall within the agreement's period, %(start)s to %(end)s.")
        errors = within_period(
            "target_date", self.target_date, agreement.start_date, agreement.end_date, message
        )
        if errors:
            raise ValidationError(errors)


class Commitment(PlanItem):
    """A party's role and responsibility in this plan (peran dan tanggung jawab)."""

    revision = models.ForeignKey(
        PlanRevision, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("revision")
    )
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("commitment"), max_length=bounds.TEXT_LENGTH)
    history = domain_history()

    CONTENT_FIELDS = ["party", "order", "text"]
    MAX_PER_REVISION = 40

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("roles and responsibilities")
        ordering = ["revision", "party", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "key"], name="commitment_key_unique_in_revision"),
        ]

    def __str__(self):
        return self.text[:80]

    def check_rules(self, agreement):
        pass
