import pytest
from django.urls import reverse

from monitoring import services
from pendampingan import bounds
from tests.conftest import institution_actor, login, photo_bytes, upload
from tests.monitoring.conftest import PDF, add_evidence, entry_data, progress_url, record

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


def test_files_added_on_the_edit_form_join_the_entry_which_says_who_changed_it(client, alice, entry):
    add_evidence(institution_actor(entry.created_by), entry, "lama.pdf")
    login(client, alice)
    data = entry_data(
        what_was_done="Mulai.",
        percent_done="30",
        lock_version=entry.lock_version,
        files=[upload("baru.jpg", photo_bytes())],
    )
    assert client.post(edit_url(entry), data).status_code == 302
    assert sorted(e.original_name for e in entry.evidence.all()) == ["baru.jpg", "lama.pdf"]
    entry.refresh_from_db()
    assert entry.updated_by == alice


def test_the_edit_form_lists_the_files_each_with_a_box_to_remove_it(as_alice, entry, fiona_actor):
    kept = add_evidence(fiona_actor, entry, "daftar-hadir.pdf", b"%PDF-" + b"0" * 1_250_000)
    form = as_alice.get(edit_url(entry)).context["form"]
    assert [label for _value, label in form.fields["remove"].choices] == ["daftar-hadir.pdf · PDF · 1,2 MB"]
    assert f'name="remove" value="{kept.pk}"' in str(form["remove"])


def test_an_entry_holds_at_most_ten_files(as_alice, entry, fiona_actor):
    held = [add_evidence(fiona_actor, entry, f"{n}.pdf") for n in range(bounds.MAX_FILES)]
    one_more = entry_data(what_was_done="Mulai.", percent_done="30", lock_version=entry.lock_version)
    response = as_alice.post(edit_url(entry), {**one_more, "files": [upload("11.pdf", PDF)]})
    assert response.status_code == 200 and "files" in response.context["form"].errors
    assert entry.evidence.count() == bounds.MAX_FILES
    # Taking one away makes room for another, in the same save.
    response = as_alice.post(
        edit_url(entry), {**one_more, "files": [upload("11.pdf", PDF)], "remove": [held[0].pk]}
    )
    assert response.status_code == 302
    assert (
        entry.evidence.count() == bounds.MAX_FILES and entry.evidence.filter(original_name="11.pdf").exists()
    )


def test_a_file_removed_leaves_the_storage_once_the_save_is_committed(
    as_alice, entry, fiona_actor, django_capture_on_commit_callbacks
):
    gone, kept = (
        add_evidence(fiona_actor, entry, "a.jpg", photo_bytes()),
        add_evidence(fiona_actor, entry, "b.pdf"),
    )
    stored = [(gone.file.storage, gone.file.name), (gone.thumbnail.storage, gone.thumbnail.name)]
    data = entry_data(
        what_was_done="Mulai.", percent_done="30", lock_version=entry.lock_version, remove=[gone.pk]
    )
    with django_capture_on_commit_callbacks() as callbacks:
        assert as_alice.post(edit_url(entry), data).status_code == 302
    assert list(entry.evidence.all()) == [kept]
    assert all(storage.exists(name) for storage, name in stored)  # until the transaction commits
    for callback in callbacks:
        callback()
    assert not any(storage.exists(name) for storage, name in stored)
    assert kept.file.storage.exists(kept.file.name)


def test_the_other_party_cannot_remove_files_of_an_entry_it_did_not_write(as_gita, entry, fiona_actor):
    theirs = add_evidence(fiona_actor, entry)
    data = entry_data(lock_version=entry.lock_version, remove=[theirs.pk])
    assert as_gita.post(edit_url(entry), data).status_code == 403
    assert entry.evidence.get() == theirs and theirs.file.storage.exists(theirs.file.name)


def test_an_entry_of_another_agreement_is_a_404(as_alice, entry, agreement_b):
    url = reverse("monitoring:entry_edit", kwargs={"pk": agreement_b.pk, "entry_pk": entry.pk})
    assert as_alice.get(url).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, entry):
    assert client.get(edit_url(entry)).url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["bob", "bella", "frank"])
def test_outsiders_get_404(client, request, entry, who):
    login(client, request.getfixturevalue(who))
    assert client.post(edit_url(entry), entry_data()).status_code == 404
