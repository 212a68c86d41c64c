"""Monitoring's own deviation rules: what its data shows without anyone reporting it.

Each rule reads the data of every agreement in the snapshot at once, through
``snapshot.load``, so that a portfolio of fifty agreements costs the same few
queries as one. The party a deviation concerns comes from the plan: the
activity's responsible party, for an indicator that of its activity (a whole
plan's indicator concerns both), for a corrective action its owner.
"""

import datetime

from django.db.models import Min
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring import indicators, states
from monitoring.assessments import assessment_findings
from monitoring.content import line_start
from monitoring.deviations import Deviation, Rule, corrective_actions
from monitoring.models import ActivityProgress, IndicatorValue, ReportedDeviation
from pendampingan.formatting import rupiah
from plans.models import Activity, Indicator, Plan, PlanRevision, Responsibility

DAY = datetime.timedelta(days=1)


def _in_force(snapshot):
    return {
        "revision__plan__agreement__in": list(snapshot.agreements),
        "revision__status": PlanRevision.Status.IN_FORCE,
        "revision__plan__status": Plan.Status.IN_FORCE,
    }


def _activities(snapshot):
    """The activities of the plans in force, with the states their entries give them: two queries."""

    def load(s):
        activities = list(Activity.objects.filter(**_in_force(s)).select_related("revision__plan"))
        entries = ActivityProgress.objects.filter(
            agreement__in=list(s.agreements), activity_key__in=[a.key for a in activities]
        ).only(
            "agreement_id",
            "activity_key",
            "reported_on",
            "created_at",
            "status",
            "actual_start",
            "actual_end",
            "percent_done",
            "spent_institution",
            "spent_group",
            "spent_other",
        )
        by_key = states.activity_states(activities, entries, s.today) if activities else {}
        return [(activity, by_key[activity.key]) for activity in activities]

    return snapshot.load("activities", load)


def _activity_url(activity):
    agreement_pk = activity.revision.plan.agreement_id
    return reverse("monitoring:activity", kwargs={"pk": agreement_pk, "key": activity.key})


def _activity_deviation(activity, kind, title, detail="", since=None):
    return Deviation(
        agreement_id=activity.revision.plan.agreement_id,
        kind=kind,
        key=f"{kind}:{activity.key}",
        party=activity.responsible_party,
        title=title,
        detail=detail,
        since=since,
        url=_activity_url(activity),
    )


def activity_overdue(snapshot):
    """Not done nor cancelled after its due date; due today is not yet overdue."""
    for activity, state in _activities(snapshot):
        if state.is_late:
            yield _activity_deviation(
                activity,
                "activity_overdue",
                _("Overdue: %(activity)s") % {"activity": activity.title},
                _("due %(date)s, %(status)s")
                % {"date": date_format(activity.due_date), "status": state.label.lower()},
                since=activity.due_date + DAY,
            )


def activity_started_late(snapshot):
    """Started after its planned start, or not started once the planned start has passed.

    Only while the activity runs: an overdue one is listed as overdue only, and once
    it is done or cancelled its late start is history, not something to correct.
    """
    for activity, state in _activities(snapshot):
        if state.is_started_late and not state.is_late and state.status not in states.FINISHED:
            started = state.actual_start
            detail = (
                _("planned %(planned)s, started %(actual)s")
                % {"planned": date_format(activity.start_date), "actual": date_format(started)}
                if started
                else _("planned to start %(planned)s, not started")
                % {"planned": date_format(activity.start_date)}
            )
            yield _activity_deviation(
                activity,
                "activity_started_late",
                _("Started late: %(activity)s") % {"activity": activity.title},
                detail,
                since=activity.start_date + DAY,
            )


def spending_over_plan(snapshot):
    """The latest entry's spending above the activity's budget; with no budget, any spending is."""
    for activity, state in _activities(snapshot):
        latest = state.latest
        if latest is None or latest.spent_total <= activity.budget_total:
            continue
        sources = [
            (_("institution"), latest.spent_institution, activity.budget_institution),
            (_("swadaya"), latest.spent_group, activity.budget_group),
            (_("other"), latest.spent_other, activity.budget_other),
        ]
        over = [
            _("%(source)s %(spent)s of %(planned)s")
            % {"source": name, "spent": rupiah(spent), "planned": rupiah(planned)}
            for name, spent, planned in sources
            if spent > planned
        ]
        yield _activity_deviation(
            activity,
            "spending_over_plan",
            _("Spending over plan: %(activity)s") % {"activity": activity.title},
            _("%(spent)s spent of %(planned)s planned (%(sources)s)")
            % {
                "spent": rupiah(latest.spent_total),
                "planned": rupiah(activity.budget_total),
                "sources": "; ".join(over),
            },
            since=latest.reported_on,
        )


