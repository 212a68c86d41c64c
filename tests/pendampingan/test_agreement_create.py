import pytest
from django.urls import reverse

from pendampingan.models import Agreement, Party
from tests.conftest import login
from tests.pendampingan.conftest import form_data

pytestmark = pytest.mark.django_db


def test_a_coordinator_creates_a_draft(as_alice, alice, fiona, group_a, institution_a):
    data = {
        "group": group_a.pk,
        "title": "Pendampingan Baru",
        "purpose": "Tujuan",
        "start_date": "2027-01-01",
        "end_date": "2027-12-31",
        "coordinator": alice.pk,
        "facilitators": [fiona.pk],
        "institution_commits": "Pelatihan.",
        "institution_excludes": "Tidak mengelola kas.",
        "group_commits": "Pertemuan rutin.",
        "indicator_tolerance": 10,
        "assessment_interval_months": 3,
        "quorum_percent": 50,
    }
    response = as_alice.post(reverse("core:agreement_create"), data)
    created = Agreement.objects.get(title="Pendampingan Baru")
    assert response.status_code == 302
    assert created.institution == institution_a
    assert created.status == Agreement.Status.DRAFT
    assert created.created_by == alice
    assert created.author_party == Party.INSTITUTION
    assert list(created.facilitators.all()) == [fiona]


def test_it_rejects_an_end_before_the_start_next_to_the_field(as_alice, agreement, group_a):
    data = form_data(agreement, group=group_a.pk, title="Salah", end_date="2025-01-01")
    response = as_alice.post(reverse("core:agreement_create"), data)
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    assert not Agreement.objects.filter(title="Salah").exists()


def test_it_rejects_a_group_or_facilitator_of_another_institution(as_alice, agreement, group_b, bella):
    data = form_data(agreement, group=group_b.pk, facilitators=[bella.pk], title="Curang")
    response = as_alice.post(reverse("core:agreement_create"), data)
    errors = response.context["form"].errors
    assert "group" in errors and "facilitators" in errors
    assert not Agreement.objects.filter(title="Curang").exists()


@pytest.mark.parametrize(
    "start,end,field",
    [
        ("1900-01-01", "2999-12-31", "start_date"),
        ("2026-01-01", "2999-12-31", "end_date"),
        ("2026-01-01", "2032-01-01", "end_date"),
    ],
)
def test_an_implausible_period_is_refused_next_to_the_field(as_alice, group_a, alice, start, end, field):
    data = {
        "group": group_a.pk,
        "title": "Program",
        "purpose": "Tujuan.",
        "start_date": start,
        "end_date": end,
        "coordinator": alice.pk,
        "institution_commits": "a",
        "institution_excludes": "b",
        "group_commits": "c",
        "indicator_tolerance": 10,
        "assessment_interval_months": 3,
        "quorum_percent": 50,
    }
    response = as_alice.post(reverse("core:agreement_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("who", ["fiona", "gita"])
def test_only_coordinators_create_agreements(client, request, chair, who):
    login(client, request.getfixturevalue(who), chair if who == "gita" else None)
    assert client.get(reverse("core:agreement_create")).status_code == 403


def test_it_sends_anonymous_visitors_to_log_in(client, db):
    for address in [reverse("core:agreement_create")]:
        for method in (client.get, client.post):
            response = method(address)
            assert response.status_code == 302, address
            assert response.url.startswith(reverse("login")), address


@pytest.mark.parametrize(
    "field,value",
    [("indicator_tolerance", "51"), ("indicator_tolerance", "-1"), ("assessment_interval_months", "0")],
)
def test_monitoring_rules_out_of_bounds_are_refused_next_to_the_field(as_alice, group_a, alice, field, value):
    data = {
        "group": group_a.pk,
        "title": "Program",
        "purpose": "Tujuan.",
        "start_date": "2027-01-01",
        "end_date": "2027-12-31",
        "coordinator": alice.pk,
        "institution_commits": "a",
        "institution_excludes": "b",
        "group_commits": "c",
        "indicator_tolerance": 10,
        "assessment_interval_months": 3,
        "quorum_percent": 50,
        field: value,
    }
    response = as_alice.post(reverse("core:agreement_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Agreement.objects.exists()
