"""Both parties writing to one meeting at the same moment: one write wins, the other is told why."""

import datetime
from functools import partial

import pytest
from django.utils import timezone

from records import services
from records.models import Attendance, Minutes
from tests.conftest import group_actor, institution_actor, race
from tests.records.conftest import statuses

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 5


@pytest.fixture
def meetings(agreement, alice, fiona):
    from pendampingan.models import Agreement

    Agreement.objects.filter(pk=agreement.pk).update(
        status=Agreement.Status.ACTIVE,
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        end_date=timezone.localdate() + datetime.timedelta(days=300),
    )
    agreement.refresh_from_db()
    actor = institution_actor(fiona)

    def held_meeting():
        meeting = services.meeting_create(
            actor=actor,
            agreement=agreement,
            title="Pertemuan rutin",
            held_on=timezone.localdate() - datetime.timedelta(days=1),
            start_time=datetime.time(14),
            place="Balai dusun",
            agenda="Kas",
        )
        return meeting

    return held_meeting


def test_two_attendance_lists_from_the_same_page_save_one(meetings, fiona, group_a, chair):
    for _round in range(ROUNDS):
        meeting = meetings()
        version = meeting.lock_version
        outcomes = race(
            partial(
                services.attendance_save,
                actor=institution_actor(fiona),
                meeting=meeting,
                read_version=version,
                statuses=statuses(meeting, "present"),
            ),
            partial(
                services.attendance_save,
                actor=group_actor(group_a, chair),
                meeting=meeting,
                read_version=version,
                statuses=statuses(meeting, "absent"),
            ),
        )
        assert sorted(type(o).__name__ for o in outcomes) == ["EditConflict", "Meeting"], outcomes
        rows = Attendance.objects.filter(meeting=meeting)
        assert rows.count() == 4 and len({r.status for r in rows}) == 1


def test_both_parties_writing_the_minutes_at_once_make_one(meetings, fiona, group_a, chair):
    for _round in range(ROUNDS):
        meeting = meetings()
        meeting = services.attendance_save(
            actor=institution_actor(fiona),
            meeting=meeting,
            read_version=meeting.lock_version,
            statuses=statuses(meeting, "present"),
        )
        fields = {
            "chair": "Sumarni",
            "minute_taker": "Rahmat",
            "opened_at": datetime.time(14),
            "closed_at": datetime.time(15),
        }
        outcomes = race(
            partial(services.minutes_create, actor=institution_actor(fiona), meeting=meeting, **fields),
            partial(services.minutes_create, actor=group_actor(group_a, chair), meeting=meeting, **fields),
        )
        assert sorted(type(o).__name__ for o in outcomes) == ["Minutes", "Refused"], outcomes
        assert Minutes.objects.filter(meeting=meeting).count() == 1
