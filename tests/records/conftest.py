import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from records import services
from tests.conftest import group_actor, institution_actor
from tests.monitoring.conftest import activity, agreement_in_force, chair_actor, fiona_actor  # noqa: F401
from tests.plans.conftest import draft, in_force  # noqa: F401

D = datetime.date
T = datetime.time
DAY = datetime.timedelta(days=1)


def url(name, agreement, **kwargs):
    return reverse(f"records:{name}", kwargs={"pk": agreement.pk, **kwargs})


def meeting_url(name, meeting, **kwargs):
    return reverse(f"records:{name}", kwargs={"pk": meeting.agreement_id, "meeting_pk": meeting.pk, **kwargs})


def new_meeting(actor, agreement, held_on=None, **changes):
    fields = {
        "title": "Pertemuan rutin",
        "held_on": held_on or timezone.localdate() - DAY,
        "start_time": T(14),
        "place": "Balai dusun",
        "agenda": "Laporan kas\nJadwal tanam",
        **changes,
    }
    return services.meeting_create(actor=actor, agreement=agreement, **fields)


def statuses(meeting, default="present", **by_name):
    """Every participant's status: ``default``, or what ``by_name`` says ("Sumarni": "absent")."""
    return {
        p["key"]: by_name.get(p["name"], default) for p in services.participants(meeting, meeting.agreement)
    }


def take_attendance(actor, meeting, default="present", **by_name):
    meeting.refresh_from_db()
    return services.attendance_save(
        actor=actor,
        meeting=meeting,
        read_version=meeting.lock_version,
        statuses=statuses(meeting, default, **by_name),
    )


def write_minutes(actor, meeting, **changes):
    fields = {
        "chair": "Sumarni",
        "minute_taker": "Rahmat",
        "opened_at": T(14, 5),
        "closed_at": T(15, 30),
        "discussion": [{"item": "Laporan kas", "text": "Saldo Rp1.200.000."}],
        "decisions": "Iuran tetap Rp10.000.",
        "action_items": [
            {
                "what": "Menagih iuran",
                "who": "Joko",
                "due_date": meeting.held_on + 7 * DAY,
                "activity_key": None,
            }
        ],
        **changes,
    }
    return services.minutes_create(actor=actor, meeting=meeting, **fields)


@pytest.fixture
def held(agreement_in_force, fiona_actor):  # noqa: F811
    """A meeting held yesterday, everyone present."""
    meeting = new_meeting(fiona_actor, agreement_in_force)
    return take_attendance(fiona_actor, meeting)


@pytest.fixture
def minutes(held, fiona_actor):  # noqa: F811
    return write_minutes(fiona_actor, held)


@pytest.fixture
def gita_actor(group_a, chair):
    return group_actor(group_a, chair)


@pytest.fixture
def alice_actor(alice):
    return institution_actor(alice)
