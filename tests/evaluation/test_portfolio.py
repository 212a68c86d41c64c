"""The coordinator's portfolio report: the institution's agreements in a period, side by side."""

import pytest
from django.urls import reverse

from pendampingan.models import Agreement
from tests.conftest import login, make_agreement
from tests.plans.test_plan_pdf import indonesian, pdf_text

pytestmark = pytest.mark.django_db

URL = reverse("evaluation:portfolio")


def test_it_lists_the_institutions_agreements_running_in_the_period(
    as_alice, agreement_in_force, agreement_b
):
    response = as_alice.get(URL, {"start": "2026-01-01", "end": "2026-12-31"})
    rows = response.context["rows"]
    assert [row.agreement for row in rows] == [agreement_in_force]
    assert rows[0].cycle == 1 and rows[0].figures.activities == 4


def test_an_agreement_outside_the_period_is_left_out(as_alice, agreement_in_force):
    response = as_alice.get(URL, {"start": "2020-01-01", "end": "2020-12-31"})
    assert response.context["rows"] == []


def test_an_agreement_without_a_plan_is_listed_without_figures(
    as_alice, agreement_in_force, institution_a, group_a, alice, fiona
):
    other = make_agreement(institution_a, group_a, alice, [fiona], title="Kesepakatan lain")
    Agreement.objects.filter(pk=other.pk).update(status=Agreement.Status.ACTIVE)
    rows = {
        row.agreement.pk: row
        for row in as_alice.get(URL, {"start": "2026-01-01", "end": "2026-12-31"}).context["rows"]
    }
    assert rows[other.pk].figures is None and rows[agreement_in_force.pk].figures is not None


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-12-31", "end": "2026-01-01"},
        {"start": "0026-01-01", "end": "2026-01-01"},
        {"start": "x", "end": ""},
    ],
)
def test_a_bad_period_is_said_and_the_year_so_far_shown(as_alice, agreement_in_force, query):
    response = as_alice.get(URL, query)
    assert response.status_code == 200 and response.context["form"].errors


def test_a_group_login_has_no_portfolio(client, gita, chair):
    login(client, gita, chair)
    assert client.get(URL).status_code == 403


def test_the_pdf_renders_with_its_agreements(as_alice, agreement_in_force):
    response = as_alice.get(reverse("evaluation:portfolio_pdf"), {"start": "2026-01-01", "end": "2026-12-31"})
    _pages, text = pdf_text(response)
    assert (
        indonesian("PORTFOLIO REPORT") in text
        and "Pendampingan" in text
        and indonesian("Effectiveness") in text
    )


@pytest.mark.parametrize("extra", [0, 3])
def test_it_runs_a_fixed_number_of_queries(
    as_alice, agreement_in_force, in_force, institution_a, group_a, alice, fiona, extra, assert_queries
):
    from plans import services as plans
    from tests.conftest import approve, group_actor, institution_actor
    from tests.plans.conftest import fill

    for n in range(extra):
        other = make_agreement(institution_a, group_a, alice, [fiona], title=f"Kesepakatan {n}")
        Agreement.objects.filter(pk=other.pk).update(status=Agreement.Status.ACTIVE, agreed_version=1)
        revision = plans.plan_create(actor=institution_actor(alice), agreement=other)
        fill(revision)
        approve(revision, institution_actor(alice))
        approve(revision, group_actor(group_a, group_a.members.get(name="Sumarni")))
    # session, user, staff; how many agreements, the page of them with their facilitators; the
    # plans' cycles; the figures' nine reads for all the page's agreements together.
    with assert_queries(16):
        response = as_alice.get(URL, {"start": "2026-01-01", "end": "2026-12-31"})
    assert len([row for row in response.context["rows"] if row.figures]) == 1 + extra


def test_anonymous_visitors_log_in_first(client):
    assert client.get(URL).url.startswith(reverse("login"))


def test_the_page_shows_rows_numbered_as_in_the_whole_report_whose_pdf_has_them_all(
    as_alice, agreement_in_force, institution_a, group_a, alice, fiona, monkeypatch
):
    from pendampingan import paging

    monkeypatch.setattr(paging, "PER_PAGE", 1)
    other = make_agreement(institution_a, group_a, alice, [fiona], title="Zaitun")
    Agreement.objects.filter(pk=other.pk).update(status=Agreement.Status.ACTIVE)
    period = {"start": "2026-01-01", "end": "2026-12-31"}
    response = as_alice.get(URL, {**period, "page": "2"})
    [row] = response.context["rows"]
    assert row.agreement == other and row.number == 2
    body = response.content.decode()
    assert "2 kesepakatan berjalan dalam periode ini." in body
    assert "?start=2026-01-01&amp;end=2026-12-31&amp;page=1" in body
    _pages, text = pdf_text(as_alice.get(reverse("evaluation:portfolio_pdf"), period))
    assert "Pendampingan" in text and "Zaitun" in text


def test_the_whole_report_on_paper_is_drawn_by_a_job_and_offered_to_who_asked(
    as_alice, agreement_in_force, client, frank
):
    from pendampingan.models import PreparedFile

    page = as_alice.get(URL, {"start": "2026-01-01", "end": "2026-12-31"}).content.decode()
    asked = reverse("core:prepared_ask", args=["evaluation_portfolio", "pdf"])
    assert asked in page and 'value="start=2026-01-01&amp;end=2026-12-31"' in page
    response = as_alice.post(asked, {"query": "start=2026-01-01&end=2026-12-31"})
    found = PreparedFile.objects.get()
    assert found.status == PreparedFile.Status.READY and found.filename.endswith("2026-01-01-2026-12-31.pdf")
    download = as_alice.get(reverse("core:prepared_download", args=[found.pk]))
    assert download["Content-Type"] == "application/pdf"
    _pages, text = pdf_text(download)
    assert indonesian("PORTFOLIO REPORT") in text and "Pendampingan" in text
    assert response.url == reverse("core:prepared_file", args=[found.pk])
    login(client, frank)
    assert client.get(reverse("core:prepared_download", args=[found.pk])).status_code == 404


def test_a_group_cannot_ask_for_the_report_on_paper(client, gita, chair):
    login(client, gita, chair)
    asked = reverse("core:prepared_ask", args=["evaluation_portfolio", "pdf"])
    assert client.post(asked, {"query": ""}).status_code == 404
