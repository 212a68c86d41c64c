"""Who may do what in the records: both parties write, the admin reads, nothing changes once the
agreement ended. (Outsiders get a 404 on every address: tests/plans/test_outsiders.py walks them.)"""

import pytest

from pendampingan.models import Agreement
from tests.conftest import login
from tests.records.conftest import meeting_url, url

pytestmark = pytest.mark.django_db


def write_pages(minutes, activity):
    agreement = minutes.agreement
    return [
        url("schedule", agreement),
        url("meeting_create", agreement),
        meeting_url("meeting_edit", minutes.meeting),
        meeting_url("attendance", minutes.meeting),
        meeting_url("minutes_edit", minutes.meeting),
        url("record_create", agreement, key=activity.key),
    ]


def read_pages(minutes):
    agreement = minutes.agreement
    return [
        url("meetings", agreement),
        meeting_url("meeting", minutes.meeting),
        meeting_url("minutes_print", minutes.meeting),
        url("records", agreement),
        url("journal", agreement),
    ]


@pytest.mark.parametrize("who", ["alice", "fiona", "gita"])
def test_both_parties_read_and_write(client, request, chair, minutes, activity, who):
    login(client, request.getfixturevalue(who), chair if who == "gita" else None)
    for page in read_pages(minutes) + write_pages(minutes, activity):
        assert client.get(page).status_code == 200, page


def test_the_admin_reads_but_writes_nothing(as_root, minutes, activity):
    for page in read_pages(minutes):
        assert as_root.get(page).status_code == 200, page
    for page in write_pages(minutes, activity):
        assert as_root.get(page).status_code == 403, page


def test_nothing_is_written_once_the_agreement_ended(as_alice, minutes, activity):
    Agreement.objects.filter(pk=minutes.agreement_id).update(status=Agreement.Status.COMPLETED)
    for page in read_pages(minutes):
        assert as_alice.get(page).status_code == 200, page
    for page in write_pages(minutes, activity):
        assert as_alice.get(page).status_code == 403, page
        assert as_alice.post(page, {}).status_code == 403, page


def test_a_group_login_without_an_officer_chosen_is_asked_who_acts(client, gita, minutes):
    login(client, gita)
    response = client.post(meeting_url("minutes_confirm", minutes.meeting), {"version": 1, "lock_version": 1})
    assert response.status_code in {302, 403}
    assert not minutes.approvals.exists()


def test_a_meeting_of_another_agreement_is_a_404_under_ones_own(as_alice, minutes, agreement_b):
    from django.urls import reverse

    foreign = reverse("records:meeting", kwargs={"pk": agreement_b.pk, "meeting_pk": minutes.meeting_id})
    assert as_alice.get(foreign).status_code == 404
