import pytest
from django.urls import reverse

from plans.models import Activity, Stage
from tests.conftest import login
from tests.plans.conftest import fill, rurl

pytestmark = pytest.mark.django_db


def test_removing_asks_first_and_says_what_goes(as_alice, draft):
    fill(draft, stages=1, per_stage=1)
    activity = draft.activities.get()
    response = as_alice.get(rurl("item_delete", draft, kind="activity", item_pk=activity.pk))
    assert response.status_code == 200
    assert "Indikator 1.1" in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()
    as_alice.post(rurl("item_delete", draft, kind="activity", item_pk=activity.pk))
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert not draft.indicators.exists()
    # The history keeps what went, and who removed it.
    removed = Activity.history.filter(id=activity.pk, history_type="-").get()
    assert removed.history_user.username == "alice"


def test_a_stage_with_activities_is_not_removed(as_alice, draft):
    fill(draft, stages=1, per_stage=1)
    stage = draft.stages.get()
    as_alice.post(rurl("item_delete", draft, kind="stage", item_pk=stage.pk))
    assert Stage.objects.filter(pk=stage.pk).exists()


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_get_404(client, request, draft, who):
    fill(draft, stages=1, per_stage=1)
    activity = draft.activities.get()
    officer = request.getfixturevalue("group_b").members.first() if who == "gabe" else None
    login(client, request.getfixturevalue(who), officer)
    url = rurl("item_delete", draft, kind="activity", item_pk=activity.pk)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_the_admin_cannot_remove_an_item(client, admin_user, draft):
    fill(draft, stages=1, per_stage=1)
    activity = draft.activities.get()
    client.force_login(admin_user)
    assert client.post(rurl("item_delete", draft, kind="activity", item_pk=activity.pk)).status_code == 403
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_anonymous_visitors_log_in_first(client, in_force):
    stage = in_force.stages.first()
    url = rurl("item_delete", in_force, kind="stage", item_pk=stage.pk)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
