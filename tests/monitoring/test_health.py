import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def health_url(agreement):
    return reverse("monitoring:health", kwargs={"pk": agreement.pk})


@pytest.mark.parametrize("who", ["alice", "fiona", "gita"])
def test_both_parties_see_the_agreements_health(client, request, agreement_in_force, chair, who):
    login(client, request.getfixturevalue(who), chair if who == "gita" else None)
    client.cookies["django_language"] = "en"
    response = client.get(health_url(agreement_in_force))
    assert response.status_code == 200
    assert response.context["health"].level in {"on_track", "needs_attention", "off_track"}
    assert "Off track: a corrective action is overdue" in response.content.decode()


@pytest.mark.parametrize("who", ["bob", "gabe"])
def test_outsiders_get_a_404(client, request, agreement_in_force, who):
    login(client, request.getfixturevalue(who))
    assert client.get(health_url(agreement_in_force)).status_code == 404


def test_it_is_read_only(as_alice, agreement_in_force):
    assert as_alice.post(health_url(agreement_in_force)).status_code == 405


def test_the_agreement_page_shows_the_health(as_alice, agreement_in_force):
    response = as_alice.get(reverse("core:agreement_detail", kwargs={"pk": agreement_in_force.pk}))
    assert health_url(agreement_in_force) in response.content.decode()
