import pytest
from django.urls import reverse

from plans import services
from tests.conftest import institution_actor, login
from tests.plans.conftest import fill, rurl

pytestmark = pytest.mark.django_db


def test_the_printable_plan_shows_both_signatures(as_alice, in_force):
    body = as_alice.get(rurl("print", in_force)).content.decode()
    assert "Kegiatan 2.2" in body
    assert "Sumarni" in body


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_get_404(client, request, in_force, who):
    login(client, request.getfixturevalue(who))
    assert client.get(rurl("print", in_force)).status_code == 404


def test_anonymous_visitors_log_in_first(client, in_force):
    for url in [rurl("print", in_force)]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url


# session, user, staff, agreement with parties, facilitators, approvals, proposed amendments,
# the revision with its approvals (2), stages, activities, indicators, commitments, sibling revisions,
# whether this version has a verification code. Paper shows the plan, not where its activities stand.
def test_the_printable_plan_runs_a_fixed_number_of_queries(as_alice, in_force, alice, assert_queries):
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    with assert_queries(15):
        as_alice.get(rurl("print", revision))
    fill(revision, stages=3, per_stage=4)
    with assert_queries(15):
        as_alice.get(rurl("print", revision))
