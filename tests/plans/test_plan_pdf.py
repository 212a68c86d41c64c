import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from plans import services
from tests.conftest import approve, body, institution_actor, login
from tests.plans.conftest import fill

pytestmark = pytest.mark.django_db


def pdf_text(response):
    return text_of(body(response))


def text_of(data):
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def indonesian(message):
    """What the default language shows for ``message``, before and after it is translated."""
    with translation.override("id"):
        return translation.gettext(message)


@pytest.mark.parametrize("who", ["as_alice", "as_gita"])
def test_it_downloads_the_plan_as_a_pdf_for_both_parties(request, in_force, who):
    response = request.getfixturevalue(who).get(in_force.url("pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="pendampingan-kelompok-tani-maju-1-1.pdf"'
    data = body(response)
    assert data.startswith(b"%PDF")
    pages, text = text_of(data)
    assert pages >= 1
    assert "Pendampingan Kelompok Tani Maju" in text
    assert "Kegiatan 2.2" in text
    # fill() gives each activity Rp1.000.000 from the institution and Rp200.000 of swadaya.
    assert "Rp1.200.000" in text
    assert indonesian("Page %(page)s of %(pages)s") % {"page": 1, "pages": pages} in text
    assert indonesian("NOT YET APPROVED") not in text


def test_it_numbers_pages_in_indonesian(as_alice, in_force):
    _pages, text = pdf_text(as_alice.get(in_force.url("pdf")))
    assert "Halaman 1 dari" in text


def test_it_numbers_pages_in_the_chosen_language(as_alice, draft, settings):
    as_alice.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages, text = pdf_text(as_alice.get(draft.url("pdf")))
    assert f"Page 1 of {pages}" in text


def test_an_approved_plan_is_kept_in_the_sites_language_whoever_asks_first(as_alice, in_force, settings):
    as_alice.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages, text = pdf_text(as_alice.get(in_force.url("pdf")))
    assert f"Halaman 1 dari {pages}" in text


def test_it_keeps_amounts_on_one_line(as_alice, draft):
    fill(draft, stages=3, per_stage=4)
    most = 9_999_999_999
    draft.activities.update(budget_institution=most, budget_group=most, budget_other=most)
    _pages, text = pdf_text(as_alice.get(draft.url("pdf")))
    assert "Rp29.999.999.997" in text
    assert "Rp359.999.999.964" in text


def test_it_marks_a_draft_and_who_has_approved_it(as_gita, draft, alice):
    fill(draft)
    approve(draft, institution_actor(alice))
    _pages, text = pdf_text(as_gita.get(draft.url("pdf")))
    assert indonesian("NOT YET APPROVED") in text
    assert "Alice" in text
    assert indonesian("Not yet approved") in text


def test_it_signs_with_the_officer_who_approved_for_the_group(as_alice, in_force):
    _pages, text = pdf_text(as_alice.get(in_force.url("pdf")))
    assert "Sumarni" in text
    assert indonesian("Chair (ketua)") in text
    assert "Alice" in text
    assert indonesian("Not yet approved") not in text


def test_it_lets_no_cache_keep_the_pdf(as_alice, in_force):
    cache_control = as_alice.get(in_force.url("pdf"))["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control


@pytest.mark.parametrize("who", ["bob", "gabe"])
def test_outsiders_get_404(client, request, in_force, who):
    login(client, request.getfixturevalue(who))
    assert client.get(in_force.url("pdf")).status_code == 404


def test_anonymous_visitors_log_in_first(client, in_force):
    response = client.get(in_force.url("pdf"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_takes_only_get(as_alice, in_force):
    assert as_alice.post(in_force.url("pdf")).status_code == 405


def test_the_print_page_and_the_plan_link_to_the_pdf(as_alice, in_force):
    link = f'href="{in_force.url("pdf")}"'
    assert link in as_alice.get(in_force.url("print")).content.decode()
    assert link in as_alice.get(in_force.url()).content.decode()


# session, user, staff, agreement with parties, facilitators, approvals, proposed amendments, the
# revision with its approvals (2), stages, activities, indicators, commitments, sibling revisions, and
# whether this version has a verification code (once for the kept file, once for the paper)
def test_the_pdf_runs_a_fixed_number_of_queries(as_alice, in_force, alice, assert_queries):
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    with assert_queries(16):
        as_alice.get(revision.url("pdf"))
    fill(revision, stages=3, per_stage=4)
    with assert_queries(16):
        as_alice.get(revision.url("pdf"))
