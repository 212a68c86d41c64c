"""Paper that can be checked: approved documents print their code, drafts print none, and the PDF
of an approved version is kept once and is the file every later download gets."""

import hashlib
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2
import pytest
import segno
import zxingcpp
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from evaluation import services as evaluation_services
from pendampingan import pdf, verification
from pendampingan.models import Institution, Verification
from tests.conftest import approve, approve_data, group_actor, institution_actor, login, race
from tests.conftest import body as content_of
from tests.records.conftest import meeting_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()


def code_of(document, version=1):
    return Verification.objects.get(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk, version=version
    )


def not_yet_approved():
    with translation.override("id"):
        return translation.gettext("NOT YET APPROVED")


def qr_codes(data):
    """Every QR code a phone's camera would read on the PDF's pages."""
    document = pypdfium2.PdfDocument(data)
    found = []
    for page in document:
        image = page.render(scale=2).to_pil()
        found += [result.text for result in zxingcpp.read_barcodes(image)]
    return found


def text_of(data):
    document = pypdfium2.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


@pytest.fixture
def agreed(agreement, alice, group_a, chair):
    approve(agreement, institution_actor(alice))
    approve(agreement, group_actor(group_a, chair))
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def confirmed(minutes, fiona_actor, gita_actor):
    approve(minutes, fiona_actor)
    approve(minutes, gita_actor)
    minutes.refresh_from_db()
    return minutes


@pytest.fixture
def final(in_force, fiona_actor, alice, group_a, chair):
    evaluation = evaluation_services.evaluation_start(
        actor=fiona_actor, agreement=in_force.plan.agreement, level="cycle"
    )
    approve(evaluation, institution_actor(alice))
    approve(evaluation, group_actor(group_a, chair))
    evaluation.refresh_from_db()
    return evaluation


def pdf_url(document):
    kind = document._meta.model_name
    if kind == "agreement":
        return reverse("core:agreement_pdf", args=[document.pk, document.version])
    if kind == "planrevision":
        return document.url("pdf")
    if kind == "minutes":
        return meeting_url("minutes_pdf", document.meeting)
    return reverse("evaluation:report_pdf", args=[document.agreement_id, document.pk])


def print_url(document):
    kind = document._meta.model_name
    if kind == "agreement":
        return reverse("core:agreement_print", args=[document.pk, document.version])
    if kind == "planrevision":
        return document.url("print")
    if kind == "minutes":
        return meeting_url("minutes_print", document.meeting)
    return reverse("evaluation:report", args=[document.agreement_id, document.pk])


@pytest.mark.parametrize("kind", ["agreed", "in_force", "confirmed", "final"])
def test_the_pdf_of_an_approved_document_carries_a_qr_code_that_opens_its_check(request, client, alice, kind):
    document = request.getfixturevalue(kind)
    code = code_of(document)
    data = content_of(login(client, alice).get(pdf_url(document)))
    [address] = qr_codes(data)
    assert address == verification.address(code.code)
    text = text_of(data)
    assert verification.written(code.code) in text
    assert not_yet_approved() not in text
    client.logout()
    checked = client.get(urlsplit(address).path)
    assert checked.status_code == 200 and checked.context["verification"] == code


@pytest.mark.parametrize("kind", ["agreed", "in_force", "confirmed", "final"])
def test_the_print_page_draws_the_same_qr_code_as_an_svg(request, as_alice, kind):
    document = request.getfixturevalue(kind)
    code = code_of(document)
    body = as_alice.get(print_url(document)).content.decode()
    expected = segno.make(verification.address(code.code), error="m").svg_inline(
        border=2, scale=1, unit="mm", svgclass="qr", lineclass=None
    )
    assert expected in body
    assert verification.written(code.code) in body
    assert verification.Printed(code.code, code.issued_at).short_address_html in body


def test_a_draft_plan_prints_not_yet_approved_and_no_code(as_alice, draft, alice):
    from tests.plans.conftest import fill

    fill(draft)
    approve(draft, institution_actor(alice))
    data = content_of(as_alice.get(draft.url("pdf")))
    assert qr_codes(data) == []
    assert not_yet_approved() in text_of(data)
    body = as_alice.get(draft.url("print")).content.decode()
    assert not_yet_approved() in body and 'class="qr"' not in body


