import uuid

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.monitoring.conftest import D, progress_url, record

pytestmark = pytest.mark.django_db


def activity_url(activity):
    return progress_url(activity.revision.plan.agreement, "activity", key=activity.key)


def test_it_shows_every_entry_with_who_wrote_it_and_when(
    as_alice, agreement_in_force, activity, fiona_actor, chair_actor
):
    record(fiona_actor, activity, reported_on=D(2026, 1, 10), what_was_done="Survei lahan dimulai.")
    record(chair_actor, activity, reported_on=D(2026, 1, 20), what_was_done="Rapat anggota selesai.")
    response = as_alice.get(activity_url(activity))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Survei lahan dimulai." in page and "Rapat anggota selesai." in page
    assert "Fiona" in page and "Sumarni" in page
    assert [e.what_was_done for e in response.context["entries"]][0] == "Rapat anggota selesai."


def test_each_party_may_edit_only_its_own_entries(
    client, gita, chair, agreement_in_force, activity, fiona_actor
):
    mine = record(fiona_actor, activity)
    login(client, gita, chair)
    response = client.get(activity_url(activity))
    assert [e.editable for e in response.context["entries"]] == [False]
    assert progress_url(agreement_in_force, "entry_edit", entry_pk=mine.pk) not in response.content.decode()


def test_an_activity_not_in_the_plan_in_force_is_a_404(as_alice, agreement_in_force):
    url = progress_url(agreement_in_force, "activity", key=uuid.uuid4())
    assert as_alice.get(url).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, activity):
    response = client.get(activity_url(activity))
    assert response.url.startswith(reverse("login"))


def test_it_is_read_only(as_alice, activity):
    assert as_alice.post(activity_url(activity)).status_code == 405


@pytest.mark.parametrize("who", ["bob", "bella", "frank"])
def test_outsiders_get_404(client, request, activity, who):
    login(client, request.getfixturevalue(who))
    assert client.get(activity_url(activity)).status_code == 404
