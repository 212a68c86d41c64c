"""A file of evidence is served to the agreement's parties as what it was checked to be; to nobody else."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from tests.conftest import login, photo_bytes
from tests.monitoring.conftest import PDF, add_evidence, evidence_url, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(activity, chair_actor):
    return record(chair_actor, activity)


@pytest.fixture
def pdf(entry, chair_actor):
    """A PDF the group sent under a photo's name."""
    return add_evidence(chair_actor, entry, "catatan.jpg", PDF)


@pytest.fixture
def photo(entry, chair_actor):
    return add_evidence(chair_actor, entry, "sawah.jpg", photo_bytes((3000, 2000)))


def content(response):
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("who", ["fiona", "alice", "gita"])
def test_it_serves_the_file_to_both_parties_and_the_coordinator(client, request, pdf, chair, who):
    login(client, request.getfixturevalue(who), chair if who == "gita" else None)
    served = client.get(evidence_url(pdf))
    assert served.status_code == 200
    assert content(served) == PDF


def test_it_is_served_as_the_type_its_content_showed_whatever_its_name(as_alice, pdf):
    served = as_alice.get(evidence_url(pdf))
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == 'inline; filename="catatan.pdf"'
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "sandbox"
    assert served["Cache-Control"].startswith("private")


def test_a_photo_and_its_thumbnail_are_served_as_jpegs(as_alice, photo):
    served = as_alice.get(evidence_url(photo))
    assert served["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(content(served))).size == (1600, 1067)
    small = as_alice.get(evidence_url(photo, thumbnail=True))
    assert Image.open(io.BytesIO(content(small))).size == (320, 213)


def test_a_document_a_browser_cannot_show_is_downloaded_under_a_name_in_any_script(
    as_alice, entry, chair_actor
):
    from pendampingan import attachments
    from tests.pendampingan.test_attachments import WORD_MAIN, office

    word = add_evidence(chair_actor, entry, "laporan kegiatan ü.docx", office(WORD_MAIN))
    served = as_alice.get(evidence_url(word))
    assert served["Content-Type"] == attachments.DOCX
    assert served["Content-Disposition"].startswith("attachment; filename*=utf-8''laporan%20kegiatan%20")
    assert "no-store" in served["Cache-Control"]


def test_a_file_gone_from_storage_is_a_404(as_alice, pdf):
    pdf.file.storage.delete(pdf.file.name)
    assert as_alice.get(evidence_url(pdf)).status_code == 404


@pytest.mark.parametrize("who", ["bob", "bella", "frank", "gabe"])
def test_outsiders_get_a_404(client, request, pdf, who):
    user = request.getfixturevalue(who)
    group = getattr(user, "community_group", None)
    login(client, user, group.members.first() if group else None)
    assert client.get(evidence_url(pdf)).status_code == 404


@pytest.mark.parametrize("who", ["bob", "gabe"])
def test_a_file_of_another_agreement_is_a_404_under_ones_own(client, request, pdf, agreement_b, who):
    user = request.getfixturevalue(who)
    login(client, user, agreement_b.group.members.first() if who == "gabe" else None)
    url = reverse("monitoring:evidence", kwargs={"pk": agreement_b.pk, "evidence_pk": pdf.pk})
    assert client.get(url).status_code == 404


def test_an_unknown_file_is_a_404(as_alice, pdf):
    url = reverse("monitoring:evidence", kwargs={"pk": pdf.agreement_id, "evidence_pk": pdf.pk + 1})
    assert as_alice.get(url).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, pdf):
    assert client.get(evidence_url(pdf)).url.startswith(reverse("login"))


def test_it_is_read_only(as_alice, pdf):
    assert as_alice.post(evidence_url(pdf)).status_code == 405