def indicator_behind(snapshot):
    """More than the agreement's tolerance below the straight line from baseline to target."""

    def load(s):
        found = list(
            Indicator.objects.filter(**_in_force(s))
            .select_related("revision__plan", "activity")
            .annotate(plan_in_force_since=Min("revision__plan__revisions__in_force_since"))
        )
        values = IndicatorValue.objects.filter(
            agreement__in=list(s.agreements), indicator_key__in=[i.key for i in found]
        ).only("agreement_id", "indicator_key", "measured_on", "value", "created_at")
        by_key = {}
        for value in values:
            by_key.setdefault((value.agreement_id, value.indicator_key), []).append(value)
        return [(i, by_key.get((i.revision.plan.agreement_id, i.key), [])) for i in found]

    for indicator, values in snapshot.load("indicators", load):
        agreement = snapshot.agreements[indicator.revision.plan.agreement_id]
        state = indicators.indicator_state(
            indicator,
            values,
            line_start(agreement, indicator),
            snapshot.today,
            tolerance=agreement.indicator_tolerance,
        )
        if not state.is_behind:
            continue
        yield Deviation(
            agreement_id=agreement.pk,
            kind="indicator_behind",
            key=f"indicator_behind:{indicator.key}",
            party=indicator.activity.responsible_party if indicator.activity else Responsibility.BOTH,
            title=_("Behind: %(indicator)s") % {"indicator": indicator.name},
            detail=_("%(achieved)s of the way achieved, %(expected)s expected by today")
            % {"achieved": state.percent_label, "expected": f"{state.expected_percent:.0f}%"},
            since=state.latest.measured_on,
            url=reverse("monitoring:indicator", kwargs={"pk": agreement.pk, "indicator_key": indicator.key}),
        )


def action_overdue(snapshot):
    """A corrective action still open after its due date; due today is not yet overdue."""
    for action in corrective_actions(snapshot):
        if action.is_overdue(snapshot.today):
            yield Deviation(
                agreement_id=action.agreement_id,
                kind="action_overdue",
                key=f"action_overdue:{action.pk}",
                party=action.owner_party,
                title=_("Corrective action overdue: %(action)s") % {"action": action.title},
                detail=_("due %(date)s, %(person)s")
                % {"date": date_format(action.due_date), "person": action.owner_name},
                since=action.due_date + DAY,
                url=reverse("monitoring:action", kwargs={"pk": action.agreement_id, "action_pk": action.pk}),
            )


def reported(snapshot):
    """What either party reported by hand and has not withdrawn."""

    def load(s):
        return list(
            ReportedDeviation.objects.filter(agreement__in=list(s.agreements), withdrawn_at__isnull=True)
        )

    for found in snapshot.load("reported", load):
        yield Deviation(
            agreement_id=found.agreement_id,
            kind="reported",
            key=found.deviation_key,
            party=found.concerns_party,
            title=found.title,
            detail=found.description,
            since=found.observed_on,
            url=reverse("monitoring:report", kwargs={"pk": found.agreement_id, "reported_pk": found.pk}),
            reported=found,
        )


RULES = [
    Rule("activity_overdue", gettext_lazy("Activity overdue"), activity_overdue),
    Rule("activity_started_late", gettext_lazy("Activity started late"), activity_started_late),
    Rule("indicator_behind", gettext_lazy("Indicator behind"), indicator_behind),
    Rule("spending_over_plan", gettext_lazy("Spending over plan"), spending_over_plan),
    Rule("action_overdue", gettext_lazy("Corrective action overdue"), action_overdue),
    Rule("reported", gettext_lazy("Reported by a party"), reported),
    Rule("assessment", gettext_lazy("Low score or gap in the mutual assessment"), assessment_findings),
]
