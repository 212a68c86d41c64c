import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring import deviations
from monitoring.deviations import DeviationStatus
from monitoring.health import Health
from monitoring.models import CorrectiveAction, ReportedDeviation
from pendampingan.filters import AgreementFilter
from pendampingan.forms import DATE_INPUT
from pendampingan.models import Party
from plans.models import Responsibility


class PortfolioFilter(AgreementFilter):
    """The agreement list's filters, and health, which is computed: ``health.portfolio_page``
    applies it."""

    health = django_filters.ChoiceFilter(label=_("Health"), choices=Health.choices, method="keep")

    class Meta(AgreementFilter.Meta):
        fields = [*AgreementFilter.Meta.fields, "health"]

    def keep(self, queryset, name, value):
        return queryset

    @property
    def level(self):
        """The health asked for, or ""."""
        return (self.form.cleaned_data.get("health") or "") if self.is_bound and self.is_valid() else ""


UNRESOLVED = "unresolved"


class DeviationFilter(django_filters.FilterSet):
    """Filters for deviations, which are computed: django-filter gives the form and its checks,
    ``apply`` filters the list found today."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=(), empty_label=_("All kinds"))
    party = django_filters.ChoiceFilter(
        label=_("Concerns"), choices=Responsibility.choices, empty_label=_("Either party")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(UNRESOLVED, _("Not yet corrected")), *DeviationStatus.choices],
        empty_label=_("All, corrected too"),
    )

    class Meta:
        model = ReportedDeviation
        fields = []

    def __init__(self, data=None, **kwargs):
        super().__init__(data, queryset=ReportedDeviation.objects.none(), **kwargs)
        self.filters["kind"].extra["choices"] = deviations.kinds()
        if data is None or "status" not in data:
            self.form.initial["status"] = UNRESOLVED

    def apply(self, found):
        """The deviations of ``found`` that match; none when the filter is invalid."""
        if not self.is_bound:
            return [d for d in found if d.is_unresolved]
        if not self.is_valid():
            return []
        wanted = self.form.cleaned_data
        if wanted.get("kind"):
            found = [d for d in found if d.kind == wanted["kind"]]
        if wanted.get("party"):
            found = [d for d in found if d.party == wanted["party"]]
        # A link that says nothing of the status (a dashboard's) means what is still to correct.
        status = wanted.get("status") if "status" in self.data else UNRESOLVED
        if status == UNRESOLVED:
            found = [d for d in found if d.is_unresolved]
        elif status:
            found = [d for d in found if d.status == status]
        return found


class ActionFilter(django_filters.FilterSet):
    owner_party = django_filters.ChoiceFilter(
        label=_("Owner"), choices=Party.choices, empty_label=_("Either party")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CorrectiveAction.Status.choices, empty_label=_("Any status")
    )
    due_after = django_filters.DateFilter(
        label=_("Due on or after"), field_name="due_date", lookup_expr="gte", widget=DATE_INPUT
    )
    due_before = django_filters.DateFilter(
        label=_("Due on or before"), field_name="due_date", lookup_expr="lte", widget=DATE_INPUT
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="only_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = CorrectiveAction
        fields = ["owner_party", "status", "due_after", "due_before", "overdue"]

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=CorrectiveAction.Status.OPEN, due_date__lt=timezone.localdate())
