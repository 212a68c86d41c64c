"""A routine meeting as the group lives it, on a phone: the attendance taken with one tap per
person, the minutes confirmed by both parties, the invitation shared without the server sending it."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from pendampingan.models import Agreement
from records import services
from records.models import Attendance, Meeting
from tests.e2e.test_agreement_flow import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)
AGREEMENT = "Pendampingan Pertanian Padi Organik Sido Makmur 2026–2027"


@pytest.fixture
def meeting(db):
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)
    agreement = Agreement.objects.get(title=AGREEMENT)
    today = Meeting.objects.filter(
        agreement=agreement, held_on=timezone.localdate(), status=Meeting.Status.PLANNED
    ).first()
    if today is None:
        from tests.conftest import institution_actor

        today = services.meeting_create(
            actor=institution_actor(agreement.facilitators.get(username="pendamping")),
            agreement=agreement,
            title="Pertemuan rutin",
            held_on=timezone.localdate(),
            start_time=timezone.localtime().time().replace(second=0, microsecond=0),
            place="Balai Dusun Krajan",
            agenda="Laporan kas\nPersiapan panen",
        )
    return today


def test_the_group_takes_attendance_by_tapping_and_both_confirm_the_minutes(meeting, live_server, phone):
    base = f"{live_server.url}/agreements/{meeting.agreement_id}/meetings/{meeting.pk}/"
    log_in(phone, live_server, "kelompok")
    phone.check("text=Siti Aminah")
    phone.click("form button.btn-success")
    phone.goto(base)
    share = phone.locator("details.share").first
    share.locator("summary").click()
    link = share.locator("a[href^='https://wa.me/?text=']").get_attribute("href")
    assert "Balai%20Dusun%20Krajan" in link

    phone.goto(base + "attendance/")
    rows = phone.locator(".attendance-list li")
    people = rows.count()
    assert people >= 9
    # One tap per person: everyone but Darsum is present.
    for n in range(people):
        row = rows.nth(n)
        if "Darsum" in row.inner_text():
            continue
        row.locator("label").first.click()
    phone.locator("main form button.btn-success").click()
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == people - 1
    assert Attendance.objects.get(meeting=meeting, name="Darsum").status == "absent"

    phone.goto(base + "minutes/")
    phone.fill("#id_chair", "Sugeng Riyadi")
    phone.fill("#id_minute_taker", "Siti Aminah")
    phone.fill("#id_closed_at", "23:59")
    phone.fill("#id_opened_at", "00:01")
    phone.fill("#id_discussion_0", "Saldo kas Rp2.100.000.")
    phone.fill("#id_decisions", "Panen serentak minggu kedua.")
    phone.locator("main form button.btn-success").click()
    phone.locator("form.approve-form button").click()
    log_out(phone)

    log_in(phone, live_server, "pendamping")
    phone.goto(base)
    phone.locator("form.approve-form button").click()
    body = phone.inner_text("main")
    assert "Panen serentak minggu kedua." in body
    meeting.refresh_from_db()
    assert meeting.minutes.is_confirmed
