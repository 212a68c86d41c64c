import pytest
from django.urls import reverse

from plans import services
from tests.conftest import approve, institution_actor, login

pytestmark = pytest.mark.django_db


def test_the_revision_list_compares_cycles(as_alice, in_force):
    response = as_alice.get(reverse("plans:revisions", kwargs={"pk": in_force.plan.agreement_id}))
    [(plan, shown, figures)] = response.context["cycles"]
    assert shown == in_force
    assert figures.activities == 4


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_get_404(client, request, in_force, who):
    login(client, request.getfixturevalue(who))
    url = reverse("plans:revisions", kwargs={"pk": in_force.plan.agreement_id})
    assert client.get(url).status_code == 404


def test_anonymous_visitors_log_in_first(client, in_force):
    for url in [reverse("plans:revisions", kwargs={"pk": in_force.plan.agreement_id})]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url


def test_the_revision_list_runs_a_fixed_number_of_queries(as_alice, in_force, alice, assert_queries):
    url = reverse("plans:revisions", kwargs={"pk": in_force.plan.agreement_id})
    # session, user, staff, agreement, facilitators, approvals, proposed amendments, plans, revisions,
    # their approvals, revisions for the cycle figures, their approvals, their activities
    with assert_queries(13):
        as_alice.get(url)
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    approve(revision, institution_actor(alice))
    with assert_queries(13):
        as_alice.get(url)
