import uuid

import pytest
from django.urls import reverse

from tests.conftest import login, photo_bytes
from tests.monitoring.conftest import D, add_evidence, evidence_url, progress_url, record

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


def test_it_shows_each_entrys_photos_as_thumbnails_and_documents_with_their_kind_and_size(
    as_alice, activity, chair_actor
):
    entry = record(chair_actor, activity)
    photo = add_evidence(chair_actor, entry, "kompos.jpg", photo_bytes(), caption="Rumah kompos")
    listed = add_evidence(chair_actor, entry, "laporan.pdf", b"%PDF-" + b"0" * 1_250_000)
    page = as_alice.get(activity_url(activity)).content.decode()
    assert (
        f'<a href="{evidence_url(photo)}"><img src="{evidence_url(photo, thumbnail=True)}" '
        'alt="Rumah kompos" width="96" height="96" loading="lazy"'
    ) in page
    assert f'<a href="{evidence_url(listed)}">laporan.pdf</a>' in page
    assert "· PDF · 1,2 MB" in page


def test_it_runs_a_fixed_number_of_queries(as_alice, activity, fiona_actor, chair_actor, assert_queries):
    def entry_with_files(actor):
        entry = record(actor, activity)
        add_evidence(actor, entry, "foto.jpg", photo_bytes((64, 48)))
        add_evidence(actor, entry)

    entry_with_files(fiona_actor)
    # session, user, staff, agreement with parties, facilitators, approvals, proposed amendments,
    # the activity in force, its entries with their authors, their evidence
    with assert_queries(10):
        as_alice.get(activity_url(activity))
    for actor in [chair_actor, fiona_actor, chair_actor]:
        entry_with_files(actor)
    with assert_queries(10):
        as_alice.get(activity_url(activity))


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
