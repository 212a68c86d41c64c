import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from tests.conftest import login

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def list_url(agreement):
    return reverse("monitoring:actions", kwargs={"pk": agreement.pk})


def open_actions(actor, agreement, count, owner="group"):
    for n in range(count):
        services.corrective_action_create(
            actor=actor,
            agreement=agreement,
            title=f"Tindakan {n}",
            owner_party=owner,
            owner_name="Sumarni",
            due_date=timezone.localdate() + (n + 1) * DAY,
        )


def titles(response):
    return [a.title for a in response.context["actions"]]


def test_both_parties_see_every_action(client, agreement_in_force, fiona_actor, gita, chair):
    open_actions(fiona_actor, agreement_in_force, 2)
    login(client, gita, chair)
    assert titles(client.get(list_url(agreement_in_force))) == ["Tindakan 0", "Tindakan 1"]


def test_it_filters_by_owner_status_and_due_date(as_alice, agreement_in_force, fiona_actor):
    open_actions(fiona_actor, agreement_in_force, 3)
    open_actions(fiona_actor, agreement_in_force, 1, owner="institution")
    url = list_url(agreement_in_force)
    assert titles(as_alice.get(url, {"owner_party": "institution"})) == ["Tindakan 0"]
    before = (timezone.localdate() + DAY).isoformat()
    assert titles(as_alice.get(url, {"owner_party": "group", "due_before": before})) == ["Tindakan 0"]
    assert titles(as_alice.get(url, {"status": "closed"})) == []


def test_overdue_only(as_alice, agreement_in_force, fiona_actor):
    open_actions(fiona_actor, agreement_in_force, 2)
    agreement_in_force.corrective_actions.filter(title="Tindakan 0").update(
        due_date=timezone.localdate() - DAY
    )
    assert titles(as_alice.get(list_url(agreement_in_force), {"overdue": "on"})) == ["Tindakan 0"]


def test_an_invalid_filter_lists_nothing_and_says_so(as_alice, agreement_in_force, fiona_actor):
    open_actions(fiona_actor, agreement_in_force, 1)
    response = as_alice.get(list_url(agreement_in_force), {"due_after": "besok", "status": "x"})
    assert response.status_code == 200 and titles(response) == []
    assert response.context["filter"].errors


@pytest.mark.parametrize("count", [1, 12])
def test_it_runs_a_fixed_number_of_queries(as_alice, agreement_in_force, fiona_actor, count, assert_queries):
    open_actions(fiona_actor, agreement_in_force, count)
    # session, user, staff; the agreement with its parties, facilitators, approvals and proposed
    # amendments; the actions with who opened and changed them.
    with assert_queries(8):
        response = as_alice.get(list_url(agreement_in_force))
    assert len(response.context["actions"]) == count


@pytest.mark.parametrize("who", ["bob", "gabe"])
def test_outsiders_get_a_404(client, request, agreement_in_force, who):
    user = request.getfixturevalue(who)
    group = getattr(user, "community_group", None)
    login(client, user, group.members.first() if group else None)
    assert client.get(list_url(agreement_in_force)).status_code == 404


def test_it_is_read_only(as_alice, agreement_in_force):
    assert as_alice.post(list_url(agreement_in_force)).status_code == 405
