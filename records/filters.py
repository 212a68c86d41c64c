import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from pendampingan import bounds
from pendampingan.forms import DATE_INPUT
from pendampingan.models import JournalEvent, Party
from records import journal


class JournalForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("This date comes before the first one."))
        return data


class JournalFilter(django_filters.FilterSet):
    """The journal's filters: django-filter gives the form and its checks; the journal reads its table."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=(), empty_label=_("Everything"))
    party = django_filters.ChoiceFilter(
        label=_("Done by"), choices=Party.choices, empty_label=_("Either party")
    )
    since = django_filters.DateFilter(
        label=_("From the date"), widget=DATE_INPUT, validators=bounds.DATE_VALIDATORS
    )
    until = django_filters.DateFilter(
        label=_("Up to the date"), widget=DATE_INPUT, validators=bounds.DATE_VALIDATORS
    )

    class Meta:
        model = JournalEvent
        fields = []
        form = JournalForm

    def __init__(self, data=None, **kwargs):
        super().__init__(data, queryset=JournalEvent.objects.none(), **kwargs)
        self.filters["kind"].extra["choices"] = journal.kinds()

    def wanted(self):
        """What was chosen, for ``journal.read``; None when the filter is invalid."""
        names = ("kind", "party", "since", "until")
        if not self.is_bound:
            return dict.fromkeys(names)
        if not self.is_valid():
            return None
        return {name: self.form.cleaned_data.get(name) for name in names}
