"""The data migration fills the journal from the rows written before the services kept it."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from monitoring import services as monitoring
from pendampingan.models import JournalEvent
from records import journal
from records import services as records
from tests.conftest import approve, group_actor, institution_actor
from tests.monitoring.conftest import activity, indicator, record, record_value  # noqa: F401
from tests.records.conftest import new_meeting, take_attendance, write_minutes

pytestmark = pytest.mark.django_db

migration = importlib.import_module("evaluation.migrations.0002_journal_from_existing_records")


@pytest.fixture
def story(
    cycle,
    activity,  # noqa: F811
    indicator,  # noqa: F811
    fiona_actor,
    chair_actor,
    alice,
    group_a,
    chair,
):
    """Something of every kind the journal tells, written through the services."""
    agreement = cycle.agreement
    record(chair_actor, activity, what_was_done="Bibit disemai.")
    record_value(fiona_actor, indicator, value="12.5")
    report = monitoring.deviation_report(
        actor=chair_actor,
        agreement=agreement,
        title="Pendamping tidak hadir",
        concerns_party="institution",
        observed_on=timezone.localdate(),
    )
    monitoring.deviation_report_withdraw(actor=chair_actor, report=report)
    action = monitoring.corrective_action_create(
        actor=fiona_actor,
        agreement=agreement,
        title="Menyusun buku kas",
        owner_party="group",
        owner_name="Sumarni",
        due_date=timezone.localdate(),
    )
    monitoring.corrective_action_step(
        actor=chair_actor, action=action, kind="done", read_version=action.lock_version
    )
    round_ = monitoring.assessment_open(actor=chair_actor, agreement=agreement)
    monitoring.scorecard_save(
        actor=fiona_actor, round=round_, scores={c.pk: (4, "") for c in round_.criteria.all()}, submit=True
    )
    meeting = take_attendance(fiona_actor, new_meeting(chair_actor, agreement))
    minutes = write_minutes(fiona_actor, meeting)
    approve(minutes, institution_actor(alice))
    approve(minutes, group_actor(group_a, chair))
    cancelled = new_meeting(chair_actor, agreement, held_on=timezone.localdate())
    records.meeting_cancel(
        actor=chair_actor, meeting=cancelled, read_version=cancelled.lock_version, reason="Hujan."
    )
    written = records.record_create(
        actor=fiona_actor,
        agreement=agreement,
        activity=activity,
        done_on=timezone.localdate(),
        title="Pelatihan kompos",
        what_was_done="Praktik.",
        results="Dua bak.",
    )
    records.feedback_add(actor=chair_actor, record=written, text="Terima kasih.")
    approve(cycle, institution_actor(alice))
    approve(cycle, group_actor(group_a, chair))
    return agreement


def told(agreement, kinds=None):
    """What the journal page tells of the agreement's events (of ``kinds``), everything but their
    exact time."""
    events = journal.events(agreement)
    if kinds is not None:
        events = events.filter(kind__in=kinds)
    entries = [journal.entry(event) for event in events]
    return sorted((e.kind, e.title, e.url, e.party, e.who, e.detail) for e in entries)


def test_the_journal_filled_from_the_rows_reads_as_the_one_the_services_wrote(story):
    written = {kind: told(story, [kind]) for kind in set(JournalEvent.objects.values_list("kind", flat=True))}
    assert {entry[0] for entries in written.values() for entry in entries} == {
        group for group, _label in journal.kinds()
    }
    JournalEvent.objects.all().delete()
    assert told(story) == []
    migration.fill(apps, None)
    # What the rows cannot tell (a round opened, a change after writing) stays the services' alone.
    filled = set(JournalEvent.objects.values_list("kind", flat=True))
    assert {"monitoring.progress_recorded", "records.minutes_confirmed", "evaluation.started"} <= filled
    assert told(story) == sorted(entry for kind in filled for entry in written.get(kind, []))


def test_filled_events_keep_who_acted_and_when(story, chair):
    progress = story.progress.get()
    JournalEvent.objects.all().delete()
    migration.fill(apps, None)
    event = JournalEvent.objects.get(kind="monitoring.progress_recorded")
    assert (event.occurred_at, event.user, event.officer, event.officer_name, event.party) == (
        progress.created_at,
        chair.group.account,
        chair,
        "Sumarni",
        "group",
    )
    minutes_pk = story.minutes.get().pk
    pair = JournalEvent.objects.filter(object_id=minutes_pk, kind__startswith="records.minutes_")
    assert sorted(pair.values_list("kind", "party")) == [
        ("records.minutes_approved", "group"),
        ("records.minutes_approved", "institution"),
        ("records.minutes_confirmed", ""),
        ("records.minutes_written", "institution"),
    ]


def test_it_fills_nothing_twice_and_its_reverse_empties_the_journal(story):
    count = JournalEvent.objects.count()
    migration.fill(apps, None)
    assert JournalEvent.objects.count() == count
    migration.empty(apps, None)
    assert not JournalEvent.objects.exists()
