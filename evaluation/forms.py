from django import forms
from django.utils.translation import gettext_lazy as _

from evaluation.models import Evaluation
from pendampingan.concurrency import OnceFormMixin, VersionedFormMixin


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
        import uuid

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
