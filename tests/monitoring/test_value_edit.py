import pytest
from django.urls import reverse

from monitoring import services
from tests.conftest import group_actor, institution_actor, login, upload
from tests.monitoring.conftest import PDF, add_evidence, indicator_url, record_value, value_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def value(indicator, fiona_actor):
    return record_value(fiona_actor, indicator, value=3, note="Awal.")


def edit_url(value):
    return indicator_url(value.agreement, "value_edit", value_pk=value.pk)


def test_the_author_party_edits_its_value(client, alice, value):
    login(client, alice)
    assert client.get(edit_url(value)).status_code == 200
    response = client.post(edit_url(value), value_data(value="6", lock_version=value.lock_version))
    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.value, value.updated_by, value.created_by.username) == (6, alice, "fiona")
    assert value.history.count() == 2


def test_the_group_edits_its_own_value(as_gita, indicator, group_a, chair):
    ours = record_value(group_actor(group_a, chair), indicator, value=2)
    response = as_gita.post(edit_url(ours), value_data(value="2.5", lock_version=ours.lock_version))
    assert response.status_code == 302
    ours.refresh_from_db()
    assert (str(ours.value), ours.updated_by_officer_name) == ("2.50", "Sumarni")


def test_the_other_party_may_not_edit_it(as_gita, value):
    assert as_gita.get(edit_url(value)).status_code == 403
    response = as_gita.post(edit_url(value), value_data(lock_version=value.lock_version))
    assert response.status_code == 403
    assert "Hanya pihak yang menulis catatan ini" in response.content.decode()
    value.refresh_from_db()
    assert value.value == 3


def test_a_save_from_an_older_form_is_refused_keeping_what_was_typed(client, alice, fiona, value):
    read_at = value.lock_version
    services.indicator_value_update(
        actor=institution_actor(fiona), indicator_value=value, read_version=read_at, note="Diperbaiki."
    )
    login(client, alice)
    response = client.post(edit_url(value), value_data(value="8", note="Awal.", lock_version=read_at))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors()
    assert [c.field for c in form.conflict.changes] == ["note"]
    assert form["value"].value() == "8"
    value.refresh_from_db()
    assert (value.value, value.note) == (3, "Diperbaiki.")


def test_bad_input_is_refused_next_to_the_field(as_alice, value):
    response = as_alice.post(edit_url(value), value_data(value="-2", lock_version=value.lock_version))
    assert "value" in response.context["form"].errors


def test_the_author_party_adds_and_removes_files(
    as_alice, value, fiona_actor, django_capture_on_commit_callbacks
):
    gone = add_evidence(fiona_actor, value, "lama.pdf")
    data = value_data(
        value="3",
        note="Awal.",
        lock_version=value.lock_version,
        remove=[gone.pk],
        files=[upload("baru.pdf", PDF)],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert as_alice.post(edit_url(value), data).status_code == 302
    assert [e.original_name for e in value.evidence.all()] == ["baru.pdf"]
    assert not gone.file.storage.exists(gone.file.name)


def test_the_other_party_cannot_remove_its_files(as_gita, value, fiona_actor):
    theirs = add_evidence(fiona_actor, value)
    assert (
        as_gita.post(
            edit_url(value), value_data(lock_version=value.lock_version, remove=[theirs.pk])
        ).status_code
        == 403
    )
    assert value.evidence.get() == theirs


def test_a_value_of_another_agreement_is_a_404(as_alice, value, agreement_b):
    url = reverse("monitoring:value_edit", kwargs={"pk": agreement_b.pk, "value_pk": value.pk})
    assert as_alice.get(url).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, value):
    assert client.get(edit_url(value)).url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["bob", "bella", "frank"])
def test_outsiders_get_404(client, request, value, who):
    login(client, request.getfixturevalue(who))
    assert client.post(edit_url(value), value_data()).status_code == 404
