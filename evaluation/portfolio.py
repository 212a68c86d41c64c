"""The coordinator's portfolio report: every agreement of the institution running in a chosen period,
its plan cycle's figures side by side, in the same few queries however many agreements."""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluation.models import Evaluation
from evaluation.results import compute_many
from pendampingan import bounds
from pendampingan.forms import DATE_INPUT
from pendampingan.models import Agreement
from plans.models import Plan


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), widget=DATE_INPUT)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        for name in ("start", "end"):
            value = cleaned.get(name)
            if value and not bounds.EARLIEST_DATE <= value <= bounds.LATEST_DATE:
                self.add_error(name, bounds.dates_message())
        if start and end and end < start and "end" not in self.errors:
            self.add_error("end", _("The period must end on or after its start."))
        return cleaned


def default_period(today):
    """The year so far: what a coordinator reports on most often."""
    return datetime.date(today.year, 1, 1), today


@dataclass
class Row:
    agreement: Agreement
    cycle: int | None
    figures: object
    # Its number in the whole report, which the chart names it by.
    number: int = 0


def running(agreements, start, end):
    """Those of ``agreements`` (a queryset) running at some time in ``start``–``end``, by title."""
    return agreements.filter(start_date__lte=end, end_date__gte=start).order_by("title", "pk")


def rows(agreements, start, end, first=1):
    """Each of ``agreements`` (``running`` in ``start``–``end``), numbered from ``first``, with its
    plan cycle's figures as of the period's end: the same few queries however many."""
    agreements = list(agreements)
    cycles = dict(
        Plan.objects.filter(agreement__in=agreements, status__in=[Plan.Status.IN_FORCE, Plan.Status.CLOSED])
        .order_by("agreement_id", "cycle")
        .values_list("agreement_id", "cycle")
    )
    on = min(end, timezone.localdate())
    with_plans = [a for a in agreements if a.pk in cycles]
    evaluations = [
        Evaluation(agreement=a, level=Evaluation.Level.CYCLE, cycle=cycles[a.pk]) for a in with_plans
    ]
    figures = compute_many(evaluations, on, period=(start, end)) if evaluations else []
    by_agreement = {e.agreement_id: f for e, f in zip(evaluations, figures, strict=True)}
    return [
        Row(agreement=a, cycle=cycles.get(a.pk), figures=by_agreement.get(a.pk), number=n)
        for n, a in enumerate(agreements, first)
    ]
