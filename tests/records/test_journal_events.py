"""The records' services write one journal event per change, in the change's own transaction."""

import datetime

import pytest
from django.utils import timezone

from pendampingan.models import Refused
from records import services
from tests.conftest import approve
from tests.events import mark, the_event, written_since
from tests.records.conftest import new_meeting, take_attendance, write_minutes

pytestmark = pytest.mark.django_db


def test_a_meeting_called_held_corrected_and_cancelled_are_events(
    agreement_in_force, fiona_actor, gita_actor
):
    since = mark()
    meeting = new_meeting(gita_actor, agreement_in_force, place="Balai dusun")
    event = the_event(since, "records.meeting_called", actor=gita_actor, obj=meeting)
    assert event.summary == {
        "title": "Pertemuan rutin",
        "held_on": meeting.held_on.isoformat(),
        "place": "Balai dusun",
    }

    since = mark()
    take_attendance(fiona_actor, meeting)
    # Held is what both parties did; the event names who took the list.
    event = the_event(since, "records.meeting_held", actor=fiona_actor, obj=meeting, party="")
    assert event.summary["start_time"] == "14:00:00"

    since = mark()
    take_attendance(gita_actor, meeting, Sumarni="absent")
    the_event(since, "records.attendance_corrected", actor=gita_actor, obj=meeting)

    ahead = new_meeting(
        gita_actor, agreement_in_force, held_on=timezone.localdate() + datetime.timedelta(days=7)
    )
    since = mark()
    with pytest.raises(Refused):  # attendance is taken on the day or later
        take_attendance(fiona_actor, ahead)
    assert written_since(since) == []
    services.meeting_cancel(
        actor=gita_actor, meeting=ahead, read_version=ahead.lock_version, reason="Banjir."
    )
    event = the_event(since, "records.meeting_cancelled", actor=gita_actor, obj=ahead, party="")
    assert event.summary["reason"] == "Banjir."


def test_minutes_written_changed_and_confirmed_are_events(held, fiona_actor, gita_actor, alice_actor):
    since = mark()
    minutes = write_minutes(fiona_actor, held)
    event = the_event(since, "records.minutes_written", actor=fiona_actor, obj=minutes)
    assert event.summary == {"meeting": held.pk, "held_on": held.held_on.isoformat()}

    since = mark()
    approve(minutes, alice_actor)
    approve(minutes, gita_actor)
    kinds = [(e.kind, e.party, e.user) for e in written_since(since)]
    assert kinds == [
        ("records.minutes_approved", "institution", alice_actor.user),
        ("records.minutes_approved", "group", gita_actor.user),
        ("records.minutes_confirmed", "", gita_actor.user),
    ]

    since = mark()
    services.minutes_update(
        actor=gita_actor, minutes=minutes, read_version=minutes.lock_version, decisions="Iuran naik."
    )
    event = the_event(since, "records.minutes_changed", actor=gita_actor, obj=minutes)
    assert event.summary == {"meeting": held.pk, "version": 2}


def test_a_record_and_its_feedback_are_events(agreement_in_force, activity, fiona_actor, gita_actor):
    since = mark()
    written = services.record_create(
        actor=fiona_actor,
        agreement=agreement_in_force,
        activity=activity,
        done_on=timezone.localdate(),
        title="Pelatihan kompos",
        what_was_done="Praktik.",
        results="Dua bak kompos." * 20,
    )
    event = the_event(since, "records.record_written", actor=fiona_actor, obj=written)
    assert event.summary["title"] == "Pelatihan kompos"
    assert len(event.summary["results"]) == 140  # what the page shows of it

    since = mark()
    message = services.feedback_add(actor=gita_actor, record=written, text="Terima kasih.")
    event = the_event(
        since, "records.feedback_added", actor=gita_actor, obj=message, agreement=agreement_in_force
    )
    assert event.summary == {"record": written.pk, "title": "Pelatihan kompos", "text": "Terima kasih."}

    since = mark()
    with pytest.raises(Refused):  # the other party wrote meanwhile
        services.feedback_add(actor=fiona_actor, record=written, text="Sama-sama.", read_count=0)
    assert written_since(since) == []
