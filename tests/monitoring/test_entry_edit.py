import pytest
from django.urls import reverse

from monitoring import services
from tests.conftest import institution_actor, login
from tests.monitoring.conftest import entry_data, progress_url, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(activity, fiona_actor):
    return record(fiona_actor, activity, percent_done=30, what_was_done="Mulai.")


def edit_url(entry):
    return progress_url(entry.agreement, "entry_edit", entry_pk=entry.pk)


def test_the_author_party_edits_its_entry(client, alice, entry):
    # Another person of the same party, the coordinator, may correct the facilitator's entry.
    login(client, alice)
    assert client.get(edit_url(entry)).status_code == 200
    response = client.post(edit_url(entry), entry_data(percent_done="55", lock_version=entry.lock_version))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.percent_done, entry.updated_by, entry.created_by.username) == (55, alice, "fiona")
    assert entry.history.count() == 2


def test_the_other_party_may_not_edit_it(as_gita, entry):
    assert as_gita.get(edit_url(entry)).status_code == 403
    response = as_gita.post(edit_url(entry), entry_data(lock_version=entry.lock_version))
    assert response.status_code == 403
    assert "Hanya pihak yang menulis catatan ini" in response.content.decode()
    entry.refresh_from_db()
    assert entry.percent_done == 30


def test_a_save_from_an_older_form_is_refused_keeping_what_was_typed(client, alice, fiona, entry):
    read_at = entry.lock_version
    services.progress_update(
        actor=institution_actor(fiona),
        entry=entry,
        read_version=read_at,
        problems="Hujan.",
    )
    login(client, alice)
    response = client.post(
        edit_url(entry), entry_data(percent_done="70", what_was_done="Mulai.", lock_version=read_at)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors()
    assert [c.field for c in form.conflict.changes] == ["problems"]
    assert form["percent_done"].value() == "70"
    entry.refresh_from_db()
    assert (entry.percent_done, entry.problems) == (30, "Hujan.")


def test_bad_input_is_refused_next_to_the_field(as_alice, entry):
    data = entry_data(actual_start="2026-03-10", actual_end="2026-03-01", lock_version=entry.lock_version)
    response = as_alice.post(edit_url(entry), data)
    assert "actual_end" in response.context["form"].errors


def test_an_entry_of_another_agreement_is_a_404(as_alice, entry, agreement_b):
    url = reverse("monitoring:entry_edit", kwargs={"pk": agreement_b.pk, "entry_pk": entry.pk})
    assert as_alice.get(url).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, entry):
    assert client.get(edit_url(entry)).url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["bob", "bella", "frank"])
def test_outsiders_get_404(client, request, entry, who):
    login(client, request.getfixturevalue(who))
    assert client.post(edit_url(entry), entry_data()).status_code == 404
