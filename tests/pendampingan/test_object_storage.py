"""Files in S3-compatible object storage (a real S3 server: moto's, one for the session): uploads land
in the bucket, downloads go only through views that check access, and a storage that cannot be
reached is said plainly instead of failing with a 500."""

# The pillars' fixtures (an activity of a plan in force, the group's officer) are imported by name.
# ruff: noqa: F401, F811

import hashlib
import socket
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from monitoring.models import ActivityProgress, Evidence
from pendampingan.models import Verification
from records.models import ActivityRecord, RecordFile
from tests.conftest import approve, approve_data, body, institution_actor, login, photo_bytes, upload
from tests.monitoring.conftest import (
    PDF,
    activity,
    add_evidence,
    agreement_in_force,
    chair_actor,
    entry_data,
    evidence_url,
    progress_url,
    record,
)
from tests.pendampingan.test_core import run_manage
from tests.plans.conftest import draft, in_force
from tests.records.conftest import url

pytestmark = pytest.mark.django_db

CANNOT_SAVE = "Berkas tidak dapat disimpan sekarang; coba lagi sebentar lagi."


def closed_port():
    """An address on this machine where nothing listens: a storage that does not answer."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def fetch(address):
    """What the browser gets when it follows a signed address: status, headers, bytes."""
    with urllib.request.urlopen(address, timeout=10) as answer:
        return answer.status, answer.headers, answer.read()


def create_url(activity):
    return progress_url(activity.revision.plan.agreement, "entry_create", key=activity.key)


@pytest.fixture
def evidence(s3, activity, chair_actor):
    """A PDF the group sent under a photo's name, stored in the bucket."""
    return add_evidence(chair_actor, record(chair_actor, activity), "catatan.jpg", PDF)


def test_the_default_storage_is_the_bucket_only_when_asked(settings, s3):
    assert default_storage.__class__.__name__ == "S3Storage"
    assert default_storage.bucket_name == s3.name
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    assert default_storage.__class__.__name__ == "FileSystemStorage"


def test_an_upload_through_the_page_lands_in_the_bucket(s3, as_gita, activity):
    files = [upload("sawah.jpg", photo_bytes((2000, 1500))), upload("daftar-hadir.pdf", PDF)]
    response = as_gita.post(create_url(activity), entry_data(files=files))
    assert response.status_code == 302
    found = {e.original_name: e for e in Evidence.objects.all()}
    photo, listed = found["sawah.jpg"], found["daftar-hadir.pdf"]
    assert s3.names("evidence/") == sorted([photo.file.name, photo.thumbnail.name, listed.file.name])
    assert s3.read(listed.file.name) == PDF


def test_a_party_downloads_it_through_an_address_signed_for_a_minute(s3, as_alice, evidence):
    response = as_alice.get(evidence_url(evidence))
    assert response.status_code == 302
    address = response["Location"]
    assert address.startswith(s3.endpoint + "/" + s3.name + "/evidence/")
    assert parse_qs(urlsplit(address).query)["X-Amz-Expires"] == ["60"]
    assert "no-store" in response["Cache-Control"]
    status, headers, data = fetch(address)
    # The type it was found to be and its name, as when the app served it itself.
    assert (status, data) == (200, PDF)
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'inline; filename="catatan.pdf"'
    assert headers["Cache-Control"] == "private, max-age=3600"


def test_without_its_signature_the_file_is_refused_by_the_storage(s3, evidence):
    bare = f"{s3.endpoint}/{s3.name}/{evidence.file.name}"
    with pytest.raises(urllib.request.HTTPError) as refused:
        fetch(bare)
    assert refused.value.code == 403


def test_a_photos_thumbnail_is_signed_too(s3, as_gita, chair_actor, activity):
    photo = add_evidence(chair_actor, record(chair_actor, activity), "sawah.jpg", photo_bytes((2000, 1500)))
    response = as_gita.get(evidence_url(photo, thumbnail=True))
    status, headers, data = fetch(response["Location"])
    assert (status, headers["Content-Type"]) == (200, "image/jpeg")
    assert data == s3.read(photo.thumbnail.name)


@pytest.mark.parametrize("who", ["bob", "gabe"])
def test_another_tenant_gets_a_404(client, request, evidence, agreement_b, who):
    user = request.getfixturevalue(who)
    login(client, user, agreement_b.group.members.first() if who == "gabe" else None)
    assert client.get(evidence_url(evidence)).status_code == 404
    under_their_own = reverse(
        "monitoring:evidence", kwargs={"pk": agreement_b.pk, "evidence_pk": evidence.pk}
    )
    assert client.get(under_their_own).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, evidence):
    assert client.get(evidence_url(evidence)).url.startswith(reverse("login"))


