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


def test_it_searches_titles_and_group_names_of_the_users_own_agreements(
    as_alice, agreement, agreement_b, institution_a, group_a, alice, fiona
):
    from tests.conftest import make_agreement

    other = make_agreement(institution_a, group_a, alice, [fiona], title="Program Kedua")
    found = as_alice.get(reverse("core:agreement_list"), {"q": "kedua"}).context["agreements"]
    assert list(found) == [other]
    # Words of the group's name, in any order, find both of its agreements.
    found = as_alice.get(reverse("core:agreement_list"), {"q": "maju tani"}).context["agreements"]
    assert set(found) == {agreement, other}
    # Another institution's agreement is never found, whatever is typed.
    found = as_alice.get(reverse("core:agreement_list"), {"q": agreement_b.group.name}).context["agreements"]
    assert list(found) == []


def test_it_shows_a_page_at_a_time_and_keeps_the_filter_in_the_links(
    as_alice, institution_a, group_a, alice, fiona, monkeypatch
):
    from pendampingan import paging
    from tests.conftest import make_agreement

    monkeypatch.setattr(paging, "PER_PAGE", 2)
    for n in range(5):
        make_agreement(institution_a, group_a, alice, [fiona], title=f"Program {n}")
    response = as_alice.get(reverse("core:agreement_list"), {"status": "draft"})
    body = response.content.decode()
    assert len(response.context["agreements"]) == 2
    assert "?status=draft&amp;page=2" in body and "?status=draft&amp;page=3" in body
    assert 'aria-current="page">1<' in body
    last = as_alice.get(reverse("core:agreement_list"), {"status": "draft", "page": "3"})
    assert [a.title for a in last.context["agreements"]] == ["Program 4"]


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
    # session, user, staff+institution (actor), facilitators for the filter, how many agreements,
    # the page of agreements with parties, their facilitators, their approvals, proposed amendments
    with assert_queries(9):
        as_alice.get(reverse("core:agreement_list"), {"status": "draft"})
    for n in range(3, 10):
        make_agreement(institution_a, group_a, alice, [fiona], title=f"Program {n}")
    with assert_queries(9):
        as_alice.get(reverse("core:agreement_list"), {"status": "draft"})
