"""The information system (sistem informasi): routine meetings, their attendance and minutes,
records of what activities produced, and both parties' feedback on them.

It is a shared record of a partnership, not reports to a superior: either party
writes, the other answers, and minutes count once both parties confirmed them.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pendampingan import bounds
from pendampingan.attachments import Attachment, attached_to, exactly_one
from pendampingan.models import Agreement, Approvable, Authored, Member, domain_history
from plans.models import dates_plausible

PLACE_LENGTH = 200
MAX_INTERVAL_WEEKS = 8


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class MeetingSchedule(Authored):
    """When the routine meetings of an agreement take place; the meetings are generated from it.

    Either "the second Tuesday of every month" or "every N weeks from a first
    date". Either party changes it; the history keeps who did.
    """

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly, on a weekday of a given week")
        WEEKS = "weeks", _("Every few weeks")

    class Week(models.IntegerChoices):
        FIRST = 1, _("first")
        SECOND = 2, _("second")
        THIRD = 3, _("third")
        FOURTH = 4, _("fourth")
        LAST = 5, _("last")

    agreement = models.OneToOneField(
        Agreement, on_delete=models.CASCADE, related_name="meeting_schedule", verbose_name=_("agreement")
    )
    frequency = models.CharField(
        _("how often"), max_length=8, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    week_of_month = models.PositiveSmallIntegerField(
        _("week of the month"), choices=Week.choices, default=Week.SECOND
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices, default=Weekday.TUESDAY)
    interval_weeks = models.PositiveSmallIntegerField(
        _("every how many weeks"),
        default=2,
        validators=[
            MinValueValidator(1, message=_("At least every week.")),
            MaxValueValidator(MAX_INTERVAL_WEEKS, message=_("At most every 8 weeks.")),
        ],
    )
    starts_on = models.DateField(
        _("first meeting on or after"),
        validators=bounds.DATE_VALIDATORS,
        help_text=_("With “every few weeks”, the first meeting is on this day."),
    )
    start_time = models.TimeField(_("time"))
    place = models.CharField(_("place"), max_length=PLACE_LENGTH)
    history = domain_history(excluded_fields=["updated_at"])

    CONTENT_FIELDS = [
        "frequency",
        "week_of_month",
        "weekday",
        "interval_weeks",
        "starts_on",
        "start_time",
        "place",
    ]

    class Meta:
        verbose_name = _("meeting schedule")
        verbose_name_plural = _("meeting schedules")
        constraints = [
            dates_plausible("meeting_schedule_starts_on_plausible", "starts_on"),
            models.CheckConstraint(
                condition=Q(interval_weeks__gte=1, interval_weeks__lte=MAX_INTERVAL_WEEKS),
                name="meeting_schedule_interval_plausible",
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def description(self):
        """ "every second Tuesday of the month, 14.00, Balai Dusun Krajan" in the reader's language."""
        if self.frequency == self.Frequency.MONTHLY:
            when = _("every %(week)s %(day)s of the month") % {
                "week": self.get_week_of_month_display(),
                "day": self.get_weekday_display(),
            }
        else:
            when = _("every %(weeks)s weeks on %(day)s") % {
                "weeks": self.interval_weeks,
                "day": self.get_weekday_display(),
            }
            if self.interval_weeks == 1:
                when = _("every %(day)s") % {"day": self.get_weekday_display()}
        return f"{when}, {self.start_time:%H.%M}, {self.place}"


