"""Fill the journal's table from the records written before the services kept it.

It lives in the evaluation app, the one app allowed to read every other app's
tables. Each event is built from the row that tells of it, as the journal page
used to read it: who wrote it, when and as which officer. Edits made before
the journal existed are not in any row, so they are not told.
"""

import datetime
from collections import defaultdict

from django.db import migrations
from django.utils import timezone
from django.utils.text import Truncator

BATCH = 1000
SHORT = 140


def short(text):
    return Truncator(text or "").chars(SHORT)


def by_author(row, party=None):
    """Who wrote ``row`` (an Authored row), as an event's fields."""
    return {
        "user_id": row.created_by_id,
        "officer_id": row.created_by_officer_id,
        "officer_name": row.created_by_officer_name,
        "officer_position": row.created_by_officer_position,
        "party": row.author_party if party is None else party,
    }


def by_editor(row, party=None):
    """Who last saved ``row``, or its author when nobody changed it since."""
    if row.updated_by_id is None:
        return by_author(row, party)
    return {
        "user_id": row.updated_by_id,
        "officer_id": row.updated_by_officer_id,
        "officer_name": row.updated_by_officer_name,
        "officer_position": row.updated_by_officer_position,
        "party": row.author_party if party is None else party,
    }


class Events:
    def __init__(self, apps):
        self.apps = apps
        self.model = apps.get_model("pendampingan", "JournalEvent")
        self.content_types = apps.get_model("contenttypes", "ContentType").objects
        self.types = {}
        self.pending = []
        self.count = 0

    def type_of(self, label):
        if label not in self.types:
            app_label, model = label.split(".")
            self.types[label] = self.content_types.get_or_create(app_label=app_label, model=model)[0].pk
        return self.types[label]

    def add(self, label, object_id, *, agreement_id, kind, occurred_at, summary, **who):
        self.pending.append(
            self.model(
                agreement_id=agreement_id,
                kind=kind,
                occurred_at=occurred_at,
                content_type_id=self.type_of(label),
                object_id=object_id,
                summary=summary,
                **who,
            )
        )
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self):
        self.model.objects.bulk_create(self.pending, batch_size=BATCH)
        self.count += len(self.pending)
        self.pending = []


def core(events, apps):
    Agreement = apps.get_model("pendampingan", "Agreement")
    for a in Agreement.objects.iterator(chunk_size=BATCH):
        events.add(
            "pendampingan.agreement", a.pk, agreement_id=a.pk, kind="agreement.created",
            occurred_at=a.created_at, summary={"title": a.title}, **by_author(a),
        )
    Amendment = apps.get_model("pendampingan", "AgreementAmendment")
    for a in Amendment.objects.iterator(chunk_size=BATCH):
        events.add(
            "pendampingan.agreementamendment", a.pk, agreement_id=a.agreement_id,
            kind="agreement.amendment_proposed", occurred_at=a.created_at,
            summary={"number": a.number, "reason": short(a.reason)}, **by_author(a),
        )


def approvals(events, apps):
    """Each party's approval, and the pair's completion when both approved a version."""
    subjects = {
        "pendampingan.agreement": (
            ("agreement.approved", "agreement.agreed"),
            {pk: (pk, {}) for pk in apps.get_model("pendampingan", "Agreement").objects.values_list("pk", flat=True)},
        ),
        "pendampingan.agreementamendment": (
            ("agreement.amendment_approved", "agreement.amendment_adopted"),
            {
                pk: (agreement_id, {"number": number})
                for pk, agreement_id, number in apps.get_model("pendampingan", "AgreementAmendment")
                .objects.values_list("pk", "agreement_id", "number")
            },
        ),
        "plans.planrevision": (
            ("plan.revision_approved", "plan.revision_in_force"),
            {
                pk: (agreement_id, {"cycle": cycle, "number": number})
                for pk, agreement_id, cycle, number in apps.get_model("plans", "PlanRevision")
                .objects.values_list("pk", "plan__agreement_id", "plan__cycle", "number")
            },
        ),
        "records.minutes": (
            ("records.minutes_approved", "records.minutes_confirmed"),
            {
                pk: (agreement_id, {"meeting": meeting_id, "held_on": held_on.isoformat()})
                for pk, agreement_id, meeting_id, held_on in apps.get_model("records", "Minutes")
                .objects.values_list("pk", "agreement_id", "meeting_id", "meeting__held_on")
            },
        ),
        "evaluation.evaluation": (
            ("evaluation.approved", "evaluation.final"),
            {
                pk: (agreement_id, {"title": title})
                for pk, agreement_id, title in apps.get_model("evaluation", "Evaluation")
                .objects.values_list("pk", "agreement_id", "title")
            },
        ),
    }
    Approval = apps.get_model("pendampingan", "Approval")
    for label, ((approved, agreed), named) in subjects.items():
        pairs = defaultdict(list)
        found = Approval.objects.filter(content_type_id=events.type_of(label)).order_by("approved_at", "pk")
        for approval in found.iterator(chunk_size=BATCH):
            if approval.object_id not in named:
                continue
            agreement_id, summary = named[approval.object_id]
            who = {
                "user_id": approval.user_id,
                "officer_id": approval.officer_id,
                "officer_name": approval.officer_name,
                "officer_position": approval.officer_position,
            }
            summary = {**summary, "version": approval.version}
            events.add(
                label, approval.object_id, agreement_id=agreement_id, kind=approved,
                occurred_at=approval.approved_at, summary=summary, party=approval.party, **who,
            )
            pair = pairs[approval.object_id, approval.version]
            pair.append(approval.party)
            if len(set(pair)) == 2 and len(pair) == 2:
                events.add(
                    label, approval.object_id, agreement_id=agreement_id, kind=agreed,
                    occurred_at=approval.approved_at, summary=summary, party="", **who,
                )


