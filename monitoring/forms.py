import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.models import (
    ActivityProgress,
    AssessmentCriterion,
    AssessmentRound,
    CorrectiveAction,
    IndicatorValue,
    ReportedDeviation,
)
from pendampingan import bounds
from pendampingan.attachments import AttachmentFormMixin
from pendampingan.concurrency import OnceFormMixin, VersionedFormMixin
from pendampingan.formatting import person_name
from pendampingan.forms import DATE_INPUT, QuantityField, money_fields
from pendampingan.models import Member, Party, Submission


class EvidenceFormMixin(AttachmentFormMixin):
    attachment_relation = "evidence"
    files_label = _("Evidence: photos or documents")


class StartsFromLatestMixin:
    """A new entry's form starts from the latest entry (``latest``) of the same activity or
    indicator: an update is a change of it, not a retype. Only its date is today's, and its
    evidence stays with it.

    It remembers which entry it started from: saved after someone recorded a newer one, its
    copied figures would undo theirs unseen, so it is refused once and says so.
    """

    date_field = None

    def __init__(self, *args, latest=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.latest = latest if not self.instance.pk else None
        if self.instance.pk:
            return
        self.fields["started_from"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=getattr(self.latest, "pk", None)
        )
        if self.latest is not None:
            for name in self.Meta.model.CONTENT_FIELDS:
                if name != self.date_field:
                    self.fields[name].initial = getattr(self.latest, name)

    def clean(self):
        cleaned = super().clean()
        if "started_from" not in self.fields:
            return cleaned
        started_from = cleaned.pop("started_from", None)
        newest = getattr(self.latest, "pk", None)
        # A second click of the same form finds what its first click recorded: not someone else's.
        repeat = Submission.objects.filter(key=cleaned.get("submission")).exists()
        if started_from != newest and not repeat:
            data = self.data.copy()
            data[self.add_prefix("started_from")] = "" if newest is None else newest
            self.data = data
            raise forms.ValidationError(
                _(
                    "Someone recorded a newer entry after you opened this form, so yours was not "
                    "saved yet. What you typed is kept: compare it with their entry, then save again."
                )
            )
        return cleaned


class ProgressForm(
    StartsFromLatestMixin, EvidenceFormMixin, OnceFormMixin, VersionedFormMixin, forms.ModelForm
):
    date_field = "reported_on"

    class Meta:
        model = ActivityProgress
        fields = ActivityProgress.CONTENT_FIELDS
        field_classes = money_fields(ActivityProgress)
        widgets = {
            "reported_on": DATE_INPUT,
            "actual_start": DATE_INPUT,
            "actual_end": DATE_INPUT,
            "percent_done": forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"}),
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


class IndicatorValueForm(
    StartsFromLatestMixin, EvidenceFormMixin, OnceFormMixin, VersionedFormMixin, forms.ModelForm
):
    date_field = "measured_on"

    class Meta:
        model = IndicatorValue
        fields = IndicatorValue.CONTENT_FIELDS
        field_classes = {"value": QuantityField}
        widgets = {
            "measured_on": DATE_INPUT,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"note": _("How it was measured, or what explains the value.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["measured_on"].initial = timezone.localdate()


def _key_choices(items, label):
    return [("", "—")] + [(str(item.key), label(item)) for item in items]


class ReportedDeviationForm(OnceFormMixin, VersionedFormMixin, forms.ModelForm):
    """A deviation one party saw: about itself or about the other party keeping its commitments."""

    commitment_key = forms.TypedChoiceField(
        label=_("Commitment concerned"), required=False, coerce=uuid.UUID, empty_value=None
    )
    activity_key = forms.TypedChoiceField(
        label=_("Activity concerned"), required=False, coerce=uuid.UUID, empty_value=None
    )

    class Meta:
        model = ReportedDeviation
        fields = ReportedDeviation.CONTENT_FIELDS
        widgets = {
            "observed_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 4}),
            "our_commitment": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "concerns_party": _("Whose role or responsibility it concerns; it may be your own party."),
            "description": _("What was seen, when and where, so the other party can answer it."),
            "our_commitment": _(
                "What your party commits to doing about it. "
                "A corrective action opened for it starts from this."
            ),
        }

    def __init__(self, *args, agreement, commitments, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        # The model checks the date against the agreement's start, as it does for every channel.
        self.instance.agreement = agreement
        self.fields["commitment_key"].choices = _key_choices(
            commitments, lambda c: f"{c.get_party_display()}: {c.text[:80]}"
        )
        self.fields["activity_key"].choices = _key_choices(activities, lambda a: a.title)
        if not self.instance.pk:
            self.fields["observed_on"].initial = timezone.localdate()


def people_of(agreement):
    """``{party: [name]}``: who may own a corrective action — the agreement's coordinator and
    facilitators, and the group's active members, officers first."""
    staff = [agreement.coordinator, *agreement.facilitators.all()]
    members = sorted(
        agreement.group.members.filter(is_active=True),
        key=lambda m: (m.position not in Member.OFFICER_POSITIONS, m.name),
    )
    return {
        Party.INSTITUTION: list(dict.fromkeys(person_name(user) for user in staff if user)),
        Party.GROUP: [m.name for m in members],
    }


class CorrectiveActionForm(OnceFormMixin, VersionedFormMixin, forms.ModelForm):
    """What is to be done, by which party and person, by when, and the commitment it concerns."""

    owner_name = forms.ChoiceField(label=_("Person responsible"))
    commitment_key = forms.TypedChoiceField(
        label=_("Commitment concerned"), required=False, coerce=uuid.UUID, empty_value=None
    )
    deviation_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=120)
    deviation_title = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    class Meta:
        model = CorrectiveAction
        fields = [*CorrectiveAction.CONTENT_FIELDS, "deviation_key", "deviation_title"]
        widgets = {"due_date": DATE_INPUT, "details": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "owner_party": _("The party whose role it is to put it right."),
            "due_date": _("By when it is done; the other party then confirms it."),
        }

    def __init__(self, *args, agreement, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.people = people_of(agreement)
        listed = {party: [(name, name) for name in names] for party, names in self.people.items()}
        owner = self.instance.owner_name
        if self.instance.pk and owner not in self.people[self.instance.owner_party]:
            # Someone who has since left stays the owner until it is changed.
            listed[self.instance.owner_party].append((owner, owner))
        # Grouped under the parties' own names: whose staff or member each person is.
        names = {Party.INSTITUTION: agreement.institution.name, Party.GROUP: agreement.group.name}
        self.fields["owner_name"].choices = [("", "—")] + [
            (names[party], choices) for party, choices in listed.items()
        ]
        self.fields["commitment_key"].choices = _key_choices(
            commitments, lambda c: f"{c.get_party_display()}: {c.text[:80]}"
        )
        if self.instance.pk:
            del self.fields["deviation_key"], self.fields["deviation_title"]

    def clean(self):
        cleaned = super().clean()
        party, name = cleaned.get("owner_party"), cleaned.get("owner_name")
        kept = self.instance.pk and name == self.instance.owner_name and party == self.instance.owner_party
        if party and name and name not in self.people.get(party, []) and not kept:
            self.add_error(
                "owner_name",
                _("Choose a person of %(party)s.") % {"party": dict(Party.choices)[party].lower()},
            )
        return cleaned


class ActionStepForm(EvidenceFormMixin, forms.Form):
    """A step of a corrective action's loop, bound to the state the page showed."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=bounds.TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


SCORES = [(n, str(n)) for n in range(1, 6)]


class ScorecardForm(forms.Form):
    """A party's card: a score from 1 to 5 and a comment per criterion, saved as a draft or submitted."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, criteria, card=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        given = {s.criterion_id: s for s in card.scores.all()} if card else {}
        if card is not None:
            self.fields["lock_version"].initial = card.lock_version
        for criterion in criteria:
            score = given.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.text,
                choices=SCORES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "score-choice"}),
                initial=score.score if score else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=bounds.TEXT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 1}),
                initial=score.comment if score else "",
            )

    def blocks(self):
        """``(criterion, score field, comment field)`` per criterion, for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self):
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }

    def check_complete(self):
        """For submitting: every criterion scored, the missing ones marked next to their field."""
        for criterion in self.criteria:
            if self.cleaned_data.get(f"score_{criterion.pk}") is None:
                self.add_error(f"score_{criterion.pk}", _("Give a score from 1 to 5."))
        return self.is_valid()


class CriteriaForm(forms.Form):
    """The criteria a party scores the other on, one per line."""

    texts = forms.CharField(
        label=_("Criteria, one per line"),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "A line removed is set aside, its past scores kept; a changed line becomes a new criterion. "
            "Changes count from the next round."
        ),
    )
    read = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_texts(self):
        lines = [line.strip() for line in self.cleaned_data["texts"].split("\n") if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Write at least one criterion."))
        if len(lines) > AssessmentCriterion.MAX_PER_PARTY:
            raise forms.ValidationError(
                _("At most %(count)s criteria.") % {"count": AssessmentCriterion.MAX_PER_PARTY}
            )
        if any(len(line) > bounds.TITLE_LENGTH for line in lines):
            raise forms.ValidationError(_("A criterion is at most 200 characters."))
        if len(set(lines)) != len(lines):
            raise forms.ValidationError(_("Each criterion once."))
        return lines


class RoundNoteForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = AssessmentRound
        fields = ["discussion"]
        widgets = {"discussion": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "discussion": _("What both parties concluded together, looking at the two cards side by side.")
        }
