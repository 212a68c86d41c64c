import pytest
from django.urls import reverse

from pendampingan.models import Party
from plans.models import Plan, PlanRevision
from tests.conftest import login
from tests.plans.conftest import rurl

pytestmark = pytest.mark.django_db


def test_either_party_starts_the_plan(as_gita, agreement, gita):
    response = as_gita.post(reverse("plans:create", kwargs={"pk": agreement.pk}))
    revision = PlanRevision.objects.get(plan__agreement=agreement)
    assert response.url == rurl("revision", revision)
    assert revision.author_party == Party.GROUP
    assert revision.created_by == gita
    assert revision.created_by_officer.name == "Sumarni"


def test_a_second_plan_in_preparation_is_refused(as_alice, draft, agreement):
    as_alice.post(reverse("plans:create", kwargs={"pk": agreement.pk}))
    assert Plan.objects.filter(agreement=agreement).count() == 1


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_get_404(client, request, agreement, who):
    officer = request.getfixturevalue("group_b").members.first() if who == "gabe" else None
    login(client, request.getfixturevalue(who), officer)
    response = client.post(reverse("plans:create", kwargs={"pk": agreement.pk}))
    assert response.status_code == 404
    assert not Plan.objects.exists()


def test_the_admin_cannot_start_a_plan(client, admin_user, agreement):
    client.force_login(admin_user)
    assert client.post(reverse("plans:create", kwargs={"pk": agreement.pk})).status_code == 403
    assert not Plan.objects.exists()


def test_starting_a_plan_needs_a_post(as_alice, draft):
    assert as_alice.get(reverse("plans:create", kwargs={"pk": draft.plan.agreement_id})).status_code == 405


def test_anonymous_visitors_log_in_first(client, agreement):
    for url in [reverse("plans:create", kwargs={"pk": agreement.pk})]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url
