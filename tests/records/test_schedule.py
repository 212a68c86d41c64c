"""The schedule: which dates it gives, the meetings it plans, and the form's checks."""

import datetime

import pytest
from django.utils import timezone

from records import schedule
from records.models import Meeting, MeetingSchedule
from tests.conftest import login
from tests.records.conftest import D, T, url

pytestmark = pytest.mark.django_db


def rule(**fields):
    return MeetingSchedule(
        **{"frequency": "monthly", "week_of_month": 2, "weekday": 1, "interval_weeks": 2, **fields}
    )


def test_the_second_tuesday_of_each_month():
    days = list(schedule.dates(rule(starts_on=D(2026, 1, 1)), D(2026, 1, 1), D(2026, 4, 30)))
    assert days == [D(2026, 1, 13), D(2026, 2, 10), D(2026, 3, 10), D(2026, 4, 14)]


def test_the_last_friday_of_each_month():
    days = list(
        schedule.dates(
            rule(starts_on=D(2026, 1, 1), week_of_month=5, weekday=4), D(2026, 1, 1), D(2026, 3, 31)
        )
    )
    assert days == [D(2026, 1, 30), D(2026, 2, 27), D(2026, 3, 27)]


def test_every_two_weeks_counts_from_the_first_meeting():
    days = list(
        schedule.dates(rule(frequency="weeks", starts_on=D(2026, 1, 6)), D(2026, 1, 15), D(2026, 2, 20))
    )
    assert days == [D(2026, 1, 20), D(2026, 2, 3), D(2026, 2, 17)]


def test_nothing_before_the_schedule_starts():
    days = list(schedule.dates(rule(starts_on=D(2026, 3, 1)), D(2026, 1, 1), D(2026, 3, 31)))
    assert days == [D(2026, 3, 10)]


def schedule_data(**changes):
    data = {
        "frequency": "monthly",
        "week_of_month": "2",
        "weekday": "1",
        "interval_weeks": "2",
        "starts_on": timezone.localdate().isoformat(),
        "start_time": "14:00",
        "place": "Balai dusun",
    }
    data.update(changes)
    return data


def test_setting_it_plans_the_meetings_until_the_agreement_ends(client, gita, chair, agreement_in_force):
    login(client, gita, chair)
    response = client.post(url("schedule", agreement_in_force), schedule_data())
    assert response.status_code == 302
    planned = list(agreement_in_force.meetings.all())
    assert 11 <= len(planned) <= 13
    assert all(m.scheduled and m.held_on.weekday() == 1 and 8 <= m.held_on.day <= 14 for m in planned)
    assert planned[-1].held_on <= agreement_in_force.end_date
    assert agreement_in_force.meeting_schedule.author_party == "group"


def test_changing_it_replans_only_the_untouched_meetings_ahead(
    client, as_alice, agreement_in_force, fiona_actor
):
    from records import services

    as_alice.post(url("schedule", agreement_in_force), schedule_data())
    first = agreement_in_force.meetings.order_by("held_on").first()
    services.meeting_update(
        actor=fiona_actor,
        meeting=first,
        read_version=first.lock_version,
        agenda="Khusus",
        title=first.title,
        held_on=first.held_on,
        start_time=first.start_time,
        place=first.place,
    )
    current = agreement_in_force.meeting_schedule
    as_alice.post(
        url("schedule", agreement_in_force),
        schedule_data(weekday="4", lock_version=current.lock_version),
    )
    meetings = list(agreement_in_force.meetings.order_by("held_on"))
    assert first.pk in [m.pk for m in meetings]
    assert all(m.held_on.weekday() == 4 for m in meetings if m.pk != first.pk)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("interval_weeks", "0", "At least every week."),
        ("interval_weeks", "9", "At most every 8 weeks."),
        ("starts_on", "2001-01-01", "within the agreement's period"),
        ("start_time", "25:00", "Enter a valid time."),
        ("place", "", "This field is required."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_plans_nothing(
    client, as_alice, agreement_in_force, field, value, message
):
    as_alice.cookies["django_language"] = "en"
    response = as_alice.post(url("schedule", agreement_in_force), schedule_data(**{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Meeting.objects.exists() and not MeetingSchedule.objects.exists()


def test_a_save_from_an_older_form_is_refused(as_alice, agreement_in_force):
    as_alice.post(url("schedule", agreement_in_force), schedule_data())
    current = agreement_in_force.meeting_schedule
    as_alice.post(
        url("schedule", agreement_in_force), schedule_data(place="Masjid", lock_version=current.lock_version)
    )
    response = as_alice.post(
        url("schedule", agreement_in_force), schedule_data(place="Sekolah", lock_version=current.lock_version)
    )
    assert response.status_code == 200 and response.context["form"].conflict
    current.refresh_from_db()
    assert current.place == "Masjid"


def test_the_schedule_reads_in_words(agreement_in_force):
    from django.utils import translation

    monthly = rule(starts_on=D(2026, 1, 1), start_time=T(14), place="Balai")
    with translation.override("id"):
        assert monthly.description == "setiap Selasa kedua dalam sebulan, 14.00, Balai"
    with translation.override("en"):
        assert monthly.description == "every second Tuesday of the month, 14.00, Balai"


def test_a_weekly_schedule_takes_the_weekday_of_its_first_meeting(as_alice, agreement_in_force):
    start = timezone.localdate() + datetime.timedelta(days=3)
    as_alice.post(
        url("schedule", agreement_in_force),
        schedule_data(frequency="weeks", interval_weeks="1", starts_on=start.isoformat(), weekday="0"),
    )
    assert agreement_in_force.meeting_schedule.weekday == start.weekday()
    assert {m.held_on.weekday() for m in agreement_in_force.meetings.all()} == {start.weekday()}
