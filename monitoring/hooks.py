"""What monitoring adds to the core and to plans: recorded states, late work on the dashboards."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from monitoring import assessments, deviations, health, states
from monitoring.deviations import DeviationStatus
from monitoring.models import ActivityProgress, CorrectiveAction
from pendampingan.access import Role
from pendampingan.models import Party
from pendampingan.registry import AgreementSection, MenuLink, WaitingItem
from plans.models import Activity, Plan, PlanRevision, Responsibility


def late_activities_waiting(actor, agreements):
    """Late activities of the plans in force of the actor's open agreements, for both parties.

    Two queries whatever the number of agreements: activities past their due
    date, then the entries recorded for them.
    """
    by_pk = {a.pk: a for a in agreements if a.is_open}
    if actor.party is None or not by_pk:
        return []
    today = timezone.localdate()
    overdue = list(
        Activity.objects.filter(
            revision__plan__agreement__in=list(by_pk),
            revision__status=PlanRevision.Status.IN_FORCE,
            revision__plan__status=Plan.Status.IN_FORCE,
            due_date__lt=today,
        )
        .select_related("revision__plan")
        .order_by("due_date", "title")
    )
    if not overdue:
        return []
    entries = ActivityProgress.objects.filter(
        agreement__in=list(by_pk), activity_key__in=[a.key for a in overdue]
    ).only("activity_key", "reported_on", "created_at", "status", "actual_start", "actual_end")
    found = states.activity_states(overdue, entries, today)
    items = []
    for activity in overdue:
        state = found[activity.key]
        if not state.is_late:
            continue
        agreement_pk = activity.revision.plan.agreement_id
        items.append(
            WaitingItem(
                agreement=by_pk[agreement_pk],
                title=state.late_detail,
                detail=_("responsible: %(party)s") % {"party": activity.get_responsible_party_display()},
                url=reverse("monitoring:activity", kwargs={"pk": agreement_pk, "key": activity.key}),
            )
        )
    return items


def progress_section(actor, agreement_access):
    """The agreement page's progress section: how many activities are done and late, two queries."""
    agreement = agreement_access.agreement
    activities = list(Activity.objects.in_force(agreement))
    entries = ActivityProgress.objects.filter(
        agreement=agreement, activity_key__in=[a.key for a in activities]
    )
    found = states.activity_states(activities, entries, timezone.localdate()).values() if activities else []
    return AgreementSection(
        title=_("Progress"),
        template="monitoring/_agreement_section.html",
        context={
            "agreement": agreement,
            "activities": len(activities),
            "done": sum(1 for s in found if s.is_done),
            "late": sum(1 for s in found if s.is_late),
        },
    )


def portfolio_link(actor):
    """The institution's staff see the health of every agreement they may see."""
    if actor.party != Party.INSTITUTION and actor.role != Role.ADMIN:
        return []
    return [MenuLink(label=_("Portfolio"), url=reverse("monitoring:portfolio"))]


def health_section(actor, agreement_access):
    """The agreement page's health line, with its reasons: the queries ``deviations.find`` makes."""
    agreement = agreement_access.agreement
    found = health.health_of([agreement], timezone.localdate())[agreement.pk]
    if found.level in {health.Health.NOT_RUNNING, health.Health.ENDED}:
        return None
    return AgreementSection(
        title=_("Health"),
        template="monitoring/_health_section.html",
        context={"agreement": agreement, "health": found},
    )


SOON = datetime.timedelta(days=7)
# Kinds the dashboard already lists one by one (late activities, overdue actions).
LISTED_APART = {"activity_overdue", "action_overdue"}


def owed_waiting(actor, agreements):
    """What the actor's party owes in monitoring: actions to confirm, its actions due within a week
    or overdue, and deviations concerning it that nobody has taken a corrective action for yet.

    The queries of ``deviations.find`` for all the agreements together, whatever their number.
    """
    by_pk = {a.pk: a for a in agreements if a.is_open and a.is_agreed}
    party = actor.party
    if party is None or not by_pk:
        return []
    today = timezone.localdate()
    snapshot = deviations.Snapshot(by_pk.values(), today)
    found = deviations.find_in(snapshot)
    items = []
    for action in deviations.corrective_actions(snapshot):
        url = reverse("monitoring:action", kwargs={"pk": action.agreement_id, "action_pk": action.pk})
        agreement = by_pk[action.agreement_id]
        if action.status == CorrectiveAction.Status.DONE and action.confirming_party == party:
            title = _("To confirm: %(action)s") % {"action": action.title}
            detail = _("marked done by %(party)s") % {"party": action.get_owner_party_display().lower()}
            items.append(WaitingItem(agreement=agreement, title=title, detail=detail, url=url))
        elif (
            action.status == CorrectiveAction.Status.OPEN
            and action.owner_party == party
            and action.due_date <= today + SOON
        ):
            label = _("Overdue: %(action)s") if action.is_overdue(today) else _("Due: %(action)s")
            detail = _("due %(date)s, %(person)s") % {
                "date": date_format(action.due_date),
                "person": action.owner_name,
            }
            items.append(
                WaitingItem(
                    agreement=agreement, title=label % {"action": action.title}, detail=detail, url=url
                )
            )
    rounds = {}
    for round_ in assessments.rounds_of(snapshot):
        rounds.setdefault(round_.agreement_id, []).append(round_)
    for pk, agreement in by_pk.items():
        items += _assessment_owed(agreement, rounds.get(pk, []), party, today)
    for pk, listed in found.items():
        unanswered = [
            d
            for d in listed
            if d.kind not in LISTED_APART
            and d.status == DeviationStatus.OPEN
            and d.party in {party, Responsibility.BOTH}
        ]
        if unanswered:
            url = reverse("monitoring:deviations", kwargs={"pk": pk}) + "?status=open"
            title = ngettext(
                "%(count)s deviation concerning you has no corrective action yet",
                "%(count)s deviations concerning you have no corrective action yet",
                len(unanswered),
            ) % {"count": len(unanswered)}
            detail = "; ".join(d.title for d in unanswered[:3])
            items.append(WaitingItem(agreement=by_pk[pk], title=title, detail=detail, url=url))
    return items


def _assessment_owed(agreement, rounds, party, today):
    url = reverse("monitoring:assessments", kwargs={"pk": agreement.pk})
    still_open = assessments.open_round(rounds)
    if still_open is not None:
        if party in still_open.submitted_parties:
            return []
        title = _("Score card to submit: round %(number)s") % {"number": still_open.number}
        detail = _("due %(date)s") % {"date": date_format(still_open.due_date)}
        url = reverse("monitoring:round", kwargs={"pk": agreement.pk, "number": still_open.number})
        return [WaitingItem(agreement=agreement, title=title, detail=detail, url=url)]
    due = assessments.next_due(agreement, rounds)
    if due <= today:
        detail = _("due since %(date)s") % {"date": date_format(due)}
        return [WaitingItem(agreement=agreement, title=_("Mutual assessment due"), detail=detail, url=url)]
    return []
