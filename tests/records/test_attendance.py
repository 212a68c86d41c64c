"""The attendance list: one screen, one tap per person, the meeting held once it is saved."""

import pytest
from django.utils import timezone

from records import services
from records.models import Attendance, Meeting
from tests.conftest import login, upload
from tests.records.conftest import DAY, meeting_url, new_meeting, statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(agreement_in_force, fiona_actor):
    return new_meeting(fiona_actor, agreement_in_force)


def post_data(meeting, **by_name):
    data = {f"p_{key}": status for key, status in statuses(meeting, **by_name).items()}
    data["lock_version"] = meeting.lock_version
    return data


def test_the_list_has_every_active_member_and_the_facilitator_officers_first(client, gita, chair, meeting):
    login(client, gita, chair)
    response = client.get(meeting_url("attendance", meeting))
    people = response.context["form"].people
    assert [p["name"] for p in people] == ["Rahmat", "Sumarni", "Joko", "Fiona"][:3] + [people[3]["name"]]
    assert [p["required"] for p in people] == [True, True, False, True]
    assert "staff" in people[3]


def test_saving_it_records_each_person_and_makes_the_meeting_held(client, gita, chair, meeting):
    login(client, gita, chair)
    response = client.post(meeting_url("attendance", meeting), post_data(meeting, Joko="excused"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and meeting.attendance_recorded_at
    assert dict(Attendance.objects.values_list("name", "status"))["Joko"] == "excused"
    assert meeting.updated_by_officer == chair


def test_a_scan_of_the_paper_list_can_be_attached(as_alice, meeting):
    data = post_data(meeting)
    data["files"] = [upload("daftar-hadir.pdf", b"%PDF-1.4\n")]
    as_alice.post(meeting_url("attendance", meeting), data)
    assert meeting.files.get().original_name == "daftar-hadir.pdf"
    page = as_alice.get(meeting_url("meeting", meeting))
    assert "daftar-hadir.pdf" in page.content.decode()


def test_a_list_saved_from_an_older_page_is_refused_and_keeps_the_choices(as_alice, meeting):
    stale = post_data(meeting, Joko="absent")
    as_alice.post(meeting_url("attendance", meeting), post_data(meeting, Joko="present"))
    response = as_alice.post(meeting_url("attendance", meeting), stale)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Attendance.objects.get(name="Joko").status == "present"
    joko = next(p["key"] for p in services.participants(meeting, meeting.agreement) if p["name"] == "Joko")
    assert response.context["form"][f"p_{joko}"].value() == "absent"


def test_a_person_left_without_a_status_is_told(as_alice, meeting):
    data = post_data(meeting)
    data.pop(next(k for k in data if k.startswith("p_")))
    as_alice.cookies["django_language"] = "en"
    response = as_alice.post(meeting_url("attendance", meeting), data)
    assert "Choose present, excused or absent." in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_status_that_is_not_one_is_refused(as_alice, meeting):
    data = post_data(meeting)
    data[next(k for k in data if k.startswith("p_"))] = "<script>"
    response = as_alice.post(meeting_url("attendance", meeting), data)
    assert response.status_code == 200 and not Attendance.objects.exists()


def test_attendance_is_not_taken_before_the_day(as_alice, agreement_in_force, fiona_actor):
    later = new_meeting(fiona_actor, agreement_in_force, held_on=timezone.localdate() + DAY)
    assert as_alice.get(meeting_url("attendance", later)).status_code == 403
    assert as_alice.post(meeting_url("attendance", later), post_data(later)).status_code == 403


def test_a_cancelled_meeting_takes_no_attendance(as_alice, meeting, fiona_actor):
    services.meeting_cancel(
        actor=fiona_actor, meeting=meeting, read_version=meeting.lock_version, reason="Hujan"
    )
    assert as_alice.get(meeting_url("attendance", meeting)).status_code == 403


def test_a_member_who_left_stays_on_a_list_already_taken(as_alice, meeting, group_a):
    as_alice.post(meeting_url("attendance", meeting), post_data(meeting))
    group_a.members.filter(name="Joko").update(is_active=False)
    meeting.refresh_from_db()
    response = as_alice.get(meeting_url("attendance", meeting))
    assert "Joko" in [p["name"] for p in response.context["form"].people]


@pytest.mark.parametrize("extra", [0, 12])
def test_the_page_runs_a_fixed_number_of_queries(as_alice, meeting, group_a, extra, assert_queries):
    from pendampingan.models import Member

    for n in range(extra):
        Member.objects.create(group=group_a, name=f"Anggota {n}", sex="f", position="member")
    as_alice.post(meeting_url("attendance", meeting), post_data(meeting))
    # session, user, staff; the agreement with its parties, facilitators, approvals and proposed
    # amendments; the meeting with its minutes, again with its attendance and files; the
    # members and the facilitators.
    with assert_queries(13):
        response = as_alice.get(meeting_url("attendance", meeting))
    assert len(response.context["form"].people) == 4 + extra


def test_a_name_typed_without_spaces_stays_on_the_paper_beside_the_signatures(as_alice, meeting, monkeypatch):
    from weasyprint import HTML

    from pendampingan import pdf_engine

    meeting.agreement.group.members.filter(name="Joko").update(name="Joko" + "Sutrisno" * 18)
    drawn = []
    monkeypatch.setattr(pdf_engine, "pdf_bytes", lambda html: drawn.append(html) or b"%PDF")
    as_alice.get(meeting_url("attendance_blank_pdf", meeting))
    page = (
        HTML(string=drawn[0], base_url="http://testserver/", url_fetcher=pdf_engine.LocalFetcher())
        .render()
        .pages[0]
        ._page_box
    )
    right_edge = page.content_box_x() + page.width
    cells = []

    def find_cells(box):
        for child in getattr(box, "children", []):
            if type(child).__name__ == "TableCellBox":
                cells.append(child)
            find_cells(child)

    find_cells(page)
    assert cells and max(cell.position_x + cell.margin_width() for cell in cells) <= right_edge + 1
