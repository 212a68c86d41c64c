from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pendampingan import bounds
from pendampingan.concurrency import OnceFormMixin, VersionedFormMixin
from pendampingan.formatting import person_name
from pendampingan.forms import DATE_INPUT, QuantityField, money_fields
from plans.models import Activity, Commitment, Indicator, Responsibility, Stage


class PlanItemForm(OnceFormMixin, VersionedFormMixin, forms.ModelForm):
    """A form for content of one revision; it knows the revision and its agreement.

    Rules across rows (inside the agreement's period, inside the stage) are the
    model's ``check_rules``, run by the service under the agreement's lock; their
    messages come back next to the field.
    """

    def __init__(self, *args, revision, **kwargs):
        self.revision = revision
        self.agreement = revision.plan.agreement
        super().__init__(*args, **kwargs)


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
        return cleaned


class ActivityForm(PlanItemForm):
    class Meta:
        model = Activity
        fields = Activity.CONTENT_FIELDS
        field_classes = money_fields(Activity)
        widgets = {
            "start_date": DATE_INPUT,
            "due_date": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
            "expected_output": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "budget_institution": bounds.amount_help(),
            "budget_group": bounds.amount_help(),
            "budget_other": bounds.amount_help(),
            "lead": _("Group-led activities show how far the group stands on its own."),
            "facilitator_in_charge": _("For an activity of the institution, or of both parties."),
            "member_in_charge": _("For an activity of the group, or of both parties."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = self.revision.stages.order_by("order")
        # A facilitator who was deactivated stays on the activities they led, and is offered for no other.
        self.fields["facilitator_in_charge"].queryset = self.agreement.facilitators.filter(
            Q(is_active=True) | Q(pk=self.instance.facilitator_in_charge_id)
        ).order_by("first_name")
        self.fields["facilitator_in_charge"].label_from_instance = person_name
        self.fields["member_in_charge"].queryset = self.agreement.group.members.filter(is_active=True)
        self.fields["member_in_charge"].label_from_instance = lambda m: m.name_with_position

    def clean(self):
        cleaned = super().clean()
        start, due = cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date cannot be before the start."))
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
        return cleaned


class IndicatorForm(PlanItemForm):
    class Meta:
        model = Indicator
        fields = Indicator.CONTENT_FIELDS
        field_classes = {"baseline": QuantityField, "target": QuantityField}
        widgets = {
            "target_date": DATE_INPUT,
            "means_of_verification": forms.Textarea(attrs={"rows": 2}),
            "weight": forms.NumberInput(attrs={"min": 1, "max": 10, "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = self.revision.activities.order_by("start_date")
        self.fields["activity"].empty_label = _("— the whole plan —")


class CommitmentForm(PlanItemForm):
    class Meta:
        model = Commitment
        fields = ["order", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class RevisionStartForm(forms.Form):
    note = forms.CharField(
        label=_("What should change, and why?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=bounds.TEXT_LENGTH,
    )
