import pytest
from django.urls import reverse

from plans import services
from plans.models import Plan, PlanRevision
from tests.conftest import approve, approve_data, group_actor, institution_actor, login
from tests.plans.conftest import activity_data, fill, rurl

pytestmark = pytest.mark.django_db


def test_a_revision_is_proposed_compared_and_approved(client, in_force, alice, gita, chair):
    login(client, gita, chair)
    response = client.post(rurl("revise", in_force), {"note": "Tambah kegiatan panen."})
    revision = PlanRevision.objects.get(plan=in_force.plan, number=2)
    assert response.url == rurl("revision", revision)
    activity = revision.activities.first()
    client.post(rurl("item_delete", revision, kind="activity", item_pk=activity.pk))
    stage = revision.stages.first()
    client.post(rurl("item_create", revision, kind="activity"), activity_data(stage, title="Panen raya"))

    changes = client.get(rurl("compare", revision)).context["changes"]
    kinds = {str(k.label): k for k in changes}
    activities = next(k for k in changes if k.added or k.removed)
    assert [a.title for a in activities.added] == ["Panen raya"]
    assert [a.title for a in activities.removed] == [activity.title]
    assert kinds

    overview = client.get(reverse("plans:overview", kwargs={"pk": in_force.plan.agreement_id}))
    assert overview.context["revision"] == in_force
    login(client, alice).post(rurl("approve", revision), approve_data(revision))
    login(client, gita, chair).post(rurl("approve", revision), approve_data(revision))
    overview = client.get(reverse("plans:overview", kwargs={"pk": in_force.plan.agreement_id}))
    assert overview.context["revision"] == revision


def test_only_the_revision_in_force_is_revised(as_alice, draft):
    as_alice.post(rurl("revise", draft), {"note": "x"})
    assert PlanRevision.objects.count() == 1


def test_a_revision_needs_a_reason(as_alice, in_force):
    response = as_alice.post(rurl("revise", in_force), {"note": ""})
    assert "note" in response.context["form"].errors
    assert PlanRevision.objects.count() == 1


def test_a_closed_cycle_cannot_be_revised(as_alice, in_force, alice, group_a, chair):
    next_cycle = services.plan_create(actor=institution_actor(alice), agreement=in_force.plan.agreement)
    fill(next_cycle, stages=1, per_stage=1)
    approve(next_cycle, institution_actor(alice))
    approve(next_cycle, group_actor(group_a, chair))
    in_force.refresh_from_db()
    assert in_force.status == PlanRevision.Status.SUPERSEDED
    assert in_force.plan.status == Plan.Status.CLOSED
    as_alice.post(rurl("revise", in_force), {"note": "Hidupkan lagi"})
    assert not PlanRevision.objects.filter(plan=in_force.plan, number=2).exists()
    assert Plan.objects.filter(agreement=in_force.plan.agreement, status=Plan.Status.IN_FORCE).count() == 1


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_get_404(client, request, in_force, who):
    officer = request.getfixturevalue("group_b").members.first() if who == "gabe" else None
    login(client, request.getfixturevalue(who), officer)
    assert client.get(rurl("revise", in_force)).status_code == 404
    assert client.post(rurl("revise", in_force), {"note": "Tambah kegiatan."}).status_code == 404
    assert PlanRevision.objects.count() == 1


def test_the_admin_cannot_revise_the_plan(client, admin_user, in_force):
    client.force_login(admin_user)
    assert client.post(rurl("revise", in_force), {"note": "Tambah kegiatan."}).status_code == 403
    assert PlanRevision.objects.count() == 1


def test_anonymous_visitors_log_in_first(client, in_force):
    for url in [rurl("revise", in_force)]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url
