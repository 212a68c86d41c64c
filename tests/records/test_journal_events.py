"""The records' services write one journal event per change, in the change's own transaction."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from pendampingan.models import JournalEvent, Refused
from records import services
from tests.conftest import approve
from tests.events import mark, the_event, told, written_since
from tests.records.conftest import T, meeting_url, new_meeting, take_attendance, url, write_minutes

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
    assert event.summary == {"meeting": held.pk, "held_on": held.held_on.isoformat(), "version": 2}


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


def day(value):
    with translation.override("id"):
        return date_format(value)


def test_the_journal_page_tells_the_schedule_and_each_meeting_s_changes(
    as_alice, agreement_in_force, fiona_actor, gita_actor
):
    services.schedule_save(
        actor=gita_actor,
        agreement=agreement_in_force,
        frequency="monthly",
        week_of_month=2,
        weekday=1,
        interval_weeks=2,
        starts_on=timezone.localdate(),
        start_time=T(14),
        place="Balai dusun",
    )
    meeting = new_meeting(gita_actor, agreement_in_force, place="Balai desa")
    services.meeting_update(
        actor=gita_actor, meeting=meeting, read_version=meeting.lock_version, place="Balai dusun"
    )
    take_attendance(fiona_actor, meeting)
    take_attendance(gita_actor, meeting, Sumarni="absent")
    ahead = new_meeting(
        gita_actor, agreement_in_force, held_on=timezone.localdate() + datetime.timedelta(days=3)
    )
    services.meeting_cancel(
        actor=gita_actor, meeting=ahead, read_version=ahead.lock_version, reason="Banjir."
    )

    held, called = meeting_url("meeting", meeting), meeting_url("meeting", ahead)
    assert told(as_alice, agreement_in_force, "meeting") == [
        ("Pertemuan dibatalkan: Pertemuan rutin", called, "Banjir."),
        (f"Pertemuan diagendakan pada {day(ahead.held_on)}: Pertemuan rutin", called, "Balai dusun"),
        (f"Daftar hadir pertemuan {day(meeting.held_on)} diperbaiki: Pertemuan rutin", held, ""),
        ("Pertemuan diadakan: Pertemuan rutin", held, "Balai dusun"),
        (f"Pertemuan {day(meeting.held_on)} diubah: Pertemuan rutin", held, "Diubah: tempat"),
        (f"Pertemuan diagendakan pada {day(meeting.held_on)}: Pertemuan rutin", held, "Balai desa"),
        (
            "Jadwal pertemuan ditetapkan",
            url("meetings", agreement_in_force),
            "setiap Selasa kedua dalam sebulan, 14.00, Balai dusun",
        ),
    ]


def test_the_journal_page_tells_minutes_written_changed_and_confirmed(
    as_alice, held, fiona_actor, gita_actor, alice_actor
):
    minutes = write_minutes(fiona_actor, held)
    services.minutes_update(
        actor=gita_actor, minutes=minutes, read_version=minutes.lock_version, decisions="Iuran naik."
    )
    approve(minutes, alice_actor)
    approve(minutes, gita_actor)

    page, date = meeting_url("meeting", held), day(held.held_on)
    assert told(as_alice, held.agreement, "minutes") == [
        (f"Notulen {date} disahkan kedua pihak, versi 1", page, ""),
        (f"Notulen {date} diubah, versi 1", page, ""),
        (f"Notulen {date} ditulis", page, ""),
    ]
    # Newest first; the plan's approvals follow.
    assert told(as_alice, held.agreement, "approval")[:2] == [
        (f"Disetujui: notulen {date}, versi 1", page, ""),
        (f"Disetujui: notulen {date}, versi 1", page, ""),
    ]


def test_the_journal_page_tells_records_their_changes_and_feedback(
    as_alice, agreement_in_force, activity, fiona_actor, gita_actor
):
    written = services.record_create(
        actor=fiona_actor,
        agreement=agreement_in_force,
        activity=activity,
        done_on=timezone.localdate(),
        title="Pelatihan kompos",
        what_was_done="Praktik.",
        results="Dua bak kompos.",
    )
    services.record_update(
        actor=fiona_actor, record=written, read_version=written.lock_version, results="Tiga bak kompos."
    )
    services.feedback_add(actor=gita_actor, record=written, text="Terima kasih.")

    page = url("record", agreement_in_force, record_pk=written.pk)
    assert told(as_alice, agreement_in_force, "record") == [
        ("Catatan kegiatan diubah: Pelatihan kompos", page, "Diubah: hasilnya"),
        ("Catatan kegiatan: Pelatihan kompos", page, "Dua bak kompos."),
    ]
    assert told(as_alice, agreement_in_force, "feedback") == [
        ("Umpan balik untuk “Pelatihan kompos”", page, "Terima kasih."),
    ]


def test_events_written_before_their_summary_grew_are_told_with_what_they_hold(
    as_alice, agreement_in_force, held, fiona_actor, gita_actor
):
    """A schedule's event named its place alone, a change of minutes not its meeting's date."""
    services.schedule_save(
        actor=gita_actor,
        agreement=agreement_in_force,
        frequency="weeks",
        week_of_month=2,
        weekday=1,
        interval_weeks=1,
        # A weekly schedule meets on its first day's weekday: a Monday, whatever day the test runs.
        starts_on=next_monday(),
        start_time=T(9),
        place="Balai dusun",
    )
    minutes = write_minutes(fiona_actor, held)
    services.minutes_update(
        actor=gita_actor, minutes=minutes, read_version=minutes.lock_version, decisions="Iuran naik."
    )
    schedule, changed = (
        JournalEvent.objects.get(kind=kind) for kind in ("records.schedule_set", "records.minutes_changed")
    )
    assert schedule_told(as_alice, agreement_in_force) == "setiap Senin, 09.00, Balai dusun"
    schedule.summary = {"frequency": "weeks", "place": "Balai dusun"}
    changed.summary = {"meeting": held.pk, "version": 1}
    JournalEvent.objects.bulk_update([schedule, changed], ["summary"])
    assert schedule_told(as_alice, agreement_in_force) == "Balai dusun"
    assert told(as_alice, agreement_in_force, "minutes")[0][0] == "Notulen diubah, versi 1"


def next_monday():
    today = timezone.localdate()
    return today + datetime.timedelta(days=-today.weekday() % 7)


def schedule_told(client, agreement):
    """The detail the journal page gives of the schedule's event."""
    (detail,) = [
        d for title, _url, d in told(client, agreement, "meeting") if title == "Jadwal pertemuan ditetapkan"
    ]
    return detail
