from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pendampingan.formatting import person_name
from pendampingan.forms import DATE_INPUT
from plans.models import Activity, Commitment, Indicator, Responsibility, Stage


class PlanItemForm(forms.ModelForm):
    """A form for content of one revision; it knows the revision and its agreement."""

    def __init__(self, *args, revision, **kwargs):
        self.revision = revision
        self.agreement = revision.plan.agreement
        super().__init__(*args, **kwargs)

    def check_inside_agreement(self, cleaned, *names):
        for name in names:
            value = cleaned.get(name)
            if value and not (self.agreement.start_date <= value <= self.agreement.end_date):
                self.add_error(
                    name,
                    _("Must fall within the agreement's period, %(start)s to %(end)s.")
                    % {
                        "start": date_format(self.agreement.start_date),
                        "end": date_format(self.agreement.end_date),
                    },
                )


class StageForm(PlanItemForm):
    class Meta:
        model = Stage
        fields = Stage.CONTENT_FIELDS
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "objective": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Leave empty to put the stage last.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The stage must end on or after its start."))
        self.check_inside_agreement(cleaned, "start_date", "end_date")
        if self.instance.pk and start and end:
            outside = self.instance.activities.exclude(start_date__gte=start, due_date__lte=end)
            if outside.exists():
                self.add_error(
                    None,
                    _("Some of this stage's activities would fall outside it: %(titles)s. Move them first.")
                    % {"titles": ", ".join(a.title for a in outside[:5])},
                )
        return cleaned


class ActivityForm(PlanItemForm):
    class Meta:
        model = Activity
        fields = Activity.CONTENT_FIELDS
        widgets = {
            "start_date": DATE_INPUT,
            "due_date": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
            "expected_output": forms.Textarea(attrs={"rows": 2}),
            "budget_institution": forms.NumberInput(attrs={"min": 0, "step": 1000, "inputmode": "numeric"}),
            "budget_group": forms.NumberInput(attrs={"min": 0, "step": 1000, "inputmode": "numeric"}),
            "budget_other": forms.NumberInput(attrs={"min": 0, "step": 1000, "inputmode": "numeric"}),
        }
        help_texts = {
            "lead": _("Group-led activities show how far the group stands on its own."),
            "facilitator_in_charge": _("For an activity of the institution, or of both parties."),
            "member_in_charge": _("For an activity of the group, or of both parties."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = self.revision.stages.order_by("order")
        self.fields["facilitator_in_charge"].queryset = self.agreement.facilitators.order_by("first_name")
        self.fields["facilitator_in_charge"].label_from_instance = person_name
        self.fields["member_in_charge"].queryset = self.agreement.group.members.filter(is_active=True)
        self.fields["member_in_charge"].label_from_instance = lambda m: m.name_with_position

    def clean(self):
        cleaned = super().clean()
        stage, start, due = cleaned.get("stage"), cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date cannot be before the start."))
        if stage:
            for name in ("start_date", "due_date"):
                value = cleaned.get(name)
                if value and not (stage.start_date <= value <= stage.end_date):
                    self.add_error(
                        name,
                        _("Must fall within the stage “%(stage)s”, %(start)s to %(end)s.")
                        % {
                            "stage": stage.name,
                            "start": date_format(stage.start_date),
                            "end": date_format(stage.end_date),
                        },
                    )
        party = cleaned.get("responsible_party")
        facilitator, member = cleaned.get("facilitator_in_charge"), cleaned.get("member_in_charge")
        if facilitator and member:
            self.add_error("member_in_charge", _("Choose one person in charge, not two."))
        if party == Responsibility.INSTITUTION and member:
            self.add_error(
                "member_in_charge", _("A group member cannot be in charge of the institution's activity.")
            )
        if party == Responsibility.GROUP and facilitator:
            self.add_error(
                "facilitator_in_charge", _("A facilitator cannot be in charge of the group's activity.")
            )
        for name in ("budget_institution", "budget_group", "budget_other"):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, _("A budget cannot be negative."))
        return cleaned


class IndicatorForm(PlanItemForm):
    class Meta:
        model = Indicator
        fields = Indicator.CONTENT_FIELDS
        widgets = {"target_date": DATE_INPUT, "means_of_verification": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = self.revision.activities.order_by("start_date")
        self.fields["activity"].empty_label = _("— the whole plan —")

    def clean(self):
        cleaned = super().clean()
        for name in ("baseline", "target"):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, _("Cannot be negative."))
        self.check_inside_agreement(cleaned, "target_date")
        return cleaned


class CommitmentForm(PlanItemForm):
    class Meta:
        model = Commitment
        fields = ["order", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class RevisionStartForm(forms.Form):
    note = forms.CharField(
        label=_("What should change, and why?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
