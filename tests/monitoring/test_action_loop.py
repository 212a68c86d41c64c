"""The loop of a corrective action: the owner marks it done, only the other party closes or reopens it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import CorrectiveAction, Evidence
from tests.conftest import login, upload
from tests.monitoring.conftest import PDF

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def action(agreement_in_force, fiona_actor):
    """An action the institution opened, owned by the group."""
    return services.corrective_action_create(
        actor=fiona_actor,
        agreement=agreement_in_force,
        title="Menyusun buku kas",
        owner_party="group",
        owner_name="Sumarni",
        due_date=timezone.localdate() + 14 * DAY,
    )


def step_url(action, name):
    return reverse(f"monitoring:action_{name}", kwargs={"pk": action.agreement_id, "action_pk": action.pk})


def post_step(client, action, name, note="", lock_version=None):
    action.refresh_from_db()
    version = action.lock_version if lock_version is None else lock_version
    return client.post(step_url(action, name), {"lock_version": version, "note": note})


def test_the_owner_marks_it_done_and_the_other_party_closes_it(client, action, gita, chair, fiona):
    login(client, gita, chair)
    assert post_step(client, action, "done", "Buku kas sudah dibuat.").status_code == 302
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.DONE
    login(client, fiona)
    post_step(client, action, "confirm", "Sudah dicek.")
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.CLOSED
    steps = [(s.kind, s.author_party, s.created_by_officer_name) for s in action.steps.all()]
    assert steps == [("done", "group", "Sumarni"), ("confirmed", "institution", "")]


def test_the_other_party_reopens_it_with_a_reason_and_the_owner_sees_it(client, action, gita, chair, fiona):
    login(client, gita, chair)
    post_step(client, action, "done", "Selesai.")
    login(client, fiona)
    response = post_step(client, action, "reopen", "   ")
    assert response.status_code == 400
    assert (
        "Say why it is not done yet." in response.content.decode() or "Sebutkan" in response.content.decode()
    )
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.DONE and action.steps.count() == 1
    post_step(client, action, "reopen", "Buku kas belum diisi bulan Oktober.")
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.OPEN
    login(client, gita, chair)
    assert (
        "Buku kas belum diisi bulan Oktober."
        in client.get(step_url(action, "done")[: -len("done/")]).content.decode()
    )


def test_the_owner_marks_it_done_with_its_evidence_for_the_other_party_to_see(
    client, action, gita, chair, fiona
):
    login(client, gita, chair)
    data = {
        "lock_version": action.lock_version,
        "note": "Buku kas sudah ada.",
        "files": [upload("kas.pdf", PDF)],
    }
    assert client.post(step_url(action, "done"), data).status_code == 302
    evidence = action.steps.get().evidence.get()
    assert (evidence.original_name, evidence.author_party) == ("kas.pdf", "group")
    login(client, fiona)
    page = client.get(
        reverse("monitoring:action", kwargs={"pk": action.agreement_id, "action_pk": action.pk})
    )
    assert reverse("monitoring:evidence", kwargs={"pk": action.agreement_id, "evidence_pk": evidence.pk}) in (
        page.content.decode()
    )


def test_a_file_refused_leaves_the_action_open(client, action, gita, chair):
    login(client, gita, chair)
    data = {"lock_version": action.lock_version, "note": "", "files": [upload("kas.pdf", b"<html>")]}
    response = client.post(step_url(action, "done"), data)
    assert response.status_code == 400 and "files" in response.context["done_form"].errors
    action.refresh_from_db()
    assert action.status == "open" and not Evidence.objects.exists()


def test_the_owner_never_closes_its_own_action(client, action, gita, chair):
    login(client, gita, chair)
    post_step(client, action, "done")
    assert post_step(client, action, "confirm").status_code == 403
    assert post_step(client, action, "reopen", "Tidak jadi.").status_code == 403
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.DONE


def test_only_the_owner_marks_it_done(client, action, fiona, alice):
    for user in (fiona, alice):
        login(client, user)
        assert post_step(client, action, "done").status_code == 403
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.OPEN


def test_a_confirmation_from_a_page_read_before_the_action_changed_is_refused(
    client, action, gita, chair, fiona
):
    login(client, gita, chair)
    post_step(client, action, "done", "Selesai.")
    action.refresh_from_db()
    read = action.lock_version
    # The other party opens the page; meanwhile the loop goes round once more.
    login(client, fiona)
    post_step(client, action, "reopen", "Belum lengkap.")
    login(client, gita, chair)
    post_step(client, action, "done", "Sekarang lengkap.")
    login(client, fiona)
    response = post_step(client, action, "confirm", lock_version=read)
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.DONE
    assert [s.kind for s in action.steps.all()] == ["done", "reopened", "done"]


def test_a_double_click_takes_one_step(client, action, gita, chair):
    login(client, gita, chair)
    action.refresh_from_db()
    read = action.lock_version
    post_step(client, action, "done", "Selesai.", lock_version=read)
    second = post_step(client, action, "done", "Selesai.", lock_version=read)
    assert second.status_code == 302
    assert action.steps.count() == 1


@pytest.mark.parametrize("name", ["done", "confirm", "reopen"])
def test_steps_are_post_only(as_alice, action, name):
    assert as_alice.get(step_url(action, name)).status_code == 405


@pytest.mark.parametrize("who", ["bob", "gabe"])
def test_outsiders_get_a_404(client, request, action, who):
    user = request.getfixturevalue(who)
    group = getattr(user, "community_group", None) if who == "gabe" else None
    login(client, user, group.members.first() if group else None)
    assert post_step(client, action, "done").status_code == 404
