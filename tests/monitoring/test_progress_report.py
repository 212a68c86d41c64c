import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.conftest import login
from tests.monitoring.conftest import record

pytestmark = pytest.mark.django_db


def report_url(agreement, name="progress_pdf"):
    return reverse(f"monitoring:{name}", kwargs={"pk": agreement.pk})


def test_the_pdf_report_has_its_sections_in_indonesian(as_alice, agreement_in_force, activity, fiona_actor):
    record(fiona_actor, activity, spent_institution=1_500_000)
    response = as_alice.get(report_url(agreement_in_force))
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert 1 <= len(pdf.pages) <= 4
    assert "LAPORAN PERKEMBANGAN" in text and "Rp1.500.000" in text and "Halaman 1 dari" in text
    assert agreement_in_force.title in text


def test_both_parties_print_it(client, agreement_in_force, gita, chair):
    login(client, gita, chair)
    assert client.get(report_url(agreement_in_force, "progress_print")).status_code == 200


@pytest.mark.parametrize("who", ["bob", "gabe"])
def test_outsiders_get_a_404(client, request, agreement_in_force, who):
    user = request.getfixturevalue(who)
    group = getattr(user, "community_group", None)
    login(client, user, group.members.first() if group else None)
    assert client.get(report_url(agreement_in_force)).status_code == 404


def test_it_is_read_only(as_alice, agreement_in_force):
    assert as_alice.post(report_url(agreement_in_force)).status_code == 405


@pytest.mark.parametrize("extra", [0, 5])
def test_it_runs_a_fixed_number_of_queries(
    as_alice, agreement_in_force, in_force, activity, fiona_actor, extra, assert_queries
):
    from tests.plans.conftest import add_activity

    for n in range(extra):
        record(fiona_actor, add_activity(in_force, activity.stage, f"Tambahan {n}"))
    # session, user, staff; the agreement with its parties, facilitators, approvals, proposed
    # amendments; activities and entries; indicators and values; for health: the rules' activities,
    # entries, indicators, values, reported deviations, assessment rounds, corrective actions.
    with assert_queries(20):
        as_alice.get(report_url(agreement_in_force, "progress_print"))
