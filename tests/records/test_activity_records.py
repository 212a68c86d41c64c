"""Activity records and the thread both parties write on each: nobody approves, each answers."""

import pytest
from django.utils import timezone

from records import services
from records.models import ActivityRecord, Feedback
from tests.conftest import login, upload
from tests.records.conftest import url

pytestmark = pytest.mark.django_db


def record_data(**changes):
    data = {
        "done_on": timezone.localdate().isoformat(),
        "title": "Pelatihan kompos",
        "what_was_done": "Praktik membuat kompos bersama 14 anggota.",
        "results": "Dua bak kompos jadi.",
    }
    data.update(changes)
    return data


@pytest.fixture
def written(fiona_actor, agreement_in_force, activity):
    return services.record_create(
        actor=fiona_actor,
        agreement=agreement_in_force,
        activity=activity,
        done_on=timezone.localdate(),
        title="Pelatihan kompos",
        what_was_done="Praktik.",
        results="Dua bak.",
    )


def test_either_party_records_what_an_activity_did_with_photos(
    client, gita, chair, agreement_in_force, activity
):
    from tests.conftest import photo_bytes

    login(client, gita, chair)
    data = record_data(files=[upload("kompos.jpg", photo_bytes())])
    response = client.post(url("record_create", agreement_in_force, key=activity.key), data)
    assert response.status_code == 302
    record = ActivityRecord.objects.get()
    assert record.author_party == "group" and record.activity_key == activity.key
    assert record.files.get().original_name == "kompos.jpg"


@pytest.mark.parametrize(
    "changes, field",
    [({"done_on": "2999-01-01"}, "done_on"), ({"results": ""}, "results"), ({"title": "x" * 201}, "title")],
)
def test_bad_input_is_refused_and_nothing_is_saved(as_alice, agreement_in_force, activity, changes, field):
    response = as_alice.post(
        url("record_create", agreement_in_force, key=activity.key), record_data(**changes)
    )
    assert field in response.context["form"].errors and not ActivityRecord.objects.exists()


def test_a_double_post_records_once(as_alice, agreement_in_force, activity):
    data = record_data(submission="5b4b8f0e-6b5e-4c55-9f55-2d1b0a7e1c11")
    as_alice.post(url("record_create", agreement_in_force, key=activity.key), data)
    as_alice.post(url("record_create", agreement_in_force, key=activity.key), data)
    assert ActivityRecord.objects.count() == 1


def test_an_activity_not_in_the_plan_is_a_404(as_alice, agreement_in_force):
    response = as_alice.get(
        url("record_create", agreement_in_force, key="5b4b8f0e-6b5e-4c55-9f55-2d1b0a7e1c11")
    )
    assert response.status_code == 404


def test_only_the_author_party_edits_the_other_answers(client, gita, chair, written):
    login(client, gita, chair)
    edit = url("record_edit", written.agreement, record_pk=written.pk)
    assert client.get(edit).status_code == 403
    assert client.post(edit, record_data(lock_version=written.lock_version)).status_code == 403


def feedback(client, record, text, count, asks=True):
    data = {"text": text, "read_count": count}
    if asks:
        data["expects_answer"] = "on"
    return client.post(url("feedback", record.agreement, record_pk=record.pk), data)


def test_the_thread_turns_between_the_parties(client, gita, chair, fiona, written):
    from records.feedback import owed_by

    assert owed_by(written) == "group"
    login(client, gita, chair)
    assert feedback(client, written, "Bagus, lanjutkan ke hamparan timur?", 0).status_code == 302
    assert owed_by(written) == "institution"
    login(client, fiona)
    feedback(client, written, "Ya, minggu depan.", 1, asks=False)
    assert owed_by(written) is None
    thread = list(written.feedback.values_list("author_party", "text"))
    assert thread == [("group", "Bagus, lanjutkan ke hamparan timur?"), ("institution", "Ya, minggu depan.")]


def test_a_message_written_while_another_arrived_is_held_back_to_be_read_first(
    client, gita, chair, fiona, written
):
    login(client, fiona)
    feedback(client, written, "Catatan tambahan.", 0)
    login(client, gita, chair)
    response = feedback(client, written, "Jawaban yang belum membaca.", 0)
    assert response.status_code == 200 and written.feedback.count() == 1
    assert response.context["form"]["read_count"].value() == 1
    assert "Jawaban yang belum membaca." in response.content.decode()


def test_an_empty_message_is_refused(as_alice, written):
    response = feedback(as_alice, written, "  ", 0)
    assert response.status_code == 200 and not Feedback.objects.exists()


def test_what_each_party_owes_is_listed_for_it(client, gita, chair, fiona, written):
    login(client, gita, chair)
    page = client.get(url("records", written.agreement))
    assert [r.pk for r in page.context["owed"]] == [written.pk]
    assert "Pelatihan kompos" in client.get("/").content.decode()
    login(client, fiona)
    assert client.get(url("records", written.agreement)).context["owed"] == []


def test_feedback_is_a_post(as_alice, written):
    assert as_alice.get(url("feedback", written.agreement, record_pk=written.pk)).status_code == 405


@pytest.mark.parametrize("extra", [0, 10])
def test_the_list_runs_a_fixed_number_of_queries(
    as_alice, written, fiona_actor, activity, extra, assert_queries
):
    for n in range(extra):
        record = services.record_create(
            actor=fiona_actor,
            agreement=written.agreement,
            activity=activity,
            done_on=timezone.localdate(),
            title=f"Catatan {n}",
            what_was_done="x",
            results="y",
        )
        services.feedback_add(actor=fiona_actor, record=record, text="Catatan.")
    # session, user, staff; the agreement with its parties, facilitators, approvals and proposed
    # amendments; the activities; the records with their feedback and files.
    with assert_queries(11):
        response = as_alice.get(url("records", written.agreement))
    assert len(response.context["records"]) == 1 + extra


def test_a_reply_asks_for_an_answer_only_when_its_box_is_ticked(client, gita, chair, fiona, written):
    from django.utils import translation

    login(client, gita, chair)
    page = client.get(url("record", written.agreement, record_pk=written.pk))
    box = page.context["form"]["expects_answer"]
    assert not box.value() and "checked" not in str(box)
    with translation.override("id"):
        label = translation.gettext("Ask the other party for an answer")
        marker = translation.gettext("asks for an answer")
    assert label in page.content.decode()
    # The browser sends no value for a box left unticked.
    feedback(client, written, "Sudah kami coba, hasilnya bagus.", 0, asks=False)
    login(client, fiona)
    thread = client.get(url("record", written.agreement, record_pk=written.pk)).content.decode()
    assert "Sudah kami coba" in thread and marker not in thread
    assert not Feedback.objects.get().expects_answer


def test_a_message_written_without_saying_asks_for_nothing(fiona_actor, written):
    assert not services.feedback_add(actor=fiona_actor, record=written, text="Catatan.").expects_answer
