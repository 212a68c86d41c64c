import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from tests.conftest import login
from tests.monitoring.test_action_create import action_data

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def action(agreement_in_force, fiona_actor):
    return services.corrective_action_create(
        actor=fiona_actor,
        agreement=agreement_in_force,
        title="Menyusun buku kas",
        owner_party="group",
        owner_name="Sumarni",
        due_date=timezone.localdate() + 14 * DAY,
    )


def edit_url(action):
    return reverse("monitoring:action_edit", kwargs={"pk": action.agreement_id, "action_pk": action.pk})


def edit_data(action, **changes):
    current = {
        "title": action.title,
        "due_date": action.due_date.isoformat(),
        "lock_version": action.lock_version,
    }
    data = action_data(**{**current, **changes})
    del data["deviation_key"], data["deviation_title"]
    return data


def test_the_party_that_opened_it_changes_it(client, action, fiona):
    login(client, fiona)
    response = client.post(edit_url(action), edit_data(action, title="Menyusun buku kas dan buku anggota"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Menyusun buku kas dan buku anggota"


def test_the_other_party_does_not(client, action, gita, chair):
    login(client, gita, chair)
    assert client.post(edit_url(action), edit_data(action, title="Lain")).status_code == 403


def test_a_save_from_an_older_page_keeps_the_newer_change(client, action, fiona, alice):
    login(client, fiona)
    stale = edit_data(action, title="Judul dari halaman lama")
    client.post(edit_url(action), edit_data(action, details="Perubahan Alice."))
    response = client.post(edit_url(action), stale)
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.details == "Perubahan Alice." and action.title == "Menyusun buku kas"
    assert response.context["form"]["title"].value() == "Judul dari halaman lama"


def test_an_action_marked_done_no_longer_changes(client, action, fiona, gita, chair, chair_actor):
    services.corrective_action_step(
        actor=chair_actor, action=action, kind="done", read_version=action.lock_version, note=""
    )
    login(client, fiona)
    assert client.get(edit_url(action)).status_code == 403