def test_an_activity_records_photo_goes_the_same_way(s3, as_alice, agreement_in_force, activity):
    data = {
        "done_on": timezone.localdate().isoformat(),
        "title": "Pelatihan kompos",
        "what_was_done": "Praktik membuat kompos.",
        "results": "Dua bak kompos jadi.",
        "files": [upload("kompos.jpg", photo_bytes())],
    }
    response = as_alice.post(url("record_create", agreement_in_force, key=activity.key), data)
    assert response.status_code == 302, response.context["form"].errors
    stored = RecordFile.objects.get()
    assert s3.names("records/") == sorted([stored.file.name, stored.thumbnail.name])
    served = as_alice.get(reverse("records:file", kwargs={"pk": stored.agreement_id, "file_pk": stored.pk}))
    assert fetch(served["Location"])[2] == s3.read(stored.file.name)


def test_a_file_gone_from_the_bucket_is_a_404(s3, as_alice, evidence):
    s3.client.delete_object(Bucket=s3.name, Key=evidence.file.name)
    assert as_alice.get(evidence_url(evidence)).status_code == 404


def test_a_file_made_by_a_job_is_kept_in_the_bucket_and_given_only_to_who_asked(s3, as_alice, agreement, bob):
    from pendampingan.models import PreparedFile

    as_alice.post(reverse("core:prepared_ask", args=["portfolio", "csv"]), {"query": ""})
    made = PreparedFile.objects.get()
    assert s3.names("prepared/") == [made.file.name]
    response = as_alice.get(reverse("core:prepared_download", args=[made.pk]))
    status, headers, data = fetch(response["Location"])
    assert (status, data) == (200, s3.read(made.file.name))
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    assert headers["Content-Disposition"] == f'attachment; filename="{made.filename}"'
    login(as_alice, bob)
    assert as_alice.get(reverse("core:prepared_download", args=[made.pk])).status_code == 404


# Kept PDFs


def kept(agreement):
    return Verification.objects.get(
        content_type=ContentType.objects.get_for_model(agreement), object_id=agreement.pk, version=1
    )


@pytest.fixture
def agreed(s3, agreement, alice, gita, chair, django_capture_on_commit_callbacks):
    """An agreement whose approval by both parties, on the group's page, kept its PDF in the bucket
    (a job, run as the approval commits)."""
    approve(agreement, institution_actor(alice))
    with django_capture_on_commit_callbacks(execute=True):
        response = login(Client(), gita, chair).post(
            reverse("core:agreement_approve", args=[agreement.pk]), approve_data(agreement)
        )
    assert response.status_code == 302
    return agreement


def pdf_url(agreement):
    return reverse("core:agreement_pdf", args=[agreement.pk, 1])


def test_the_approval_keeps_the_pdf_in_the_bucket_and_the_view_serves_it(s3, as_alice, agreed):
    code = kept(agreed)
    assert s3.names() == [code.pdf.name] and code.pdf.name.startswith(f"verified/{code.code}/")
    response = as_alice.get(pdf_url(agreed))
    status, headers, data = fetch(response["Location"])
    assert status == 200 and hashlib.sha256(data).hexdigest() == code.pdf_sha256
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith("attachment; filename=")
    assert headers["Content-Disposition"].endswith('.pdf"')
    assert headers["Cache-Control"] == "private, no-store"


def test_a_kept_pdf_gone_from_the_bucket_is_drawn_again_from_the_approved_content(s3, as_alice, agreed):
    code = kept(agreed)
    s3.client.delete_object(Bucket=s3.name, Key=code.pdf.name)
    response = as_alice.get(pdf_url(agreed))
    assert response.status_code == 302
    assert s3.names() == [kept(agreed).pdf.name]
    data = fetch(response["Location"])[2]
    # The same approved content drawn again: the same file, so a copy someone holds still checks.
    assert hashlib.sha256(data).hexdigest() == kept(agreed).pdf_sha256 == code.pdf_sha256


def test_another_tenant_gets_a_404_for_the_kept_pdf(client, bob, agreed):
    login(client, bob)
    assert client.get(pdf_url(agreed)).status_code == 404


# A storage that cannot be reached


def test_an_upload_while_the_storage_is_down_is_refused_next_to_the_field_and_nothing_is_saved(
    s3,
    settings,
    as_alice,
    activity,
):
    settings.STORAGES = s3.storages(endpoint=closed_port(), attempts=1)
    typed = entry_data(what_was_done="Pelatihan kedua di balai desa.", files=[upload("daftar.pdf", PDF)])
    response = as_alice.post(create_url(activity), typed)
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == [CANNOT_SAVE]
    # What was typed is still in the form, to send again.
    assert "Pelatihan kedua di balai desa." in response.content.decode()
    assert not ActivityProgress.objects.exists() and not Evidence.objects.exists()
    assert s3.names("evidence/") == []


