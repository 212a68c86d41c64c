import datetime

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import Activity, Lead, Responsibility

month_format = RegexValidator(
    r"^(19|20)\d\d-(0[1-9]|1[0-2])$", _("Enter a month as year-month, e.g. 2026-08.")
)


class ActivityFilter(django_filters.FilterSet):
    stage = django_filters.ModelChoiceFilter(label=_("Stage"), queryset=None)
    responsible_party = django_filters.ChoiceFilter(
        label=_("Responsible party"), choices=Responsibility.choices
    )
    lead = django_filters.ChoiceFilter(label=_("Led by"), choices=Lead.choices)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Activity.Schedule.choices, method="filter_schedule"
    )
    month = django_filters.CharFilter(
        label=_("Running in month"),
        method="filter_month",
        validators=[month_format],
        # Where the browser has no month picker the box is plain text: the help shows the format.
        help_text=_("Year-month, e.g. 2026-08."),
        widget=forms.TextInput(attrs={"type": "month"}),
    )

    class Meta:
        model = Activity
        fields = ["stage", "responsible_party", "lead", "status", "month"]

    def __init__(self, *args, revision, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["stage"].queryset = revision.stages.order_by("order")

    def filter_schedule(self, queryset, name, value):
        today = timezone.localdate()
        if value == Activity.Schedule.UPCOMING:
            return queryset.filter(start_date__gt=today)
        if value == Activity.Schedule.RUNNING:
            return queryset.filter(start_date__lte=today, due_date__gte=today)
        return queryset.filter(due_date__lt=today)

    def filter_month(self, queryset, name, value):
        year, month = (int(part) for part in value.split("-"))
        first = datetime.date(year, month, 1)
        last = datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
        return queryset.filter(start_date__lte=last, due_date__gte=first)
