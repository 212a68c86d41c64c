"""The journal: one timeline per agreement of everything that happened, both parties' doing side by side.

Each ``Source`` reads one kind of event for one agreement, newest first, at most
``limit`` of them, in one query (two where it must name what it links to). The
journal merges the sources' answers, so a page costs the same few queries
whatever the agreement holds. A higher pillar (evaluation) adds its events by
registering a source on ``sources`` from its ``AppConfig.ready()``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring.models import (
    ActivityProgress,
    CorrectiveAction,
    CorrectiveActionStep,
    IndicatorValue,
    ReportedDeviation,
    Scorecard,
)
from pendampingan.formatting import person_name
from pendampingan.models import AgreementAmendment, Approval, officer_label
from pendampingan.registry import Hook
from plans.models import Activity, Indicator, PlanRevision
from records.models import ActivityRecord, Feedback, Meeting, MinutesRevision

PER_PAGE = 25
# Beyond this page the journal is searched by kind and party instead: each page reads this many rows.
MAX_PAGE = 200


@dataclass
class Entry:
    when: datetime.datetime
    kind: str
    title: str
    url: str
    # The party that did it, or "" for what both parties did together (a meeting, confirmed minutes).
    party: str = ""
    who: str = ""
    detail: str = ""


@dataclass
class Query:
    agreement: object
    party: str
    limit: int


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    read: Callable[[Query], list]
    # Whether it has events of a single party (False: joint events, left out when a party is chosen).
    by_party: bool = True


sources = Hook("journal sources")


def kinds():
    """``(kind, label)`` of the registered sources, each kind once, in order."""
    return list({s.kind: s.label for s in reversed(sources.registered)}.items())[::-1]


def page(agreement, *, number=1, kind="", party=""):
    """Entries ``number`` (from 1) of the agreement's journal, newest first, and whether more follow."""
    number = max(1, min(number, MAX_PAGE))
    query = Query(agreement=agreement, party=party, limit=number * PER_PAGE + 1)
    entries = []
    for source in sources.registered:
        if (kind and source.kind != kind) or (party and not source.by_party):
            continue
        entries += source.read(query)
    entries.sort(key=lambda e: e.when, reverse=True)
    shown = entries[(number - 1) * PER_PAGE : number * PER_PAGE]
    return shown, len(entries) > number * PER_PAGE


def _author(record):
    """ "Siti Aminah (Ketua)" on a group's login, else the user's name."""
    if record.created_by_officer_name:
        return officer_label(record.created_by_officer_name, record.created_by_officer_position)
    return person_name(record.created_by)


def _authored(queryset, query, order="-created_at"):
    queryset = queryset.filter(agreement=query.agreement).select_related("created_by")
    if query.party:
        queryset = queryset.filter(author_party=query.party)
    return list(queryset.order_by(order, "-pk")[: query.limit])


def _number(value):
    """37.5 as "37,5" and 70 as "70", as the reader writes numbers."""
    return number_format(Decimal(f"{value.normalize():f}"))


def _short(text):
    return Truncator(text).chars(140)


def _activity_titles(query):
    """Titles of every activity the agreement's plans ever held, by key: one query."""
    return dict(
        Activity.objects.filter(revision__plan__agreement=query.agreement)
        .order_by("revision__plan__cycle", "revision__number")
        .values_list("key", "title")
    )


def _day(day, time=None):
    return timezone.make_aware(datetime.datetime.combine(day, time or datetime.time(12)))


# Records


def meetings(query):
    found = (
        query.agreement.meetings.exclude(status=Meeting.Status.PLANNED)
        .filter(held_on__lte=timezone.localdate())
        .order_by("-held_on", "-pk")[: query.limit]
    )
    entries = []
    for meeting in found:
        url = reverse("records:meeting", kwargs={"pk": meeting.agreement_id, "meeting_pk": meeting.pk})
        if meeting.is_cancelled:
            title = _("Meeting cancelled: %(title)s") % {"title": meeting.title}
            detail = _short(meeting.cancel_reason)
        else:
            title = _("Meeting held: %(title)s") % {"title": meeting.title}
            detail = meeting.place
        entries.append(Entry(_day(meeting.held_on, meeting.start_time), "meeting", title, url, detail=detail))
    return entries


