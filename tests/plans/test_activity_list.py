import pytest
from django.urls import reverse

from tests.conftest import login
from tests.plans.conftest import fill, rurl

pytestmark = pytest.mark.django_db


def test_the_activity_list_filters(as_alice, in_force):
    group_led = as_alice.get(rurl("activities", in_force), {"lead": "group"}).context["activities"]
    assert {a.lead for a in group_led} == {"group"}
    in_june = as_alice.get(rurl("activities", in_force), {"month": "2026-05"}).context["activities"]
    assert {a.stage.order for a in in_june} == {2}
    bad = as_alice.get(rurl("activities", in_force), {"month": "2026-13"})
    assert "month" in bad.context["filter"].form.errors
    assert bad.context["activities"] == []


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "2026-00", "abc"])
def test_an_impossible_month_is_a_form_error(as_alice, in_force, month):
    response = as_alice.get(rurl("activities", in_force), {"month": month})
    assert response.status_code == 200
    assert "month" in response.context["filter"].form.errors


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_get_404(client, request, in_force, who):
    login(client, request.getfixturevalue(who))
    assert client.get(rurl("activities", in_force)).status_code == 404


def test_anonymous_visitors_log_in_first(client, in_force):
    for url in [rurl("activities", in_force)]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url


def test_the_activity_list_runs_a_fixed_number_of_queries(as_alice, draft, assert_queries):
    fill(draft, stages=1, per_stage=2)
    # session, user, staff, agreement, facilitators, approvals, proposed amendments, revision,
    # its approvals, stages for the filter, activities, their progress entries (monitoring's
    # activity_states hook)
    with assert_queries(12):
        as_alice.get(rurl("activities", draft), {"lead": "group"})
    fill(draft, stages=3, per_stage=5)
    with assert_queries(12):
        as_alice.get(rurl("activities", draft), {"lead": "group"})
