"""The coordinator's evaluation report: the structure Indonesian reports follow, as a page and a PDF."""

import pytest

from tests.conftest import approve, group_actor, institution_actor
from tests.evaluation.conftest import url
from tests.plans.test_plan_pdf import indonesian, pdf_text

pytestmark = pytest.mark.django_db

SECTIONS = [
    "EVALUATION REPORT",
    "Introduction",
    "Background",
    "Scope",
    "Activities carried out",
    "Results achieved",
    "Problems and follow-up",
    "Conclusions and recommendations",
    "Closing",
]


@pytest.fixture
def written(cycle, alice, group_a, chair):
    cycle.institution_worked = "Kompos tercapai."
    cycle.group_worked = "Rumah kompos jadi."
    cycle.conclusions = "Siklus berjalan baik."
    cycle.recommendations = "Lanjutkan pencatatan keuangan."
    cycle.save()
    return cycle


def test_the_pdf_has_its_sections_in_order_and_a_sensible_length(as_alice, written):
    response = as_alice.get(url("report_pdf", written))
    assert response["Content-Type"] == "application/pdf"
    pages, text = pdf_text(response)
    assert 2 <= pages <= 8
    positions = [text.find(indonesian(section)) for section in SECTIONS]
    assert -1 not in positions and positions == sorted(positions)
    for expected in (
        "Kompos tercapai.",
        "Rumah kompos jadi.",
        "Lanjutkan pencatatan keuangan.",
        "Kegiatan 1.1",
    ):
        assert expected in text
    assert f"Halaman 1 dari {pages}" in text
    assert indonesian("NOT YET APPROVED") in text


def test_approved_it_prints_without_the_draft_mark_and_with_both_signatures(
    as_alice, written, alice, group_a, chair
):
    approve(written, institution_actor(alice))
    approve(written, group_actor(group_a, chair))
    _pages, text = pdf_text(as_alice.get(url("report_pdf", written)))
    assert indonesian("NOT YET APPROVED") not in text
    assert "Sumarni" in text


def test_the_page_is_the_same_report(as_gita, written):
    page = as_gita.get(url("report", written)).content.decode()
    for section in SECTIONS:
        assert indonesian(section) in page
    assert page.count('class="chart') >= 2


def test_it_prints_how_the_figures_are_computed_unfolded(as_gita, written):
    page = as_gita.get(url("report", written)).content.decode()
    assert page.count("<details") == page.count('<details class="mb-3 small" open>') == 1
    evaluation_page = as_gita.get(url("evaluation", written)).content.decode()
    assert '<details class="mb-3 small">' in evaluation_page


@pytest.mark.parametrize("extra", [0, 8])
def test_the_report_runs_a_fixed_number_of_queries(
    as_alice, written, in_force, fiona_actor, extra, assert_queries
):
    from monitoring import services as monitoring
    from tests.plans.conftest import add_activity

    stage = in_force.stages.first()
    for n in range(extra):
        activity = add_activity(in_force, stage, f"Tambahan {n}")
        monitoring.progress_create(
            actor=fiona_actor,
            agreement=written.agreement,
            activity=activity,
            reported_on=stage.start_date,
            status="in_progress",
            what_was_done="Mulai.",
            actual_start=stage.start_date,
            spent_institution=100_000,
        )
    # session, user, staff; the agreement with its parties, facilitators, approvals and proposed
    # amendments; the evaluation with its approvals; the figures (as on the evaluation's page); the
    # corrective actions of the period.
    with assert_queries(20):
        response = as_alice.get(url("report", written))
    assert len(response.context["figures"].activity_rows) == 4 + extra
