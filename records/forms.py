from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pendampingan import bounds
from pendampingan.attachments import AttachmentFormMixin
from pendampingan.concurrency import OnceFormMixin, VersionedFormMixin
from pendampingan.forms import DATE_INPUT
from records.models import ActivityRecord, Attendance, Feedback, Meeting, MeetingSchedule, Minutes

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ScheduleForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = MeetingSchedule
        fields = MeetingSchedule.CONTENT_FIELDS
        widgets = {
            "frequency": forms.RadioSelect,
            "starts_on": DATE_INPUT,
            "start_time": TIME_INPUT,
            "interval_weeks": forms.NumberInput(attrs={"min": 1, "max": 8, "inputmode": "numeric"}),
        }
        help_texts = {
            "week_of_month": _("With “monthly”: the second Tuesday, the last Friday…"),
            "weekday": _("With “monthly”. Every few weeks, meetings fall on the weekday of the first one."),
        }

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        if not self.instance.pk:
            self.fields["starts_on"].initial = max(timezone.localdate(), agreement.start_date)

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if not self.agreement.start_date <= starts_on <= self.agreement.end_date:
            raise forms.ValidationError(_("The first meeting must fall within the agreement's period."))
        return starts_on


class MeetingForm(OnceFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = Meeting.CONTENT_FIELDS
        widgets = {
            "held_on": DATE_INPUT,
            "start_time": TIME_INPUT,
            "agenda": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["title"].initial = _("Meeting")


class CancelForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=bounds.TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Both parties see it; a scheduled meeting not held stays a deviation to correct."),
    )


class AttendanceForm(AttachmentFormMixin, forms.Form):
    """One row per person with three buttons (present, excused, absent): one tap each on a phone."""

    attachment_relation = "files"
    files_label = _("Photo or scan of the signed attendance list")

    def __init__(self, *args, meeting, people, **kwargs):
        self.instance = meeting
        super().__init__(*args, **kwargs)
        self.fields["lock_version"] = forms.IntegerField(
            widget=forms.HiddenInput, min_value=1, initial=meeting.lock_version
        )
        recorded = {
            a.member_id and f"m{a.member_id}" or f"s{a.staff_id}": a.status for a in meeting.attendance.all()
        }
        self.people = people
        for person in people:
            self.fields[f"p_{person['key']}"] = forms.ChoiceField(
                label=person["name"],
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                initial=recorded.get(person["key"], Attendance.Status.ABSENT),
                error_messages={"required": _("Choose present, excused or absent.")},
            )

    def rows(self):
        return [(person, self[f"p_{person['key']}"]) for person in self.people]

    def clean(self):
        cleaned = super().clean()
        cleaned["statuses"] = {name[2:]: cleaned.pop(name) for name in list(cleaned) if name.startswith("p_")}
        return cleaned


class MinutesForm(VersionedFormMixin, forms.ModelForm):
    """The minutes: who chaired and took them, when, what was said per agenda item, what was decided."""

    class Meta:
        model = Minutes
        fields = ["chair", "minute_taker", "opened_at", "closed_at", "decisions"]
        widgets = {
            "opened_at": TIME_INPUT,
            "closed_at": TIME_INPUT,
            "chair": forms.TextInput(attrs={"list": "attendees", "autocomplete": "off"}),
            "minute_taker": forms.TextInput(attrs={"list": "attendees", "autocomplete": "off"}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        written = {d["item"]: d["text"] for d in self.instance.discussion or []}
        self.items = meeting.agenda_items + [str(_("Other matters"))]
        for number, item in enumerate(self.items):
            self.fields[f"discussion_{number}"] = forms.CharField(
                label=item,
                required=False,
                max_length=bounds.TEXT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=written.get(item, ""),
            )
        if not self.instance.pk:
            self.fields["opened_at"].initial = meeting.start_time

    def discussion_fields(self):
        return [self[f"discussion_{n}"] for n in range(len(self.items))]

    def clean(self):
        cleaned = super().clean()
        opened, closed = cleaned.get("opened_at"), cleaned.get("closed_at")
        if opened and closed and closed <= opened:
            self.add_error("closed_at", _("The meeting must close after it opened."))
        cleaned["discussion"] = [
            {"item": item, "text": text}
            for number, item in enumerate(self.items)
            if (text := cleaned.pop(f"discussion_{number}", "").strip())
        ]
        return cleaned


class ActionItemForm(forms.Form):
    what = forms.CharField(label=_("What"), max_length=bounds.TITLE_LENGTH, required=False)
    who = forms.CharField(label=_("Who"), max_length=150, required=False)
    due_date = forms.DateField(label=_("By when"), widget=DATE_INPUT, required=False)
    activity_key = forms.TypedChoiceField(
        label=_("Plan activity"), required=False, coerce=str, empty_value=None
    )

    def __init__(self, *args, activities=(), agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.fields["activity_key"].choices = [("", "—")] + [(str(a.key), a.title) for a in activities]
        self.fields["who"].widget.attrs.update({"list": "attendees", "autocomplete": "off"})

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due and not bounds.EARLIEST_DATE <= due <= bounds.LATEST_DATE:
            raise forms.ValidationError(bounds.dates_message())
        if due and self.agreement is not None:
            try:
                bounds.check_within_agreement(self.agreement, due_date=due)
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["due_date"]) from error
        return due

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("what", "who", "due_date", "activity_key")):
            return cleaned
        for name, message in (
            ("what", _("Say what is to be done.")),
            ("who", _("Say who does it.")),
            ("due_date", _("Say by when.")),
        ):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
        return cleaned


class BaseActionItemFormSet(forms.BaseFormSet):
    def items(self):
        """The filled rows, in order, as the service takes them."""
        import uuid

        return [
            {
                "what": form.cleaned_data["what"],
                "who": form.cleaned_data["who"],
                "due_date": form.cleaned_data["due_date"],
                "activity_key": uuid.UUID(form.cleaned_data["activity_key"])
                if form.cleaned_data.get("activity_key")
                else None,
            }
            for form in self.forms
            if form.cleaned_data.get("what")
        ]


ActionItemFormSet = forms.formset_factory(
    ActionItemForm, formset=BaseActionItemFormSet, extra=2, max_num=30, validate_max=True
)


class ActivityRecordForm(AttachmentFormMixin, OnceFormMixin, VersionedFormMixin, forms.ModelForm):
    attachment_relation = "files"

    class Meta:
        model = ActivityRecord
        fields = ["done_on", "title", "what_was_done", "results"]
        widgets = {
            "done_on": DATE_INPUT,
            "what_was_done": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"results": _("What came of it: things made, decisions, people trained, problems left.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["done_on"].initial = timezone.localdate()

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("A record is of what was done: today or an earlier day."))
        return done_on


class FeedbackForm(OnceFormMixin, forms.ModelForm):
    read_count = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Feedback
        fields = ["text", "expects_answer"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "text": _("Your feedback or answer"),
            "expects_answer": _("Ask the other party for an answer"),
        }
