import django_filters
from django.utils.translation import gettext_lazy as _

from pendampingan.models import Party
from records import journal
from records.models import Meeting


class JournalFilter(django_filters.FilterSet):
    """The journal's filters: django-filter gives the form and its checks; the journal reads its sources."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=(), empty_label=_("Everything"))
    party = django_filters.ChoiceFilter(
        label=_("Done by"), choices=Party.choices, empty_label=_("Either party")
    )

    class Meta:
        model = Meeting
        fields = []

    def __init__(self, data=None, **kwargs):
        super().__init__(data, queryset=Meeting.objects.none(), **kwargs)
        self.filters["kind"].extra["choices"] = journal.kinds()

    def wanted(self):
        """``kind`` and ``party`` chosen, or None when the filter is invalid."""
        if not self.is_bound:
            return {"kind": "", "party": ""}
        if not self.is_valid():
            return None
        return {name: self.form.cleaned_data.get(name) or "" for name in ("kind", "party")}