def test_a_second_file_that_cannot_be_saved_takes_the_first_away_with_the_record(
    s3,
    as_alice,
    activity,
    monkeypatch,
):
    from botocore.exceptions import EndpointConnectionError
    from storages.backends.s3 import S3Storage

    saves = []
    save = S3Storage._save

    def second_fails(storage, name, content):
        saves.append(name)
        if len(saves) == 2:
            raise EndpointConnectionError(endpoint_url=s3.endpoint)
        return save(storage, name, content)

    monkeypatch.setattr(S3Storage, "_save", second_fails)
    files = [upload("satu.pdf", PDF), upload("dua.pdf", PDF)]
    response = as_alice.post(create_url(activity), entry_data(files=files))
    assert response.context["form"].errors["files"] == [CANNOT_SAVE]
    assert len(saves) == 2 and not ActivityProgress.objects.exists() and s3.names("evidence/") == []


def unavailable(response):
    return (
        response.status_code == 503
        and response["Retry-After"]
        and "Penyimpanan berkas tidak dapat dijangkau sekarang" in response.content.decode()
    )


def test_a_download_while_the_storage_is_down_answers_a_plain_503(s3, settings, as_alice, evidence):
    settings.STORAGES = s3.storages(endpoint=closed_port(), attempts=1)
    assert unavailable(as_alice.get(evidence_url(evidence)))


def test_a_kept_pdf_while_the_storage_is_down_answers_a_plain_503(s3, settings, as_alice, agreed):
    settings.STORAGES = s3.storages(endpoint=closed_port(), attempts=1)
    assert unavailable(as_alice.get(pdf_url(agreed)))


def test_on_the_local_disk_files_are_streamed_and_have_no_public_address(as_alice, chair_actor, activity):
    evidence = add_evidence(chair_actor, record(chair_actor, activity), "catatan.jpg", PDF)
    response = as_alice.get(evidence_url(evidence))
    assert response.status_code == 200 and body(response) == PDF
    assert as_alice.get("/media/" + evidence.file.name).status_code == 404


def test_an_activity_record_is_saved_with_its_files_or_not_at_all(
    s3, settings, as_alice, agreement_in_force, activity
):
    settings.STORAGES = s3.storages(endpoint=closed_port(), attempts=1)
    data = {
        "done_on": timezone.localdate().isoformat(),
        "title": "Pelatihan kompos",
        "what_was_done": "Praktik membuat kompos.",
        "results": "Dua bak kompos jadi.",
        "files": [upload("kompos.jpg", photo_bytes())],
    }
    response = as_alice.post(url("record_create", agreement_in_force, key=activity.key), data)
    assert response.context["form"].errors["files"] == [CANNOT_SAVE]
    assert not ActivityRecord.objects.exists()


# Settings


S3_ENV = {
    "S3_BUCKET": "bukti-lapangan",
    "S3_ENDPOINT_URL": "https://s3.example.id:9000",
    "S3_ACCESS_KEY_ID": "key-id",
    "S3_SECRET_ACCESS_KEY": "secret",
}


def test_the_local_disk_is_the_storage_unless_a_bucket_is_named():
    from pendampingan import settings

    assert settings.STORAGES["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_named_bucket_is_the_storage_private_and_signed_for_a_minute():
    shown = (
        "from django.conf import settings; from django.core.files.storage import default_storage as s; "
        "print(s.__class__.__name__, s.bucket_name, s.endpoint_url, s.region_name, s.default_acl, "
        "s.querystring_auth, s.querystring_expire, s.file_overwrite); "
        "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    )
    result = run_manage("shell", "-c", shown, **S3_ENV)
    storage, images = result.stdout.strip().splitlines()[-2:]
    assert storage == "S3Storage bukti-lapangan https://s3.example.id:9000 us-east-1 None True 60 False"
    # A photo's thumbnail comes from the storage's signed address: the pages may show it.
    assert images == "'self' data: https://s3.example.id:9000"


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"S3_ENDPOINT_URL": "s3.example.id"}, "S3_ENDPOINT_URL: 's3.example.id' must start with https://"),
        ({"S3_SECRET_ACCESS_KEY": ""}, "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together"),
    ],
)
def test_a_malformed_storage_setting_stops_the_start(changes, message):
    result = run_manage("check", **{**S3_ENV, **changes})
    assert result.returncode != 0 and message in result.stderr