def minutes(query):
    found = (
        MinutesRevision.objects.filter(minutes__agreement=query.agreement)
        .select_related("minutes__meeting")
        .order_by("-confirmed_at", "-pk")[: query.limit]
    )
    return [
        Entry(
            revision.confirmed_at,
            "minutes",
            _("Minutes of %(date)s confirmed by both parties, version %(version)s")
            % {"date": date_format(revision.minutes.meeting.held_on), "version": revision.version},
            reverse(
                "records:meeting",
                kwargs={"pk": query.agreement.pk, "meeting_pk": revision.minutes.meeting_id},
            ),
        )
        for revision in found
    ]


def activity_records(query):
    return [
        Entry(
            record.created_at,
            "record",
            _("Activity record: %(title)s") % {"title": record.title},
            reverse("records:record", kwargs={"pk": record.agreement_id, "record_pk": record.pk}),
            party=record.author_party,
            who=_author(record),
            detail=_short(record.results),
        )
        for record in _authored(ActivityRecord.objects.all(), query)
    ]


def feedback(query):
    found = Feedback.objects.filter(record__agreement=query.agreement).select_related("created_by", "record")
    if query.party:
        found = found.filter(author_party=query.party)
    return [
        Entry(
            message.created_at,
            "feedback",
            _("Feedback on “%(title)s”") % {"title": message.record.title},
            reverse(
                "records:record", kwargs={"pk": message.record.agreement_id, "record_pk": message.record_id}
            ),
            party=message.author_party,
            who=_author(message),
            detail=_short(message.text),
        )
        for message in found.order_by("-created_at", "-pk")[: query.limit]
    ]


# Monitoring


def progress(query):
    found = _authored(ActivityProgress.objects.all(), query)
    titles = _activity_titles(query)
    return [
        Entry(
            entry.created_at,
            "progress",
            _("Progress of %(activity)s: %(status)s, %(percent)s%%")
            % {
                "activity": titles.get(entry.activity_key, "?"),
                "status": entry.get_status_display().lower(),
                "percent": entry.percent_done,
            },
            reverse("monitoring:activity", kwargs={"pk": entry.agreement_id, "key": entry.activity_key}),
            party=entry.author_party,
            who=_author(entry),
            detail=_short(entry.what_was_done),
        )
        for entry in found
    ]


def indicator_values(query):
    found = _authored(IndicatorValue.objects.all(), query)
    titles = dict(
        Indicator.objects.filter(revision__plan__agreement=query.agreement)
        .order_by("revision__plan__cycle", "revision__number")
        .values_list("key", "name")
    )
    return [
        Entry(
            value.created_at,
            "indicator",
            _("Measured %(indicator)s: %(value)s")
            % {"indicator": titles.get(value.indicator_key, "?"), "value": _number(value.value)},
            reverse(
                "monitoring:indicator",
                kwargs={"pk": value.agreement_id, "indicator_key": value.indicator_key},
            ),
            party=value.author_party,
            who=_author(value),
            detail=_short(value.note),
        )
        for value in found
    ]


def reported_deviations(query):
    return [
        Entry(
            report.created_at,
            "deviation",
            _("Deviation reported: %(title)s") % {"title": report.title},
            reverse("monitoring:report", kwargs={"pk": report.agreement_id, "reported_pk": report.pk}),
            party=report.author_party,
            who=_author(report),
            detail=report.get_concerns_party_display(),
        )
        for report in _authored(ReportedDeviation.objects.all(), query)
    ]


def corrective_actions(query):
    return [
        Entry(
            action.created_at,
            "action",
            _("Corrective action opened: %(title)s") % {"title": action.title},
            reverse("monitoring:action", kwargs={"pk": action.agreement_id, "action_pk": action.pk}),
            party=action.author_party,
            who=_author(action),
            detail=_("%(person)s, due %(date)s")
            % {"person": action.owner_name, "date": date_format(action.due_date)},
        )
        for action in _authored(CorrectiveAction.objects.all(), query)
    ]


def action_steps(query):
    found = CorrectiveActionStep.objects.filter(action__agreement=query.agreement).select_related(
        "created_by", "action"
    )
    if query.party:
        found = found.filter(author_party=query.party)
    return [
        Entry(
            step.created_at,
            "action",
            f"{step.get_kind_display()}: {step.action.title}",
            reverse("monitoring:action", kwargs={"pk": query.agreement.pk, "action_pk": step.action_id}),
            party=step.author_party,
            who=_author(step),
            detail=_short(step.note),
        )
        for step in found.order_by("-created_at", "-pk")[: query.limit]
    ]


