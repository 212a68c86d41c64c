"""The minutes and the attendance list on paper, as groups keep them, and the texts shared on WhatsApp."""

from urllib.parse import unquote

import pytest
from django.utils import timezone

from pendampingan.share import whatsapp_link
from records import share
from tests.conftest import approve
from tests.plans.test_plan_pdf import indonesian, pdf_text
from tests.records.conftest import meeting_url, new_meeting, take_attendance

pytestmark = pytest.mark.django_db


def test_the_minutes_print_with_their_content_and_a_draft_mark_until_confirmed(as_alice, minutes):
    pages, text = pdf_text(as_alice.get(meeting_url("minutes_pdf", minutes.meeting)))
    assert pages == 1
    for expected in (
        indonesian("MINUTES OF THE MEETING"),
        "Sumarni",
        "Rahmat",
        "Iuran tetap Rp10.000.",
        "Menagih iuran",
        "Saldo Rp1.200.000.",
        indonesian("Chair of the meeting"),
        indonesian("Minute-taker"),
        indonesian("NOT YET APPROVED"),
    ):
        assert expected in text


def test_confirmed_minutes_print_as_confirmed_even_while_a_correction_waits(
    as_alice, minutes, fiona_actor, gita_actor
):
    from records import services

    approve(minutes, fiona_actor)
    approve(minutes, gita_actor)
    services.minutes_update(
        actor=fiona_actor,
        minutes=minutes,
        read_version=minutes.lock_version,
        decisions="Usulan baru.",
        action_items=services.action_items_of(minutes),
    )
    _pages, text = pdf_text(as_alice.get(meeting_url("minutes_pdf", minutes.meeting)))
    assert "Iuran tetap Rp10.000." in text and "Usulan baru." not in text
    assert indonesian("NOT YET APPROVED") not in text
    _pages, proposed = pdf_text(as_alice.get(meeting_url("minutes_pdf", minutes.meeting) + "?proposed"))
    assert "Usulan baru." in proposed and indonesian("NOT YET APPROVED") in proposed


def test_the_blank_attendance_list_names_everyone_with_room_to_sign(
    as_alice, agreement_in_force, fiona_actor
):
    meeting = new_meeting(fiona_actor, agreement_in_force, held_on=timezone.localdate())
    _pages, text = pdf_text(as_alice.get(meeting_url("attendance_blank_pdf", meeting)))
    assert indonesian("ATTENDANCE LIST") in text
    for name in ("Sumarni", "Rahmat", "Joko"):
        assert name in text
    assert indonesian("Present") not in text.split(indonesian("Signature"))[1]


def test_the_filled_attendance_list_says_who_came(as_alice, agreement_in_force, fiona_actor):
    meeting = take_attendance(fiona_actor, new_meeting(fiona_actor, agreement_in_force), Joko="excused")
    _pages, text = pdf_text(as_alice.get(meeting_url("attendance_pdf", meeting)))
    assert indonesian("Excused") in text and indonesian("Present") in text


def test_the_invitation_is_ready_indonesian_text_with_date_time_place_and_agenda(
    agreement_in_force, fiona_actor
):
    meeting = new_meeting(fiona_actor, agreement_in_force, held_on=agreement_in_force.start_date)
    text = share.invitation(meeting)
    assert text.startswith(indonesian("*Invitation: %(title)s*") % {"title": meeting.title})
    for expected in (
        meeting.place,
        "14.00",
        "1. Laporan kas",
        "2. Jadwal tanam",
        agreement_in_force.group.name,
    ):
        assert expected in text
    link = whatsapp_link(text)
    assert link.startswith("https://wa.me/?text=") and unquote(link.split("=", 1)[1]) == text


def test_the_meeting_page_offers_the_invitation_and_the_summary_only_once_confirmed(
    as_alice, minutes, fiona_actor, gita_actor, agreement_in_force
):
    page = as_alice.get(meeting_url("meeting", minutes.meeting)).content.decode()
    assert "wa.me" not in page
    approve(minutes, fiona_actor)
    approve(minutes, gita_actor)
    page = as_alice.get(meeting_url("meeting", minutes.meeting))
    assert "Menagih iuran" in page.context["summary"] and "Joko" in page.context["summary"]
    assert "https://wa.me/?text=" in page.content.decode()
    planned = new_meeting(fiona_actor, agreement_in_force, held_on=timezone.localdate())
    assert "https://wa.me/?text=" in as_alice.get(meeting_url("meeting", planned)).content.decode()


def test_hostile_text_stays_text_in_the_shared_link_and_the_page(as_alice, agreement_in_force, fiona_actor):
    meeting = new_meeting(
        fiona_actor,
        agreement_in_force,
        held_on=timezone.localdate(),
        agenda='"><script>alert(1)</script>\n&x=1',
    )
    page = as_alice.get(meeting_url("meeting", meeting)).content.decode()
    assert "<script>alert(1)" not in page
    assert "%3Cscript%3E" in whatsapp_link(share.invitation(meeting))
