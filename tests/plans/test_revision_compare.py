import pytest
from django.urls import reverse

from plans import services
from tests.conftest import institution_actor, login
from tests.plans.conftest import fill, rurl

pytestmark = pytest.mark.django_db


def test_moving_an_activity_to_another_stage_shows_in_the_comparison(as_alice, in_force, alice):
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    activity = revision.activities.filter(stage__order=1).first()
    activity.stage = revision.stages.get(order=2)
    activity.save()
    kinds = as_alice.get(rurl("compare", revision)).context["changes"]
    changed = [fields for kind in kinds for item, fields in kind.changed if item.pk == activity.pk]
    assert changed and "Tahap 2" in str(changed[0][0].new)


def test_comparing_a_plan_with_one_revision_says_so(as_alice, draft):
    response = as_alice.get(rurl("compare", draft))
    assert response.status_code == 200
    assert response.context["other"] is None


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_get_404(client, request, in_force, who):
    login(client, request.getfixturevalue(who))
    assert client.get(rurl("compare", in_force)).status_code == 404


def test_anonymous_visitors_log_in_first(client, in_force):
    for url in [rurl("compare", in_force)]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url


# session, user, staff, agreement with parties, facilitators, approvals, proposed amendments,
# the revision with its approvals (2), the other revisions, and the four kinds of items of
# both revisions together
def test_the_comparison_runs_a_fixed_number_of_queries(as_alice, in_force, alice, assert_queries):
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    with assert_queries(14):
        as_alice.get(rurl("compare", revision))
    fill(revision, stages=3, per_stage=4)
    with assert_queries(14):
        as_alice.get(rurl("compare", revision))