def scorecards(query):
    found = Scorecard.objects.filter(
        round__agreement=query.agreement, submitted_at__isnull=False
    ).select_related("round")
    if query.party:
        found = found.filter(party=query.party)
    return [
        Entry(
            card.submitted_at,
            "assessment",
            _("Score card of round %(number)s submitted") % {"number": card.round.number},
            reverse("monitoring:round", kwargs={"pk": query.agreement.pk, "number": card.round.number}),
            party=card.party,
        )
        for card in found.order_by("-submitted_at", "-pk")[: query.limit]
    ]


# Approvals, of whatever both parties approve


def approvals_of(model, subjects):
    """A source of the approvals of ``model``'s objects; ``subjects(agreement)`` gives
    ``{pk: (label, url)}`` of the agreement's objects of that model, in at most one query."""

    def read(query):
        named = subjects(query.agreement)
        if not named:
            return []
        found = Approval.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=list(named)
        ).select_related("user")
        if query.party:
            found = found.filter(party=query.party)
        entries = []
        for approval in found.order_by("-approved_at", "-pk")[: query.limit]:
            label, url = named[approval.object_id]
            who = (
                officer_label(approval.officer_name, approval.officer_position)
                if approval.officer_name
                else person_name(approval.user)
            )
            entries.append(
                Entry(
                    approval.approved_at,
                    "approval",
                    _("Approved %(what)s, version %(version)s")
                    % {"what": label, "version": approval.version},
                    url,
                    party=approval.party,
                    who=who,
                )
            )
        return entries

    return read


def agreement_subjects(agreement):
    return {agreement.pk: (_("the agreement"), reverse("core:agreement_detail", kwargs={"pk": agreement.pk}))}


def amendment_subjects(agreement):
    return {
        pk: (
            _("amendment %(number)s") % {"number": number},
            reverse("core:amendment_detail", kwargs={"pk": agreement.pk, "number": number}),
        )
        for pk, number in AgreementAmendment.objects.filter(agreement=agreement).values_list("pk", "number")
    }


def revision_subjects(agreement):
    return {
        pk: (
            _("plan cycle %(cycle)s, revision %(number)s") % {"cycle": cycle, "number": number},
            reverse("plans:revision", kwargs={"pk": agreement.pk, "cycle": cycle, "number": number}),
        )
        for pk, cycle, number in PlanRevision.objects.filter(plan__agreement=agreement).values_list(
            "pk", "plan__cycle", "number"
        )
    }


def minutes_subjects(agreement):
    return {
        pk: (
            _("the minutes of %(date)s") % {"date": date_format(held_on)},
            reverse("records:meeting", kwargs={"pk": agreement.pk, "meeting_pk": meeting_pk}),
        )
        for pk, meeting_pk, held_on in agreement.minutes.values_list("pk", "meeting_id", "meeting__held_on")
    }


def _sources():
    from pendampingan.models import Agreement
    from records.models import Minutes

    approval = gettext_lazy("Approvals")
    return [
        Source("meeting", gettext_lazy("Meetings"), meetings, by_party=False),
        Source("minutes", gettext_lazy("Minutes"), minutes, by_party=False),
        Source("record", gettext_lazy("Activity records"), activity_records),
        Source("feedback", gettext_lazy("Feedback"), feedback),
        Source("progress", gettext_lazy("Progress"), progress),
        Source("indicator", gettext_lazy("Indicator values"), indicator_values),
        Source("deviation", gettext_lazy("Reported deviations"), reported_deviations),
        Source("action", gettext_lazy("Corrective actions"), corrective_actions),
        Source("action", gettext_lazy("Corrective actions"), action_steps),
        Source("assessment", gettext_lazy("Mutual assessment"), scorecards),
        Source("approval", approval, approvals_of(Agreement, agreement_subjects)),
        Source("approval", approval, approvals_of(AgreementAmendment, amendment_subjects)),
        Source("approval", approval, approvals_of(PlanRevision, revision_subjects)),
        Source("approval", approval, approvals_of(Minutes, minutes_subjects)),
    ]


SOURCES = _sources()
