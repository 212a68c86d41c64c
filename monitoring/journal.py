"""How the journal tells what happened in monitoring: progress, indicator values, reported
deviations, corrective actions and the mutual assessment."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring.models import (
    ActivityProgress,
    CorrectiveAction,
    CorrectiveActionStep,
    IndicatorValue,
    ProgressStatus,
    ReportedDeviation,
)
from pendampingan.journal import Renderer, Told, changed
from pendampingan.models import Party
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


def progress_changed(event):
    s = event.summary
    # Events written before the summary named the activity say less.
    if "activity" in s:
        title = _("Progress of %(activity)s changed") % {"activity": s["activity"]}
    else:
        title = _("A progress entry changed")
    url = reverse("monitoring:activity", kwargs={"pk": event.agreement_id, "key": s["activity_key"]})
    return Told(title, url, changed(ActivityProgress, s.get("fields")))


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


def indicator_value_changed(event):
    s = event.summary
    if "indicator" in s:
        title = _("Value of %(indicator)s changed") % {"indicator": s["indicator"]}
    else:
        title = _("An indicator value changed")
    url = reverse(
        "monitoring:indicator", kwargs={"pk": event.agreement_id, "indicator_key": s["indicator_key"]}
    )
    return Told(title, url, changed(IndicatorValue, s.get("fields")))


def _report_url(event):
    return reverse("monitoring:report", kwargs={"pk": event.agreement_id, "reported_pk": event.object_id})


def deviation(event):
    s = event.summary
    return Told(
        _("Deviation reported: %(title)s") % {"title": s["title"]},
        _report_url(event),
        str(Responsibility(s["concerns_party"]).label),
    )


def deviation_changed(event):
    s = event.summary
    if event.kind == "monitoring.deviation_withdrawn":
        return Told(_("Deviation report withdrawn: %(title)s") % {"title": s["title"]}, _report_url(event))
    return Told(
        _("Reported deviation changed: %(title)s") % {"title": s["title"]},
        _report_url(event),
        changed(ReportedDeviation, s.get("fields")),
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


def action_changed(event):
    s = event.summary
    return Told(
        _("Corrective action changed: %(title)s") % {"title": s["title"]},
        _action_url(event, event.object_id),
        changed(CorrectiveAction, s.get("fields")),
    )


def action_step(event):
    s = event.summary
    return Told(
        f"{CorrectiveActionStep.Kind(s['step']).label}: {s['title']}",
        _action_url(event, s["action"]),
        s["note"],
    )


def _round_url(event, number):
    return reverse("monitoring:round", kwargs={"pk": event.agreement_id, "number": number})


def scorecard(event):
    number = event.summary["round"]
    return Told(_("Score card of round %(number)s submitted") % {"number": number}, _round_url(event, number))


def round_opened(event):
    number = event.summary["number"]
    return Told(
        _("Round %(number)s of the mutual assessment opened") % {"number": number}, _round_url(event, number)
    )


def round_discussed(event):
    number = event.summary["number"]
    return Told(
        _("Joint discussion of round %(number)s written") % {"number": number}, _round_url(event, number)
    )


def criteria_changed(event):
    s = event.summary
    if s["about"] == Party.GROUP:
        title = _("Criteria for scoring the group changed")
    else:
        title = _("Criteria for scoring the institution changed")
    # The criteria are the questions both parties see, never a score: the journal lists them.
    return Told(
        title, reverse("monitoring:assessments", kwargs={"pk": event.agreement_id}), "\n".join(s["criteria"])
    )


# Not told: a score card saved as a draft. Neither party sees the other's card before both
# submitted theirs, and a line for each draft save would still tell the other party when and how
# often that card was reworked, a hint at what it holds; nor is a draft anything done towards the
# other party. A card is told once it is submitted.
NOT_TOLD = ("monitoring.scorecard_saved",)

PROGRESS = gettext_lazy("Progress")
INDICATORS = gettext_lazy("Indicator values")
DEVIATIONS = gettext_lazy("Reported deviations")
ACTIONS = gettext_lazy("Corrective actions")
ASSESSMENT = gettext_lazy("Mutual assessment")
RENDERERS = [
    Renderer(("monitoring.progress_recorded",), "progress", PROGRESS, progress),
    Renderer(("monitoring.progress_changed",), "progress", PROGRESS, progress_changed),
    Renderer(("monitoring.indicator_measured",), "indicator", INDICATORS, indicator_value),
    Renderer(("monitoring.indicator_value_changed",), "indicator", INDICATORS, indicator_value_changed),
    Renderer(("monitoring.deviation_reported",), "deviation", DEVIATIONS, deviation),
    Renderer(
        ("monitoring.deviation_changed", "monitoring.deviation_withdrawn"),
        "deviation",
        DEVIATIONS,
        deviation_changed,
    ),
    Renderer(("monitoring.action_opened",), "action", ACTIONS, action_opened),
    Renderer(("monitoring.action_changed",), "action", ACTIONS, action_changed),
    Renderer(
        tuple(f"monitoring.action_{kind}" for kind in CorrectiveActionStep.Kind.values),
        "action",
        ACTIONS,
        action_step,
    ),
    Renderer(("monitoring.round_opened",), "assessment", ASSESSMENT, round_opened),
    Renderer(("monitoring.scorecard_submitted",), "assessment", ASSESSMENT, scorecard),
    Renderer(("monitoring.round_discussed",), "assessment", ASSESSMENT, round_discussed),
    Renderer(("monitoring.criteria_changed",), "assessment", ASSESSMENT, criteria_changed),
]