def test_a_draft_agreement_and_proposed_minutes_print_without_a_code(
    as_alice, agreement, confirmed, fiona_actor
):
    from records import services

    body = as_alice.get(reverse("core:agreement_print", args=[agreement.pk, 1])).content.decode()
    assert not_yet_approved() in body and 'class="qr"' not in body
    services.minutes_update(
        actor=fiona_actor,
        minutes=confirmed,
        read_version=confirmed.lock_version,
        decisions="Usulan baru.",
        action_items=services.action_items_of(confirmed),
    )
    proposed = content_of(as_alice.get(meeting_url("minutes_pdf", confirmed.meeting) + "?proposed"))
    assert qr_codes(proposed) == [] and not_yet_approved() in text_of(proposed)
    kept = content_of(as_alice.get(meeting_url("minutes_pdf", confirmed.meeting)))
    assert qr_codes(kept) == [verification.address(code_of(confirmed).code)]


def test_an_evaluation_awaiting_the_group_prints_without_a_code(as_alice, in_force, fiona_actor, alice):
    evaluation = evaluation_services.evaluation_start(
        actor=fiona_actor, agreement=in_force.plan.agreement, level="cycle"
    )
    approve(evaluation, institution_actor(alice))
    body = as_alice.get(print_url(evaluation)).content.decode()
    assert not_yet_approved() in body and 'class="qr"' not in body


