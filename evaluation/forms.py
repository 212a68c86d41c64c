import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluation.models import Evaluation
from pendampingan import bounds
from pendampingan.concurrency import OnceFormMixin, VersionedFormMixin
from pendampingan.formatting import quantity
from pendampingan.forms import QuantityField


class StartForm(OnceFormMixin, forms.Form):
    level = forms.ChoiceField(
        label=_("What to evaluate"), choices=Evaluation.Level.choices, widget=forms.RadioSelect
    )
    subject_key = forms.TypedChoiceField(
        label=_("Activity or stage"), required=False, coerce=str, empty_value=None
    )

    def __init__(self, *args, activities=(), stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_key"].choices = [
            ("", "—"),
            (_("Activities"), [(str(a.key), a.title) for a in activities]),
            (_("Stages"), [(str(s.key), f"{s.order}. {s.name}") for s in stages]),
        ]

    def clean(self):
        cleaned = super().clean()
        level, key = cleaned.get("level"), cleaned.get("subject_key")
        if level and level != Evaluation.Level.CYCLE and not key:
            self.add_error("subject_key", _("Choose the activity or the stage to evaluate."))
        cleaned["subject_key"] = uuid.UUID(key) if key and level != Evaluation.Level.CYCLE else None
        return cleaned


class EvaluationForm(VersionedFormMixin, forms.ModelForm):
    """A party's own assessment and the joint texts: the other party's part is not in its form."""

    class Meta:
        model = Evaluation
        fields = Evaluation.CONTENT_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in Evaluation.CONTENT_FIELDS}

    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        keep = {*Evaluation.OWN_FIELDS[party], *Evaluation.JOINT_FIELDS, "lock_version"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class CarryForwardForm(OnceFormMixin, forms.Form):
    """What the next cycle takes from this one: unfinished activities, new ones, adjusted targets."""

    activities = forms.MultipleChoiceField(
        label=_("Unfinished activities to carry on"), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_activities = forms.CharField(
        label=_("New activities the evaluation recommends"),
        required=False,
        max_length=bounds.TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line. Both parties then set their dates, budget and who leads them in the draft."
        ),
    )

    def __init__(self, *args, activities=(), indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].choices = [(str(a.key), a.title) for a in activities]
        self.fields["activities"].initial = [str(a.key) for a in activities]
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"target_{indicator.key.hex}"] = QuantityField(
                label=f"{indicator.name} ({indicator.unit})",
                initial=indicator.target,
                min_value=0,
                max_value=bounds.MAX_QUANTITY,
                max_digits=14,
                decimal_places=2,
                help_text=_("Target in this cycle: %(target)s") % {"target": quantity(indicator.target)},
            )

    def target_fields(self):
        return [self[f"target_{i.key.hex}"] for i in self.indicators]

    def clean(self):
        cleaned = super().clean()
        cleaned["activity_keys"] = [uuid.UUID(k) for k in cleaned.pop("activities", [])]
        lines = cleaned.pop("new_activities", "") or ""
        cleaned["new_titles"] = [
            line.strip()[: bounds.TITLE_LENGTH] for line in lines.splitlines() if line.strip()
        ]
        cleaned["targets"] = {
            i.key: cleaned.pop(f"target_{i.key.hex}")
            for i in self.indicators
            if f"target_{i.key.hex}" in cleaned
        }
        return cleaned