class Meeting(Authored):
    """One meeting: generated from the schedule, or called by either party (ad hoc).

    It counts as held once its attendance is recorded; a meeting whose day
    passed without that, or that was cancelled, is a deviation both parties see.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("agreement")
    )
    scheduled = models.BooleanField(_("from the schedule"), default=False, editable=False)
    title = models.CharField(_("title"), max_length=bounds.TITLE_LENGTH)
    held_on = models.DateField(_("date"), validators=bounds.DATE_VALIDATORS)
    start_time = models.TimeField(_("time"))
    place = models.CharField(_("place"), max_length=PLACE_LENGTH)
    agenda = models.TextField(
        _("agenda"),
        blank=True,
        max_length=bounds.TEXT_LENGTH,
        help_text=_("One item per line."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, editable=False
    )
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True, max_length=bounds.TEXT_LENGTH)
    attendance_recorded_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)
    history = domain_history(excluded_fields=["updated_at"])

    CONTENT_FIELDS = ["title", "held_on", "start_time", "place", "agenda"]

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["agreement", "held_on", "start_time", "pk"]
        indexes = [models.Index(fields=["agreement", "held_on"], name="meeting_agreement_date")]
        constraints = [
            dates_plausible("meeting_held_on_plausible", "held_on"),
            models.CheckConstraint(
                condition=~Q(status="cancelled", cancel_reason=""), name="meeting_cancel_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.title}, {date_format(self.held_on)}"

    @property
    def agenda_items(self):
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    @property
    def starts_at(self):
        return datetime.datetime.combine(self.held_on, self.start_time)

    @property
    def is_planned(self):
        return self.status == self.Status.PLANNED

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED


class Attendance(models.Model):
    """One person on a meeting's attendance list (daftar hadir): a member of the group or a staff member.

    The name and position are copied when the list is taken, so the list stays
    as it was that day when a member later leaves or changes office.
    """

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("member")
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=60, blank=True)
    # Officers of the group and the agreement's facilitators must attend.
    required = models.BooleanField(_("must attend"), default=False)
    status = models.CharField(_("attendance"), max_length=8, choices=Status.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "staff", "-required", "name", "pk"]
        constraints = [
            exactly_one(["member", "staff"], name="attendance_member_or_staff"),
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_member_once"),
            models.UniqueConstraint(fields=["meeting", "staff"], name="attendance_staff_once"),
        ]

    def __str__(self):
        return f"{self.name}: {self.get_status_display()}"

    @property
    def is_present(self):
        return self.status == self.Status.PRESENT


class Minutes(Authored, Approvable):
    """The minutes (notulen) of a held meeting, confirmed by both parties.

    A change after confirmation starts a new version that both confirm again;
    until then the confirmed version, kept whole in ``MinutesRevision``, is the
    one that counts.
    """

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("agreement")
    )
    chair = models.CharField(_("chair"), max_length=150)
    minute_taker = models.CharField(_("minute-taker"), max_length=150)
    opened_at = models.TimeField(_("opened at"))
    closed_at = models.TimeField(_("closed at"))
    discussion = models.JSONField(_("discussion per agenda item"), default=list, blank=True)
    decisions = models.TextField(
        _("decisions"), blank=True, max_length=bounds.TEXT_LENGTH, help_text=_("One decision per line.")
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    # The last version both parties confirmed; the one that counts while a newer version waits.
    confirmed_version = models.PositiveIntegerField(
        _("confirmed version"), null=True, blank=True, editable=False
    )
    history = domain_history(excluded_fields=["updated_at"])

    CONTENT_FIELDS = ["chair", "minute_taker", "opened_at", "closed_at", "discussion", "decisions"]
    # Minutes are confirmed by someone who was there: the facilitator as well as the coordinator.
    INSTITUTION_APPROVERS = ("coordinator", "facilitator")
    str_related = ("meeting",)
    journal_kinds = ("records.minutes_approved", "records.minutes_confirmed")

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["agreement", "meeting__held_on", "pk"]

    def __str__(self):
        return str(self.approval_label)

    @property
    def approval_label(self):
        return _("the minutes of the meeting of %(date)s") % {"date": date_format(self.meeting.held_on)}

    def journal_summary(self):
        return {"meeting": self.meeting_id, "held_on": self.meeting.held_on}

    def approved_by_both(self, actor):
        from records import minutes as content

        self.confirmed_at = timezone.now()
        self.confirmed_version = self.version
        self.save(update_fields=["confirmed_at", "confirmed_version", "updated_at"])
        MinutesRevision.objects.create(
            minutes=self,
            version=self.version,
            content=content.confirmed(self),
            confirmed_at=self.confirmed_at,
        )

    def canonical_content(self, version):
        """The minutes as both parties confirmed ``version``: kept whole when they did."""
        revision = self.revisions.get(version=version)
        return {
            "kind": "minutes",
            "institution": self.agreement.institution.name,
            "group": self.agreement.group.name,
            "version": version,
            "content": revision.content,
        }

    @property
    def is_confirmed(self):
        """Whether both parties confirmed the minutes as they stand now."""
        return self.confirmed_version == self.version

    @property
    def decision_list(self):
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]


class ActionItem(models.Model):
    """Something the meeting decided someone does, by a date: part of the minutes' content."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("minutes")
    )
    position = models.PositiveSmallIntegerField(default=0)
    what = models.CharField(_("what"), max_length=bounds.TITLE_LENGTH)
    who = models.CharField(_("who"), max_length=150)
    due_date = models.DateField(_("by when"), validators=bounds.DATE_VALIDATORS)
    activity_key = models.UUIDField(_("plan activity"), null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["minutes", "position", "pk"]
        constraints = [dates_plausible("action_item_due_date_plausible", "due_date")]

    def __str__(self):
        return self.what

    @property
    def correction_key(self):
        """What a corrective action made from this item names as what it follows up."""
        return f"minutes:{self.minutes_id}:{self.position}"


class MinutesRevision(models.Model):
    """A version of the minutes as both parties confirmed it, kept whole: what the record says."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("minutes")
    )
    version = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    confirmed_at = models.DateTimeField(_("confirmed"))

    class Meta:
        verbose_name = _("confirmed minutes")
        verbose_name_plural = _("confirmed minutes")
        ordering = ["minutes", "-version"]
        constraints = [models.UniqueConstraint(fields=["minutes", "version"], name="minutes_revision_once")]

    def __str__(self):
        return f"v{self.version}"


class ActivityRecord(Authored):
    """What was done in a planned activity and what it produced (catatan kegiatan), by either party.

    The other party answers it with feedback; both sides' words stay side by side.
    """

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="activity_records", verbose_name=_("agreement")
    )
    activity_key = models.UUIDField(_("activity"))
    done_on = models.DateField(_("done on"), validators=bounds.DATE_VALIDATORS)
    title = models.CharField(_("title"), max_length=bounds.TITLE_LENGTH)
    what_was_done = models.TextField(_("what was done"), max_length=bounds.LONG_TEXT_LENGTH)
    results = models.TextField(_("what it produced"), max_length=bounds.LONG_TEXT_LENGTH)
    history = domain_history(excluded_fields=["updated_at"])

    CONTENT_FIELDS = ["activity_key", "done_on", "title", "what_was_done", "results"]

    class Meta:
        verbose_name = _("activity record")
        verbose_name_plural = _("activity records")
        ordering = ["agreement", "-done_on", "-pk"]
        constraints = [dates_plausible("activity_record_done_on_plausible", "done_on")]

    def __str__(self):
        return self.title


class Feedback(Authored):
    """One message in an activity record's thread (umpan balik): neither approves nor rejects.

    A message can ask for an answer; the other party then owes one until it writes.
    """

    record = models.ForeignKey(
        ActivityRecord, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("activity record")
    )
    text = models.TextField(_("feedback"), max_length=bounds.TEXT_LENGTH)
    # Unticked unless the writer asks: an answer that asks nothing closes the turn.
    expects_answer = models.BooleanField(_("asks for an answer"), default=False)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["record", "created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class RecordFile(Attachment):
    """A photo or document behind a record: the paper attendance list, a photo of an activity."""

    upload_folder = "records"

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="record_files", verbose_name=_("agreement")
    )
    meeting = attached_to(Meeting, _("meeting"), "files")
    activity_record = attached_to(ActivityRecord, _("activity record"), "files")

    class Meta:
        verbose_name = _("record file")
        verbose_name_plural = _("record files")
        ordering = ["created_at", "pk"]
        constraints = [exactly_one(["meeting", "activity_record"], name="record_file_one_record")]
