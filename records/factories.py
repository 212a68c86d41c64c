"""Factories for the information system, written through ``records.services`` like its pages.

A meeting is called by the facilitator; ``held(meeting)`` takes its attendance; minutes are written
for a held meeting; an activity record is written by the activity's lead party and answered with
feedback by the other. Without ``actor=``, the party that usually writes acts
(``pendampingan.factories.acting``).
"""

import datetime

import factory

from pendampingan.factories import acting, person_of
from pendampingan.models import Party
from records import services
from records.models import ActivityRecord, Feedback, Meeting, Minutes

TWO_WEEKS = datetime.timedelta(days=14)


class MeetingFactory(factory.Factory):
    """A routine meeting of the group at the village hall, called by the institution."""

    class Meta:
        model = Meeting

    agreement = None  # required
    actor = None
    title = "Pertemuan rutin kelompok"
    held_on = factory.LazyAttribute(lambda m: m.agreement.start_date + datetime.timedelta(days=14))
    start_time = datetime.time(14)
    place = "Balai dusun"
    agenda = "Laporan kegiatan bulan lalu\nLaporan kas\nRencana bulan depan"

    @classmethod
    def _create(cls, model_class, *, actor, agreement, **data):
        return services.meeting_create(
            actor=actor or acting(agreement, Party.INSTITUTION), agreement=agreement, **data
        )


def held(meeting, actor=None, default="present", absent=(), excused=(), files=()):
    """``meeting`` with its attendance taken: everyone ``default`` but the names in ``absent`` and
    ``excused``, with ``files`` (prepared uploads: a scanned list) attached."""
    meeting.refresh_from_db()
    statuses = {
        p["key"]: "absent" if p["name"] in absent else "excused" if p["name"] in excused else default
        for p in services.participants(meeting, meeting.agreement)
    }
    return services.attendance_save(
        actor=actor or acting(meeting.agreement, Party.INSTITUTION),
        meeting=meeting,
        read_version=meeting.lock_version,
        statuses=statuses,
        files=files,
    )


class MinutesFactory(factory.Factory):
    """The minutes of a held meeting, written by the group's secretary side."""

    class Meta:
        model = Minutes

    meeting = None  # required: a held meeting
    actor = None
    chair = factory.LazyAttribute(lambda m: person_of(m.meeting.agreement, Party.GROUP))
    minute_taker = factory.LazyAttribute(lambda m: person_of(m.meeting.agreement, Party.INSTITUTION))
    opened_at = datetime.time(14, 5)
    closed_at = datetime.time(15, 40)
    discussion = factory.LazyAttribute(
        lambda m: [
            {"item": line, "text": "Dibahas dan disepakati bersama."}
            for line in m.meeting.agenda.splitlines()
        ]
    )
    decisions = "Iuran bulanan tetap Rp10.000 per anggota."
    action_items = factory.LazyAttribute(
        lambda m: [
            {
                "what": "Menagih iuran yang tertunggak",
                "who": person_of(m.meeting.agreement, Party.GROUP),
                "due_date": min(
                    m.meeting.held_on + datetime.timedelta(days=14), m.meeting.agreement.end_date
                ),
                "activity_key": None,
            }
        ]
    )

    @classmethod
    def _create(cls, model_class, *, actor, meeting, **data):
        return services.minutes_create(
            actor=actor or acting(meeting.agreement, Party.GROUP), meeting=meeting, **data
        )


class ActivityRecordFactory(factory.Factory):
    """A written record of what an activity in force did, by its lead party (the institution if joint)."""

    class Meta:
        model = ActivityRecord

    activity = None  # required: an activity of the plan in force
    agreement = factory.LazyAttribute(lambda r: r.activity.revision.plan.agreement)
    actor = None
    done_on = factory.SelfAttribute("activity.start_date")
    title = factory.LazyAttribute(lambda r: f"Catatan: {r.activity.title}")
    what_was_done = "Anggota berkumpul, pendamping menjelaskan, lalu semua praktik bersama."
    results = "Anggota yang hadir bisa mengulang sendiri di lahan masing-masing."

    @classmethod
    def _create(cls, model_class, *, actor, agreement, activity, **data):
        party = Party.GROUP if activity.lead == "group" else Party.INSTITUTION
        return services.record_create(
            actor=actor or acting(agreement, party), agreement=agreement, activity=activity, **data
        )


class FeedbackFactory(factory.Factory):
    """A message on a record from the party that did not write it."""

    class Meta:
        model = Feedback

    record = None  # required
    actor = None
    text = "Terima kasih, catatannya sesuai dengan yang kami lihat di lapangan."
    expects_answer = False

    @classmethod
    def _create(cls, model_class, *, actor, record, **data):
        other = Party.GROUP if record.author_party == Party.INSTITUTION else Party.INSTITUTION
        return services.feedback_add(actor=actor or acting(record.agreement, other), record=record, **data)
