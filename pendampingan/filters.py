import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from pendampingan.formatting import person_name
from pendampingan.models import Agreement


class AgreementFilter(django_filters.FilterSet):
    # Words, not a list of every group: an institution may accompany thousands.
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Part of the agreement's title or of the group's name."),
        max_length=100,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Agreement.Status.choices)
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
        fields = ["q", "status", "facilitator", "running_from", "running_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "Facilitates one of them" as a subquery: no join over every agreement to make distinct.
        theirs = self.queryset.filter(facilitators=OuterRef("pk"))
        facilitators = get_user_model().objects.filter(Exists(theirs)).order_by("first_name", "pk")
        self.filters["facilitator"].queryset = facilitators
        self.filters["facilitator"].field.label_from_instance = person_name

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(Q(title__icontains=word) | Q(group__name__icontains=word))
        return queryset

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()
