import pytest
from django.urls import reverse

from pendampingan.models import Agreement, Party
from plans import services
from plans.models import Plan, PlanRevision
from tests.conftest import approve, approve_data, group_actor, institution_actor, login
from tests.plans.conftest import fill, rurl

pytestmark = pytest.mark.django_db


def test_both_approvals_put_the_plan_in_force(client, draft, alice, gita, chair):
    fill(draft)
    login(client, alice).post(rurl("approve", draft), approve_data(draft))
    login(client, gita, chair).post(rurl("approve", draft), approve_data(draft))
    draft.refresh_from_db()
    assert draft.status == PlanRevision.Status.IN_FORCE
    assert draft.approval_by(Party.GROUP).officer == chair


def test_approving_an_outdated_version_is_refused(client, draft, alice, gita, chair):
    fill(draft)
    login(client, alice).post(rurl("approve", draft), approve_data(draft))
    stage = draft.stages.first()
    seen = approve_data(draft)
    login(client, gita, chair).post(
        rurl("item_edit", draft, kind="stage", item_pk=stage.pk),
        {
            "order": 1,
            "name": "Tahap baru",
            "objective": "x",
            "start_date": stage.start_date,
            "end_date": stage.end_date,
            "lock_version": stage.lock_version,
        },
    )
    draft.refresh_from_db()
    assert draft.version == 2
    client.cookies["django_language"] = "en"
    response = login(client, gita, chair).post(rurl("approve", draft), seen, follow=True)
    assert "changed after you opened the page" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == PlanRevision.Status.DRAFT
    assert not draft.is_approved_by_both()


def test_a_plan_is_not_approved_before_the_agreement_is(as_alice, draft):
    Agreement.objects.filter(pk=draft.plan.agreement_id).update(
        status=Agreement.Status.DRAFT, agreed_version=None
    )
    as_alice.cookies["django_language"] = "en"
    response = as_alice.post(rurl("approve", draft), approve_data(draft), follow=True)
    assert "once both parties have agreed the agreement itself" in response.content.decode()
    assert not draft.approvals.exists()


def test_a_facilitator_cannot_approve_for_the_institution(client, draft, fiona):
    login(client, fiona)
    assert client.post(rurl("approve", draft), {"version": 1}).status_code == 403


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_get_404(client, request, draft, who):
    fill(draft)
    officer = request.getfixturevalue("group_b").members.first() if who == "gabe" else None
    login(client, request.getfixturevalue(who), officer)
    assert client.post(rurl("approve", draft), approve_data(draft)).status_code == 404
    assert not draft.approvals.exists()


def test_approving_needs_a_post(as_alice, draft):
    assert as_alice.get(rurl("approve", draft)).status_code == 405


def test_the_group_sees_a_waiting_revision_on_its_dashboard(as_gita, in_force, alice):
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    approve(revision, institution_actor(alice))
    waiting = as_gita.get(reverse("core:dashboard")).context["waiting_shown"]
    assert rurl("revision", revision) in [item.url for item in waiting]
    as_gita.post(rurl("approve", revision), approve_data(revision))
    waiting = as_gita.get(reverse("core:dashboard")).context["waiting_shown"]
    assert rurl("revision", revision) not in [item.url for item in waiting]


def test_a_revision_of_the_current_cycle_does_not_close_the_next_one(in_force, alice, group_a, chair):
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    next_cycle = services.plan_create(actor=institution_actor(alice), agreement=in_force.plan.agreement)
    approve(revision, institution_actor(alice))
    approve(revision, group_actor(group_a, chair))
    next_cycle.refresh_from_db()
    assert next_cycle.status == PlanRevision.Status.DRAFT
    assert next_cycle.plan.status == Plan.Status.PREPARING


def test_anonymous_visitors_log_in_first(client, in_force):
    for url in [rurl("approve", in_force)]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url
