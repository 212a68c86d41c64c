"""Meetings as monitoring sees them: not held, quorum not reached, officers or facilitator absent."""

import pytest
from django.utils import timezone

from monitoring import deviations
from records import services
from tests.records.conftest import DAY, new_meeting, take_attendance

pytestmark = pytest.mark.django_db


def found(agreement):
    return {d.key.split(":")[0]: d for d in deviations.find([agreement], timezone.localdate())[agreement.pk]}


def meeting_kinds(agreement):
    return {
        k: d
        for k, d in found(agreement).items()
        if k in {"meeting_not_held", "quorum_not_met", "officer_absent", "facilitator_absent"}
    }


def test_a_meeting_fully_attended_is_no_deviation(held):
    assert meeting_kinds(held.agreement) == {}


def test_a_meeting_whose_day_passed_without_attendance_concerns_both(agreement_in_force, fiona_actor):
    new_meeting(fiona_actor, agreement_in_force, held_on=timezone.localdate() - DAY)
    deviation = meeting_kinds(agreement_in_force)["meeting_not_held"]
    assert deviation.party == "both" and deviation.since == timezone.localdate()


def test_a_meeting_today_is_not_yet_missed(agreement_in_force, fiona_actor):
    new_meeting(fiona_actor, agreement_in_force, held_on=timezone.localdate())
    assert meeting_kinds(agreement_in_force) == {}


def test_a_cancelled_scheduled_meeting_is_not_held_but_an_extra_one_cancelled_is_nothing(
    agreement_in_force, fiona_actor
):
    from records.models import Meeting

    extra = new_meeting(fiona_actor, agreement_in_force, held_on=timezone.localdate() - 2 * DAY)
    services.meeting_cancel(actor=fiona_actor, meeting=extra, read_version=extra.lock_version, reason="Hujan")
    assert meeting_kinds(agreement_in_force) == {}
    Meeting.objects.filter(pk=extra.pk).update(scheduled=True)
    assert "Hujan" in meeting_kinds(agreement_in_force)["meeting_not_held"].detail


def test_below_the_quorum_concerns_the_group(agreement_in_force, fiona_actor):
    # Three members: one present is a third, below half.
    meeting = new_meeting(fiona_actor, agreement_in_force)
    take_attendance(fiona_actor, meeting, "present", Rahmat="absent", Joko="absent")
    deviation = meeting_kinds(agreement_in_force)["quorum_not_met"]
    assert deviation.party == "group" and "1" in deviation.detail and "3" in deviation.detail


def test_exactly_the_quorum_is_enough(agreement_in_force, fiona_actor):
    from pendampingan.models import Agreement

    Agreement.objects.filter(pk=agreement_in_force.pk).update(quorum_percent=66)
    agreement_in_force.refresh_from_db()
    meeting = new_meeting(fiona_actor, agreement_in_force)
    take_attendance(fiona_actor, meeting, "present", Joko="absent")
    assert "quorum_not_met" not in meeting_kinds(agreement_in_force)
    Agreement.objects.filter(pk=agreement_in_force.pk).update(quorum_percent=67)
    agreement_in_force.refresh_from_db()
    assert "quorum_not_met" in meeting_kinds(agreement_in_force)


def test_an_officer_absent_even_excused_concerns_the_group(agreement_in_force, fiona_actor):
    meeting = new_meeting(fiona_actor, agreement_in_force)
    take_attendance(fiona_actor, meeting, "present", Rahmat="excused")
    deviation = meeting_kinds(agreement_in_force)["officer_absent"]
    assert deviation.party == "group" and deviation.kind == "required_absent" and "Rahmat" in deviation.detail


def test_an_ordinary_member_absent_is_no_deviation(agreement_in_force, fiona_actor):
    meeting = new_meeting(fiona_actor, agreement_in_force)
    take_attendance(fiona_actor, meeting, "present", Joko="absent")
    assert meeting_kinds(agreement_in_force) == {}


def test_the_facilitator_absent_concerns_the_institution(agreement_in_force, fiona_actor):
    meeting = new_meeting(fiona_actor, agreement_in_force)
    take_attendance(fiona_actor, meeting, "present", Fiona="absent")
    deviation = meeting_kinds(agreement_in_force)["facilitator_absent"]
    assert deviation.party == "institution"


def test_a_meeting_held_today_without_the_facilitator_is_a_deviation_once_its_attendance_is_saved(
    agreement_in_force, fiona_actor
):
    meeting = new_meeting(fiona_actor, agreement_in_force, held_on=timezone.localdate())
    assert meeting_kinds(agreement_in_force) == {}
    take_attendance(fiona_actor, meeting, "present", Fiona="absent", Rahmat="excused")
    kinds = meeting_kinds(agreement_in_force)
    assert kinds["facilitator_absent"].since == timezone.localdate()
    assert "officer_absent" in kinds and "meeting_not_held" not in kinds


def test_a_corrective_action_for_it_is_found_again(agreement_in_force, fiona_actor, chair_actor):
    from monitoring.services import corrective_action_create

    meeting = new_meeting(fiona_actor, agreement_in_force)
    take_attendance(fiona_actor, meeting, "present", Fiona="absent")
    deviation = meeting_kinds(agreement_in_force)["facilitator_absent"]
    corrective_action_create(
        actor=chair_actor,
        agreement=agreement_in_force,
        title="Hadir",
        owner_party="institution",
        owner_name="Fiona",
        due_date=timezone.localdate() + DAY,
        deviation_key=deviation.key,
    )
    assert meeting_kinds(agreement_in_force)["facilitator_absent"].status == "being_corrected"


def test_meetings_outside_the_agreement_or_of_another_agreement_do_not_count(
    agreement_in_force, fiona_actor, agreement_b
):
    from records.models import Meeting

    meeting = new_meeting(fiona_actor, agreement_in_force)
    Meeting.objects.filter(pk=meeting.pk).update(held_on=agreement_in_force.start_date - DAY)
    assert meeting_kinds(agreement_in_force) == {}
    assert deviations.find([agreement_b], timezone.localdate())[agreement_b.pk] == []