def test_the_approved_pdf_is_kept_once_and_every_download_is_that_file(
    as_alice, in_force, settings, tmp_path
):
    first = content_of(as_alice.get(in_force.url("pdf")))
    code = code_of(in_force)
    assert code.pdf and code.pdf_sha256 == hashlib.sha256(first).hexdigest()
    # Another language, and a template changed since: the same file all the same.
    as_alice.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    changed = tmp_path / "templates" / "_verification.html"
    changed.parent.mkdir()
    changed.write_text("<p>changed</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [changed.parent, *settings.TEMPLATES[0]["DIRS"]]}]
    again = as_alice.get(in_force.url("pdf"))
    assert content_of(again) == first
    assert again["Content-Disposition"].endswith('.pdf"')
    assert b"changed" in as_alice.get(in_force.url("print")).content


def test_the_digest_stays_when_the_templates_change_and_follows_the_content(in_force, settings, tmp_path):
    code = code_of(in_force)
    changed = tmp_path / "templates" / "plans" / "plan_print.html"
    changed.parent.mkdir(parents=True)
    changed.write_text("{{ agreement.title }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    assert verification.digest(in_force.canonical_content(1)) == code.digest
    in_force.activities.filter(pk=in_force.activities.first().pk).update(budget_group=1)
    assert verification.digest(in_force.canonical_content(1)) != code.digest


def test_the_canonical_form_is_pinned():
    """Changing how content is serialised would change every digest already printed."""
    from datetime import date
    from decimal import Decimal

    content = {
        "title": "Kesepakatan",
        "start": date(2026, 1, 5),
        "budget": Decimal("1500000.00"),
        "n": [2, 1],
    }
    assert verification.canonical(content) == (
        b'{"budget":"1500000","n":[2,1],"start":"2026-01-05","title":"Kesepakatan"}'
    )
    assert verification.digest(content) == hashlib.sha256(verification.canonical(content)).hexdigest()


def test_the_approval_that_completes_the_pair_keeps_the_pdf(
    client, agreement, alice, gita, chair, django_capture_on_commit_callbacks
):
    approve(agreement, institution_actor(alice))
    login(client, gita, chair)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:agreement_approve", args=[agreement.pk]), approve_data(agreement)
        )
    assert response.status_code == 302
    code = code_of(agreement)
    assert code.pdf and code.pdf_sha256
    with code.pdf.open("rb") as kept:
        assert qr_codes(kept.read()) == [verification.address(code.code)]


def test_a_pdf_that_cannot_be_drawn_does_not_undo_the_approval(
    client, agreement, alice, gita, chair, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(pdf, "draw", broken)
    approve(agreement, institution_actor(alice))
    login(client, gita, chair)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:agreement_approve", args=[agreement.pk]), approve_data(agreement))
    agreement.refresh_from_db()
    assert agreement.is_agreed and not code_of(agreement).pdf


def held(client, code, data, name="dokumen.pdf"):
    return client.post(f"/v/{code.code}/", {"file": SimpleUploadedFile(name, data)})


def test_a_visitor_learns_whether_the_pdf_they_hold_is_the_kept_file(client, as_alice, in_force):
    data = content_of(as_alice.get(in_force.url("pdf")))
    code = code_of(in_force)
    client.logout()
    same = held(client, code, data)
    assert same.status_code == 200 and same.context["same_file"] is True
    altered = data[:500] + bytes([data[500] ^ 1]) + data[501:]
    assert held(client, code, altered).context["same_file"] is False
    assert held(client, code, b"%PDF-1.7 something else").context["same_file"] is False


def test_a_file_sent_before_any_was_kept_is_not_it(client, in_force):
    response = held(client, code_of(in_force), b"%PDF-1.7")
    assert response.context["same_file"] is False


def test_a_missing_or_oversized_file_is_said_next_to_the_field(client, in_force, monkeypatch):
    from pendampingan.forms import HeldFileForm

    code = code_of(in_force)
    missing = client.post(f"/v/{code.code}/", {})
    assert missing.context["held"].errors["file"] and missing.context["same_file"] is None
    monkeypatch.setattr(HeldFileForm, "MAX_BYTES", 10)
    big = held(client, code, b"x" * 11)
    assert big.context["held"].errors["file"] and big.context["same_file"] is None
    # A body far larger than any kept file is refused before it is read.
    huge = held(client, code, b"x" * (70 * 1024))
    assert huge.context["held"].errors["file"] == [str(HeldFileForm.TOO_LARGE)]


def test_sending_files_counts_against_the_guessing_limit_and_keeps_to_the_institutions_choice(
    client, in_force
):
    code = code_of(in_force)
    Institution.objects.filter(pk=in_force.plan.agreement.institution_id).update(public_verification=False)
    assert held(client, code, b"%PDF").status_code == 404
    for _ in range(verification.LOOKUPS_PER_MINUTE):
        held(client, code, b"%PDF")
    assert held(client, code, b"%PDF").status_code == 429


def test_a_code_typed_on_the_check_page_opens_its_answer(client, in_force):
    code = code_of(in_force)
    typed = verification.written(code.code).lower().replace("0", "o")
    response = client.get(reverse("verify_lookup"), {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/v/{code.code}/"
    wrong = client.get(reverse("verify_lookup"), {"code": "ABC"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["code"]
    assert client.get(reverse("verify_lookup")).status_code == 200


def test_another_agreements_code_never_shows_in_this_ones_print(
    as_alice, in_force, agreement_b, bob, group_b
):
    officer = group_b.members.get(position="chair")
    approve(agreement_b, institution_actor(bob))
    approve(agreement_b, group_actor(group_b, officer))
    foreign = code_of(agreement_b)
    assert foreign.code not in as_alice.get(in_force.url("print")).content.decode()
    assert as_alice.get(reverse("core:agreement_pdf", args=[agreement_b.pk, 1])).status_code == 404
    assert as_alice.get(reverse("core:agreement_print", args=[agreement_b.pk, 1])).status_code == 404


def test_a_version_that_does_not_exist_is_not_found(as_alice, agreement):
    assert as_alice.get(reverse("core:agreement_print", args=[agreement.pk, 9])).status_code == 404
    assert as_alice.get(reverse("core:agreement_pdf", args=[agreement.pk, 9])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_first_downloads_at_once_keep_one_file(in_force, alice):
    from django.test import Client

    code = code_of(in_force)

    def download():
        return content_of(login(Client(), alice).get(in_force.url("pdf")))

    first, second = race(download, download)
    assert first == second
    code.refresh_from_db()
    assert code.pdf_sha256 == hashlib.sha256(first).hexdigest()
    folder = Path(code.pdf.path).parent
    assert [p.name for p in folder.iterdir()] == [Path(code.pdf.name).name]


def test_the_agreement_print_runs_a_fixed_number_of_queries(
    as_alice, agreed, alice, group_a, chair, assert_queries
):
    from pendampingan import services

    # session, user, staff, agreement with its facilitators and approvals (the access), the amendment
    # that made the version, the version from the history, the approvals with their users, the code
    with assert_queries(11):
        as_alice.get(print_url(agreed))
    for n in range(3):
        amendment = services.amendment_propose(
            actor=institution_actor(alice),
            agreement=agreed,
            reason="Alasan.",
            **{**agreed.content(), "purpose": f"P{n}"},
        )
        approve(amendment, institution_actor(alice))
        approve(amendment, group_actor(group_a, chair))
        agreed.refresh_from_db()
    # session, user, staff, agreement with its facilitators and approvals (the access), the amendment
    # that made the version, the version from the history, the approvals with their users, the code
    with assert_queries(11):
        as_alice.get(print_url(agreed))