def plans(events, apps):
    Revision = apps.get_model("plans", "PlanRevision")
    for r in Revision.objects.select_related("plan").iterator(chunk_size=BATCH):
        kind = "plan.created" if r.number == 1 else "plan.revision_started"
        summary = {"cycle": r.plan.cycle, "number": r.number}
        if r.number > 1:
            summary["note"] = short(r.note)
        events.add(
            "plans.planrevision", r.pk, agreement_id=r.plan.agreement_id, kind=kind,
            occurred_at=r.created_at, summary=summary, **by_author(r),
        )


def _titles(apps, model, name):
    """``{(agreement id, key): name}`` of every plan item ever held, the latest revision's last."""
    found = (
        apps.get_model("plans", model)
        .objects.order_by("revision__plan__cycle", "revision__number")
        .values_list("revision__plan__agreement_id", "key", name)
    )
    return {(agreement_id, key): title for agreement_id, key, title in found.iterator(chunk_size=BATCH)}


def monitoring(events, apps):
    get = apps.get_model
    activities = _titles(apps, "Activity", "title")
    for p in get("monitoring", "ActivityProgress").objects.iterator(chunk_size=BATCH):
        events.add(
            "monitoring.activityprogress", p.pk, agreement_id=p.agreement_id,
            kind="monitoring.progress_recorded", occurred_at=p.created_at,
            summary={
                "activity": activities.get((p.agreement_id, p.activity_key), "?"),
                "activity_key": str(p.activity_key),
                "status": p.status,
                "percent": p.percent_done,
                "what_was_done": short(p.what_was_done),
            },
            **by_author(p),
        )
    indicators = _titles(apps, "Indicator", "name")
    for v in get("monitoring", "IndicatorValue").objects.iterator(chunk_size=BATCH):
        events.add(
            "monitoring.indicatorvalue", v.pk, agreement_id=v.agreement_id,
            kind="monitoring.indicator_measured", occurred_at=v.created_at,
            summary={
                "indicator": indicators.get((v.agreement_id, v.indicator_key), "?"),
                "indicator_key": str(v.indicator_key),
                "value": str(v.value),
                "note": short(v.note),
            },
            **by_author(v),
        )
    for d in get("monitoring", "ReportedDeviation").objects.iterator(chunk_size=BATCH):
        summary = {"title": d.title, "concerns_party": d.concerns_party}
        events.add(
            "monitoring.reporteddeviation", d.pk, agreement_id=d.agreement_id,
            kind="monitoring.deviation_reported", occurred_at=d.created_at, summary=summary, **by_author(d),
        )
        if d.withdrawn_at is not None:
            events.add(
                "monitoring.reporteddeviation", d.pk, agreement_id=d.agreement_id,
                kind="monitoring.deviation_withdrawn", occurred_at=d.withdrawn_at,
                summary={"title": d.title}, **by_editor(d),
            )
    for a in get("monitoring", "CorrectiveAction").objects.iterator(chunk_size=BATCH):
        events.add(
            "monitoring.correctiveaction", a.pk, agreement_id=a.agreement_id,
            kind="monitoring.action_opened", occurred_at=a.created_at,
            summary={
                "title": a.title,
                "owner_party": a.owner_party,
                "owner_name": a.owner_name,
                "due_date": a.due_date.isoformat(),
            },
            **by_author(a),
        )
    steps = get("monitoring", "CorrectiveActionStep").objects.select_related("action")
    for s in steps.iterator(chunk_size=BATCH):
        events.add(
            "monitoring.correctiveactionstep", s.pk, agreement_id=s.action.agreement_id,
            kind=f"monitoring.action_{s.kind}", occurred_at=s.created_at,
            summary={"action": s.action_id, "title": s.action.title, "step": s.kind, "note": short(s.note)},
            **by_author(s),
        )
    cards = get("monitoring", "Scorecard").objects.filter(submitted_at__isnull=False).select_related("round")
    for c in cards.iterator(chunk_size=BATCH):
        events.add(
            "monitoring.scorecard", c.pk, agreement_id=c.round.agreement_id,
            kind="monitoring.scorecard_submitted", occurred_at=c.submitted_at,
            summary={"round": c.round.number}, **by_editor(c, party=c.party),
        )


