import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from pendampingan.access import visible_groups
from pendampingan.formatting import person_name
from pendampingan.models import Agreement


class AgreementFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Agreement.Status.choices)
    group = django_filters.ModelChoiceFilter(label=_("Community group"), queryset=None)
    facilitator = django_filters.ModelChoiceFilter(
        label=_("Facilitator"), field_name="facilitators", queryset=None
    )
    running_from = django_filters.DateFilter(
        label=_("Running on or after"),
        field_name="end_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    running_until = django_filters.DateFilter(
        label=_("Running on or before"),
        field_name="start_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Agreement
        fields = ["status", "group", "facilitator", "running_from", "running_until"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["group"].queryset = visible_groups(request.actor).order_by("name")
        facilitators = (
            get_user_model()
            .objects.filter(facilitated_agreements__in=self.queryset)
            .distinct()
            .order_by("first_name")
        )
        self.filters["facilitator"].queryset = facilitators
        self.filters["facilitator"].field.label_from_instance = person_name

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()
