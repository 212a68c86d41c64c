import pytest
from django.urls import reverse

from plans import services
from tests.conftest import institution_actor, login
from tests.plans.conftest import fill, rurl

pytestmark = pytest.mark.django_db


def test_an_agreement_without_a_plan_offers_to_start_one(as_gita, agreement):
    response = as_gita.get(reverse("plans:overview", kwargs={"pk": agreement.pk}))
    assert response.status_code == 200
    assert "plans/plan_empty.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("who", ["alice", "fiona", "gita", "admin_user"])
def test_both_parties_see_the_plan_in_force(client, request, in_force, chair, who):
    login(client, request.getfixturevalue(who), chair)
    response = client.get(reverse("plans:overview", kwargs={"pk": in_force.plan.agreement_id}))
    assert response.status_code == 200
    assert response.context["revision"] == in_force
    assert "Kegiatan 1.1" in response.content.decode()


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_get_404(client, request, in_force, who):
    login(client, request.getfixturevalue(who))
    for url in [
        reverse("plans:overview", kwargs={"pk": in_force.plan.agreement_id}),
        rurl("revision", in_force),
    ]:
        assert client.get(url).status_code == 404, url


def test_a_revision_is_addressed_by_the_numbers_people_read(as_alice, in_force, agreement_b, bob):
    assert in_force.url() == f"/agreements/{in_force.plan.agreement_id}/plan/1/revisions/1/"
    services.plan_create(actor=institution_actor(bob), agreement=agreement_b)
    # Agreement B's plan has a cycle 1 too, but under agreement A the numbers name A's plan only.
    for cycle, number in [(1, 2), (2, 1), (0, 0)]:
        url = reverse(
            "plans:revision", kwargs={"pk": in_force.plan.agreement_id, "cycle": cycle, "number": number}
        )
        assert as_alice.get(url).status_code == 404
    foreign = reverse("plans:revision", kwargs={"pk": agreement_b.pk, "cycle": 1, "number": 1})
    assert as_alice.get(foreign).status_code == 404


def test_anonymous_visitors_log_in_first(client, in_force):
    for url in [
        reverse("plans:overview", kwargs={"pk": in_force.plan.agreement_id}),
        rurl("revision", in_force),
    ]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url


def test_the_overview_runs_a_fixed_number_of_queries(as_gita, draft, assert_queries):
    fill(draft, stages=1, per_stage=2)
    # session, user, staff (none), group, acting officer, agreement with parties, facilitators,
    # approvals, proposed amendments, revision with approvals (2), stages, activities, indicators,
    # commitments, progress entries of the activities (monitoring's activity_states hook), sibling
    # revisions
    with assert_queries(17):
        as_gita.get(rurl("revision", draft))
    fill(draft, stages=4, per_stage=6)
    with assert_queries(17):
        as_gita.get(rurl("revision", draft))
