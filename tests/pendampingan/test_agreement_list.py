import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_it_lists_only_the_users_own_agreements(client, agreement, agreement_b, alice):
    login(client, alice)
    body = client.get(reverse("core:agreement_list")).content.decode()
    assert agreement.title in body
    assert agreement_b.title not in body


def test_it_filters_the_list_by_status(as_alice, agreement, institution_a, group_a, alice, fiona):
    from tests.conftest import make_agreement

    other = make_agreement(institution_a, group_a, alice, [fiona], title="Program Kedua", status="active")
    body = as_alice.get(reverse("core:agreement_list"), {"status": "active"}).content.decode()
    assert other.title in body
    assert agreement.title not in body


def test_it_ignores_a_filter_for_a_foreign_group(as_alice, agreement, group_b):
    response = as_alice.get(reverse("core:agreement_list"), {"group": group_b.pk})
    assert response.status_code == 200
    assert agreement.title not in response.content.decode()
    assert "group" in response.context["filter"].form.errors


def test_it_sends_anonymous_visitors_to_log_in(client):
    for address in [reverse("core:agreement_list")]:
        for method in (client.get, client.post):
            response = method(address)
            assert response.status_code == 302, address
            assert response.url.startswith(reverse("login")), address


def test_the_list_runs_a_fixed_number_of_queries(
    as_alice, assert_queries, institution_a, group_a, alice, fiona
):
    from tests.conftest import make_agreement

    for n in range(3):
        make_agreement(institution_a, group_a, alice, [fiona], title=f"Program {n}")
    # session, user, staff+institution (actor), groups for the filter, facilitators for the
    # filter, agreements with parties, their facilitators, their approvals, proposed amendments
    with assert_queries(9):
        as_alice.get(reverse("core:agreement_list"), {"status": "draft"})
    for n in range(3, 10):
        make_agreement(institution_a, group_a, alice, [fiona], title=f"Program {n}")
    with assert_queries(9):
        as_alice.get(reverse("core:agreement_list"), {"status": "draft"})