def _meeting(m):
    return {"title": m.title, "held_on": m.held_on.isoformat(), "place": m.place}


def records(events, apps):
    get = apps.get_model
    for m in get("records", "Meeting").objects.iterator(chunk_size=BATCH):
        if not m.scheduled:
            events.add(
                "records.meeting", m.pk, agreement_id=m.agreement_id, kind="records.meeting_called",
                occurred_at=m.created_at, summary=_meeting(m), **by_author(m),
            )
        if m.status == "held":
            at = m.attendance_recorded_at or timezone.make_aware(
                datetime.datetime.combine(m.held_on, m.start_time or datetime.time(12))
            )
            events.add(
                "records.meeting", m.pk, agreement_id=m.agreement_id, kind="records.meeting_held",
                occurred_at=at, summary={**_meeting(m), "start_time": m.start_time and m.start_time.isoformat()},
                **by_editor(m, party=""),
            )
        elif m.status == "cancelled":
            events.add(
                "records.meeting", m.pk, agreement_id=m.agreement_id, kind="records.meeting_cancelled",
                occurred_at=m.updated_at, summary={**_meeting(m), "reason": short(m.cancel_reason)},
                **by_editor(m, party=""),
            )
    for n in get("records", "Minutes").objects.select_related("meeting").iterator(chunk_size=BATCH):
        events.add(
            "records.minutes", n.pk, agreement_id=n.agreement_id, kind="records.minutes_written",
            occurred_at=n.created_at, summary={"meeting": n.meeting_id, "held_on": n.meeting.held_on.isoformat()},
            **by_author(n),
        )
    for r in get("records", "ActivityRecord").objects.iterator(chunk_size=BATCH):
        events.add(
            "records.activityrecord", r.pk, agreement_id=r.agreement_id, kind="records.record_written",
            occurred_at=r.created_at, summary={"title": r.title, "results": short(r.results)}, **by_author(r),
        )
    for f in get("records", "Feedback").objects.select_related("record").iterator(chunk_size=BATCH):
        events.add(
            "records.feedback", f.pk, agreement_id=f.record.agreement_id, kind="records.feedback_added",
            occurred_at=f.created_at,
            summary={"record": f.record_id, "title": f.record.title, "text": short(f.text)},
            **by_author(f),
        )


def evaluations(events, apps):
    for e in apps.get_model("evaluation", "Evaluation").objects.iterator(chunk_size=BATCH):
        events.add(
            "evaluation.evaluation", e.pk, agreement_id=e.agreement_id, kind="evaluation.started",
            occurred_at=e.created_at, summary={"title": e.title}, **by_author(e),
        )


def fill(apps, schema_editor):
    events = Events(apps)
    if events.model.objects.exists():
        return
    for source in (core, approvals, plans, monitoring, records, evaluations):
        source(events, apps)
    events.flush()


def empty(apps, schema_editor):
    apps.get_model("pendampingan", "JournalEvent").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("pendampingan", "0013_journal_events"),
        ("plans", "0004_indicator_weight"),
        ("monitoring", "0007_reported_deviation_our_commitment"),
        ("records", "0002_feedback_asks_only_when_ticked"),
        ("evaluation", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, empty)]
