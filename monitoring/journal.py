"""How the journal tells what happened in monitoring: progress, indicator values, reported
deviations, corrective actions and the mutual assessment."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring.models import CorrectiveActionStep, ProgressStatus
from pendampingan.journal import Renderer, Told
from plans.models import Responsibility


def _number(value):
    """37.5 as "37,5" and 70 as "70", as the reader writes numbers."""
    return number_format(Decimal(f"{Decimal(value).normalize():f}"))


def progress(event):
    s = event.summary
    title = _("Progress of %(activity)s: %(status)s, %(percent)s%%") % {
        "activity": s["activity"],
        "status": ProgressStatus(s["status"]).label.lower(),
        "percent": s["percent"],
    }
    url = reverse("monitoring:activity", kwargs={"pk": event.agreement_id, "key": s["activity_key"]})
    return Told(title, url, s["what_was_done"])


def indicator_value(event):
    s = event.summary
    title = _("Measured %(indicator)s: %(value)s") % {
        "indicator": s["indicator"],
        "value": _number(s["value"]),
    }
    url = reverse(
        "monitoring:indicator", kwargs={"pk": event.agreement_id, "indicator_key": s["indicator_key"]}
    )
    return Told(title, url, s["note"])


def deviation(event):
    s = event.summary
    return Told(
        _("Deviation reported: %(title)s") % {"title": s["title"]},
        reverse("monitoring:report", kwargs={"pk": event.agreement_id, "reported_pk": event.object_id}),
        str(Responsibility(s["concerns_party"]).label),
    )


def _action_url(event, pk):
    return reverse("monitoring:action", kwargs={"pk": event.agreement_id, "action_pk": pk})


def action_opened(event):
    s = event.summary
    due = date_format(datetime.date.fromisoformat(s["due_date"]))
    return Told(
        _("Corrective action opened: %(title)s") % {"title": s["title"]},
        _action_url(event, event.object_id),
        _("%(person)s, due %(date)s") % {"person": s["owner_name"], "date": due},
    )


def action_step(event):
    s = event.summary
    return Told(
        f"{CorrectiveActionStep.Kind(s['step']).label}: {s['title']}",
        _action_url(event, s["action"]),
        s["note"],
    )


def scorecard(event):
    number = event.summary["round"]
    return Told(
        _("Score card of round %(number)s submitted") % {"number": number},
        reverse("monitoring:round", kwargs={"pk": event.agreement_id, "number": number}),
    )


ACTIONS = gettext_lazy("Corrective actions")
RENDERERS = [
    Renderer(("monitoring.progress_recorded",), "progress", gettext_lazy("Progress"), progress),
    Renderer(
        ("monitoring.indicator_measured",), "indicator", gettext_lazy("Indicator values"), indicator_value
    ),
    Renderer(("monitoring.deviation_reported",), "deviation", gettext_lazy("Reported deviations"), deviation),
    Renderer(("monitoring.action_opened",), "action", ACTIONS, action_opened),
    Renderer(
        tuple(f"monitoring.action_{kind}" for kind in CorrectiveActionStep.Kind.values),
        "action",
        ACTIONS,
        action_step,
    ),
    Renderer(("monitoring.scorecard_submitted",), "assessment", gettext_lazy("Mutual assessment"), scorecard),
]
