"""Evidence on progress entries, indicator values and corrective actions marked done."""

import pytest
from django.urls import reverse

from monitoring.models import ActivityProgress, Evidence, IndicatorValue
from tests.conftest import login, photo_bytes, upload
from tests.monitoring.conftest import entry_data, progress_url, value_data

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def post_entry(client, activity, **files):
    url = progress_url(activity.revision.plan.agreement, "entry_create", key=activity.key)
    return client.post(url, {**entry_data(), **files})


def evidence_url(item, thumbnail=False):
    url = reverse("monitoring:evidence", kwargs={"pk": item.agreement_id, "evidence_pk": item.pk})
    return url + ("?thumbnail" if thumbnail else "")


def test_an_entry_carries_photos_and_documents(client, agreement_in_force, activity, gita, chair):
    login(client, gita, chair)
    response = post_entry(
        client,
        activity,
        files=[upload("sawah.jpg", photo_bytes((3000, 2000))), upload("daftar-hadir.pdf", PDF)],
    )
    assert response.status_code == 302
    entry = ActivityProgress.objects.get()
    found = {e.original_name: e for e in entry.evidence.all()}
    assert found["sawah.jpg"].content_type == "image/jpeg" and found["sawah.jpg"].width == 1600
    assert found["daftar-hadir.pdf"].author_party == "group"
    page = client.get(progress_url(agreement_in_force, "activity", key=activity.key)).content.decode()
    assert evidence_url(found["sawah.jpg"], thumbnail=True) in page and "daftar-hadir.pdf" in page


def test_a_bad_file_saves_nothing_and_says_why_next_to_the_field(client, activity, gita, chair):
    login(client, gita, chair)
    response = post_entry(client, activity, files=[upload("foto.jpg", b"<html></html>")])
    assert response.status_code == 200
    assert "files" in response.context["form"].errors
    assert not ActivityProgress.objects.exists() and not Evidence.objects.exists()


def test_a_file_is_served_as_what_it_was_checked_to_be(client, activity, gita, chair, fiona):
    login(client, gita, chair)
    post_entry(client, activity, files=[upload("catatan.jpg", PDF, "image/jpeg")])
    item = Evidence.objects.get()
    login(client, fiona)  # the other party reads it too
    served = client.get(evidence_url(item))
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    assert b"".join(served.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["bob", "gabe"])
def test_outsiders_get_a_404(client, request, activity, gita, chair, who):
    login(client, gita, chair)
    post_entry(client, activity, files=[upload("a.pdf", PDF)])
    user = request.getfixturevalue(who)
    group = getattr(user, "community_group", None)
    login(client, user, group.members.first() if group else None)
    assert client.get(evidence_url(Evidence.objects.get())).status_code == 404


def test_removing_a_file_deletes_it_after_the_save(
    client, activity, gita, chair, django_capture_on_commit_callbacks
):
    login(client, gita, chair)
    post_entry(client, activity, files=[upload("a.pdf", PDF), upload("b.pdf", PDF)])
    entry = ActivityProgress.objects.get()
    gone = entry.evidence.get(original_name="a.pdf")
    storage, name = gone.file.storage, gone.file.name
    edit = progress_url(entry.agreement, "entry_edit", entry_pk=entry.pk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, {**entry_data(), "lock_version": entry.lock_version, "remove": [gone.pk]})
    assert [e.original_name for e in entry.evidence.all()] == ["b.pdf"]
    assert not storage.exists(name)


def test_the_other_party_cannot_remove_what_it_did_not_write(client, activity, gita, chair, fiona):
    login(client, gita, chair)
    post_entry(client, activity, files=[upload("a.pdf", PDF)])
    entry = ActivityProgress.objects.get()
    login(client, fiona)
    edit = progress_url(entry.agreement, "entry_edit", entry_pk=entry.pk)
    response = client.post(edit, {**entry_data(), "lock_version": entry.lock_version, "remove": []})
    assert response.status_code == 403 and entry.evidence.count() == 1


def test_an_indicator_value_carries_evidence(client, indicator, gita, chair):
    login(client, gita, chair)
    url = reverse(
        "monitoring:value_create",
        kwargs={"pk": indicator.revision.plan.agreement_id, "indicator_key": indicator.key},
    )
    client.post(url, {**value_data(), "files": [upload("timbang.png", photo_bytes(fmt="PNG"))]})
    assert IndicatorValue.objects.get().evidence.get().original_name == "timbang.png"


def test_an_action_marked_done_carries_its_evidence(client, agreement_in_force, fiona_actor, gita, chair):
    from django.utils import timezone

    from monitoring import services

    action = services.corrective_action_create(
        actor=fiona_actor,
        agreement=agreement_in_force,
        title="Buku kas",
        owner_party="group",
        owner_name="Sumarni",
        due_date=timezone.localdate(),
    )
    login(client, gita, chair)
    url = reverse("monitoring:action_done", kwargs={"pk": agreement_in_force.pk, "action_pk": action.pk})
    client.post(
        url, {"lock_version": action.lock_version, "note": "Selesai.", "files": [upload("kas.pdf", PDF)]}
    )
    step = action.steps.get()
    assert step.evidence.get().original_name == "kas.pdf"
    page = client.get(
        reverse("monitoring:action", kwargs={"pk": agreement_in_force.pk, "action_pk": action.pk})
    )
    assert "kas.pdf" in page.content.decode()


def test_a_stored_file_has_no_public_address_even_with_debug_on(settings, client, activity, gita, chair):
    import importlib

    from django.urls import clear_url_caches

    import pendampingan.urls

    login(client, gita, chair)
    post_entry(client, activity, files=[upload("a.pdf", PDF)])
    settings.DEBUG = True
    importlib.reload(pendampingan.urls)
    clear_url_caches()
    try:
        client.logout()
        response = client.get(f"/{settings.MEDIA_URL.strip('/')}/{Evidence.objects.get().file.name}")
        assert response.status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(pendampingan.urls)
        clear_url_caches()
