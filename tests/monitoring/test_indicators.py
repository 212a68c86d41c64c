import pytest
from django.urls import reverse

from pendampingan.models import Agreement
from plans.models import Indicator
from tests.conftest import login
from tests.monitoring.conftest import D, indicator_url, progress_url, record_value

pytestmark = pytest.mark.django_db


def add_indicator(revision, name, **fields):
    return Indicator.objects.create(
        **Indicator.authored_like(revision),
        revision=revision,
        name=name,
        unit=fields.pop("unit", "ha"),
        target=fields.pop("target", 10),
        target_date=fields.pop("target_date", D(2026, 12, 1)),
        means_of_verification="Peta lahan",
        reporting_party="group",
        **fields,
    )


@pytest.mark.parametrize("who", ["alice", "fiona", "gita"])
def test_it_shows_both_parties_each_indicator_from_baseline_to_target(
    client, request, agreement_in_force, in_force, indicator, fiona_actor, chair, who
):
    record_value(fiona_actor, indicator, value=10, measured_on=D(2026, 5, 2))
    login(client, request.getfixturevalue(who), chair if who == "gita" else None)
    response = client.get(indicator_url(agreement_in_force))
    assert response.status_code == 200
    page = response.content.decode()
    states = {s.indicator.name: s for s in response.context["rows"]}
    assert set(states) == set(in_force.indicators.values_list("name", flat=True))
    assert states[indicator.name].latest.value == 10 and states[indicator.name].percent_label == "100%"
    assert "0 → <strong>10</strong> → 10 orang" in page and "2 Mei 2026" in page
    assert "Sesuai rencana" in page and "Belum ada nilai" in page


def test_an_indicator_behind_the_line_comes_first_and_is_marked(
    as_alice, agreement_in_force, in_force, chair_actor
):
    late = add_indicator(in_force, "Luas sawah organik", target=12, target_date=D(2026, 2, 1))
    record_value(chair_actor, late, value=3, measured_on=D(2026, 2, 1))
    response = as_alice.get(indicator_url(agreement_in_force))
    first = response.context["rows"][0]
    assert first.indicator == late and first.is_behind and first.percent_label == "25%"
    page = response.content.decode()
    assert "table-danger" in page and "Tertinggal" in page


def test_without_a_plan_in_force_it_says_so(as_alice, draft):
    response = as_alice.get(indicator_url(draft.plan.agreement))
    assert response.status_code == 200
    assert response.context["revision"] is None


def test_anonymous_visitors_go_to_the_login_page(client, agreement):
    assert client.get(indicator_url(agreement)).url.startswith(reverse("login"))


def test_it_is_read_only(as_alice, agreement):
    assert as_alice.post(indicator_url(agreement)).status_code == 405


@pytest.mark.parametrize("who", ["bob", "bella", "frank"])
def test_outsiders_get_404(client, request, agreement_in_force, who):
    login(client, request.getfixturevalue(who))
    assert client.get(indicator_url(agreement_in_force)).status_code == 404


def test_the_agreement_page_and_the_progress_page_link_to_it(as_alice, agreement_in_force):
    url = indicator_url(agreement_in_force)
    detail = reverse("core:agreement_detail", kwargs={"pk": agreement_in_force.pk})
    assert url in as_alice.get(detail).content.decode()
    assert url in as_alice.get(progress_url(agreement_in_force)).content.decode()


def test_the_indicators_page_runs_a_fixed_number_of_queries(
    as_alice, agreement_in_force, in_force, indicator, fiona_actor, chair_actor, assert_queries
):
    # session, user, staff, agreement with parties, facilitators, approvals, proposed amendments,
    # indicators of the plan in force with revision, plan and the plan's first in-force date,
    # their values with authors
    with assert_queries(9):
        as_alice.get(indicator_url(agreement_in_force))
    Agreement.objects.filter(pk=agreement_in_force.pk).update(end_date=D(2027, 12, 31))
    for n in range(8):
        extra = add_indicator(in_force, f"Tambahan {n}")
        record_value(fiona_actor if n % 2 else chair_actor, extra, value=n)
        record_value(chair_actor, extra, value=n + 1, measured_on=D(2026, 7, 1))
    with assert_queries(9):
        as_alice.get(indicator_url(agreement_in_force))


def test_it_charts_each_indicator_against_the_line(as_alice, agreement_in_force):
    from tests.monitoring.conftest import indicator_url

    body = as_alice.get(indicator_url(agreement_in_force)).content.decode()
    assert body.count('src="data:image/svg+xml;base64,') == 1
