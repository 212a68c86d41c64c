from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.models import ActivityProgress, IndicatorValue, ProgressStatus
from pendampingan import bounds
from pendampingan.concurrency import OnceFormMixin, VersionedFormMixin
from pendampingan.forms import DATE_INPUT
from plans.forms import AMOUNT_INPUT


class ProgressForm(OnceFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ActivityProgress
        fields = ActivityProgress.CONTENT_FIELDS
        widgets = {
            "reported_on": DATE_INPUT,
            "actual_start": DATE_INPUT,
            "actual_end": DATE_INPUT,
            "percent_done": forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"}),
            "spent_institution": AMOUNT_INPUT,
            "spent_group": AMOUNT_INPUT,
            "spent_other": AMOUNT_INPUT,
            "what_was_done": forms.Textarea(attrs={"rows": 3}),
            "problems": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "spent_institution": bounds.amount_help(),
            "spent_group": bounds.amount_help(),
            "spent_other": bounds.amount_help(),
            "percent_done": _("Of the whole activity, as of the report date."),
            "actual_end": _("Needed once the activity is done."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["reported_on"].initial = timezone.localdate()

    def clean_reported_on(self):
        reported_on = self.cleaned_data["reported_on"]
        if reported_on > timezone.localdate():
            raise forms.ValidationError(_("Progress is reported on today or an earlier day."))
        return reported_on

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("actual_start"), cleaned.get("actual_end")
        if start and end and end < start:
            self.add_error("actual_end", _("The activity must end on or after its actual start."))
        status = cleaned.get("status")
        if status == ProgressStatus.DONE and not end and "actual_end" not in self.errors:
            self.add_error("actual_end", _("Say when the activity ended."))
        today = timezone.localdate()
        for name in ("actual_start", "actual_end"):
            value = cleaned.get(name)
            if value and value > today and name not in self.errors:
                self.add_error(name, _("This date has not come yet."))
        return cleaned


class IndicatorValueForm(OnceFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = IndicatorValue.CONTENT_FIELDS
        widgets = {
            "measured_on": DATE_INPUT,
            "value": forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"note": _("How it was measured, or what explains the value.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["measured_on"].initial = timezone.localdate()

    def clean_measured_on(self):
        measured_on = self.cleaned_data["measured_on"]
        if measured_on > timezone.localdate():
            raise forms.ValidationError(_("A value is measured on today or an earlier day."))
        return measured_on
