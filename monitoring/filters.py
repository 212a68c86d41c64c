import django_filters
from django.utils.translation import gettext_lazy as _

from monitoring.health import Health
from pendampingan.filters import AgreementFilter


class PortfolioFilter(AgreementFilter):
    """The agreement list's filters, and health, which is computed: it filters the computed rows."""

    health = django_filters.ChoiceFilter(label=_("Health"), choices=Health.choices, method="keep")

    class Meta(AgreementFilter.Meta):
        fields = [*AgreementFilter.Meta.fields, "health"]

    def keep(self, queryset, name, value):
        return queryset

    def keeps(self, health):
        wanted = self.form.cleaned_data.get("health") if self.is_bound else None
        return not wanted or health.level == wanted
