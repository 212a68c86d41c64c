import pytest
from django.urls import reverse

from pendampingan.models import Party, Refused
from plans import services
from plans.models import Activity, PlanRevision, Stage
from tests.conftest import approve, institution_actor, login
from tests.plans.conftest import activity_data, fill, rurl

pytestmark = pytest.mark.django_db


def test_both_parties_add_stages_and_activities(client, draft, alice, gita, chair):
    login(client, gita, chair)
    response = client.post(
        rurl("item_create", draft, kind="stage"),
        {"name": "Persiapan", "objective": "Siap.", "start_date": "2026-01-05", "end_date": "2026-03-31"},
    )
    assert response.status_code == 302
    stage = draft.stages.get()
    assert stage.order == 1
    login(client, alice)
    response = client.post(rurl("item_create", draft, kind="activity"), activity_data(stage))
    assert response.status_code == 302
    assert draft.activities.get().title == "Pelatihan kompos"


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"start_date": "2025-12-01"}, "start_date"),
        ({"due_date": "2026-01-01", "start_date": "2026-02-01"}, "due_date"),
        ({"due_date": "2026-09-01"}, "due_date"),
        ({"budget_group": "-5000"}, "budget_group"),
        ({"budget_institution": "sejuta"}, "budget_institution"),
        ({"responsible_party": "institution", "member_in_charge": "CHAIR"}, "member_in_charge"),
        ({"responsible_party": "group", "facilitator_in_charge": "FIONA"}, "facilitator_in_charge"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_activity_input_is_explained_next_to_the_field(as_alice, draft, chair, fiona, changes, field):
    stage = Stage.objects.create(
        **Stage.authored_like(draft),
        revision=draft,
        order=1,
        name="T",
        objective="x",
        start_date="2026-01-05",
        end_date="2026-03-31",
    )
    stage.refresh_from_db()
    changes = {k: {"CHAIR": chair.pk, "FIONA": fiona.pk}.get(v, v) for k, v in changes.items()}
    response = as_alice.post(rurl("item_create", draft, kind="activity"), activity_data(stage, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Activity.objects.exists()
    draft.refresh_from_db()
    assert draft.updated_by is None


def test_a_stage_of_another_agreement_is_refused(as_alice, draft, agreement_b, bob):
    other = services.plan_create(actor=institution_actor(bob), agreement=agreement_b)
    foreign = Stage.objects.create(
        **Stage.authored_like(other),
        revision=other,
        order=1,
        name="Asing",
        objective="x",
        start_date="2026-01-05",
        end_date="2026-03-31",
    )
    foreign.refresh_from_db()
    response = as_alice.post(rurl("item_create", draft, kind="activity"), activity_data(foreign))
    assert "stage" in response.context["form"].errors


def test_a_stage_outside_the_agreement_is_refused(as_alice, draft):
    response = as_alice.post(
        rurl("item_create", draft, kind="stage"),
        {"name": "Terlambat", "objective": "x", "start_date": "2026-11-01", "end_date": "2027-02-01"},
    )
    assert "end_date" in response.context["form"].errors


def test_a_negative_target_is_refused(as_gita, draft):
    data = {
        "name": "Panen",
        "unit": "ton",
        "baseline": "0",
        "target": "-3",
        "target_date": "2026-06-01",
        "means_of_verification": "Catatan",
        "reporting_party": "group",
        "weight": "1",
    }
    response = as_gita.post(rurl("item_create", draft, kind="indicator"), data)
    assert "target" in response.context["form"].errors


def test_an_odd_stage_number_is_ignored(as_alice, draft):
    assert as_alice.get(rurl("item_create", draft, kind="activity"), {"stage": "²"}).status_code == 200


def test_each_party_writes_its_own_commitments(client, draft, alice, gita, chair):
    login(client, gita, chair)
    client.post(rurl("item_create", draft, kind="commitment"), {"order": 1, "text": "Hadir rutin."})
    commitment = draft.commitments.get()
    assert commitment.party == Party.GROUP
    login(client, alice)
    response = client.post(
        rurl("item_edit", draft, kind="commitment", item_pk=commitment.pk),
        {"order": 1, "text": "Diubah lembaga.", "lock_version": commitment.lock_version},
    )
    assert response.status_code == 403
    commitment.refresh_from_db()
    assert commitment.text == "Hadir rutin."


def test_a_plan_in_force_is_not_edited_in_place(as_alice, in_force):
    stage = in_force.stages.first()
    assert as_alice.get(rurl("item_edit", in_force, kind="stage", item_pk=stage.pk)).status_code == 403


def test_the_admin_cannot_write_the_plan(client, admin_user, draft):
    client.force_login(admin_user)
    assert client.get(rurl("revision", draft)).status_code == 200
    assert client.get(rurl("item_create", draft, kind="stage")).status_code == 403


def test_an_unknown_item_is_404(as_alice, draft):
    assert as_alice.get(rurl("item_edit", draft, kind="activity", item_pk=99999)).status_code == 404


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_get_404(client, request, in_force, who):
    login(client, request.getfixturevalue(who))
    activity = in_force.activities.first()
    for url in [
        rurl("item_create", in_force, kind="activity"),
        rurl("item_edit", in_force, kind="activity", item_pk=activity.pk),
    ]:
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_log_in_first(client, in_force):
    stage = in_force.stages.first()
    for url in [
        rurl("item_create", in_force, kind="stage"),
        rurl("item_edit", in_force, kind="stage", item_pk=stage.pk),
    ]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url


def test_saving_an_unchanged_form_keeps_the_approvals(as_alice, draft, alice):
    fill(draft, stages=1, per_stage=1)
    approve(draft, institution_actor(alice))
    stage = draft.stages.get()
    data = {
        "order": stage.order,
        "name": stage.name,
        "objective": stage.objective,
        "start_date": stage.start_date,
        "end_date": stage.end_date,
        "lock_version": stage.lock_version,
    }
    as_alice.post(rurl("item_edit", draft, kind="stage", item_pk=stage.pk), data)
    draft.refresh_from_db()
    assert draft.version == 1
    assert draft.approval_by(Party.INSTITUTION) is not None


def test_an_edit_to_a_revision_that_came_into_force_meanwhile_is_refused(draft, alice):
    from plans.forms import StageForm

    fill(draft, stages=1, per_stage=1)
    stage = draft.stages.get()
    data = {
        "order": 1,
        "name": "Berubah",
        "objective": "x",
        "start_date": stage.start_date,
        "end_date": stage.end_date,
    }
    form = StageForm({**data, "lock_version": stage.lock_version}, instance=stage, revision=draft)
    assert form.is_valid()
    # The other party's approval lands between opening the page and saving it.
    PlanRevision.objects.filter(pk=draft.pk).update(status=PlanRevision.Status.IN_FORCE)
    with pytest.raises(Refused):
        services.plan_item_save(actor=institution_actor(alice), revision=draft, item=stage, **data)
    stage.refresh_from_db()
    assert stage.name != "Berubah"


def test_each_item_records_who_proposed_and_who_changed_it(client, draft, alice, gita, chair):
    stage = Stage.objects.create(
        **Stage.authored_like(draft),
        revision=draft,
        order=1,
        name="T",
        objective="x",
        start_date="2026-01-05",
        end_date="2026-03-31",
    )
    stage.refresh_from_db()
    login(client, gita, chair).post(rurl("item_create", draft, kind="activity"), activity_data(stage))
    activity = draft.activities.get()
    assert (activity.author_party, activity.created_by, activity.created_by_officer) == ("group", gita, chair)
    login(client, alice).post(
        rurl("item_edit", draft, kind="activity", item_pk=activity.pk),
        activity_data(stage, place="Sawah", lock_version=activity.lock_version),
    )
    activity.refresh_from_db()
    assert (activity.author_party, activity.updated_by, activity.updated_by_officer) == ("group", alice, None)
    body = client.get(rurl("revision", draft)).content.decode()
    assert "Sumarni" in body


def test_an_activitys_budget_is_typed_the_indonesian_way(as_alice, draft):
    stage = Stage.objects.create(
        **Stage.authored_like(draft),
        revision=draft,
        order=1,
        name="Persiapan",
        start_date=draft.plan.agreement.start_date,
        end_date=draft.plan.agreement.end_date,
    )
    data = activity_data(
        stage, budget_institution="Rp 2.500.000", budget_group="750.000", budget_other="1,000,000"
    )
    response = as_alice.post(rurl("item_create", draft, kind="activity"), data)
    assert response.status_code == 302
    activity = Activity.objects.get(revision=draft)
    assert (activity.budget_institution, activity.budget_group, activity.budget_other) == (
        2_500_000,
        750_000,
        1_000_000,
    )
    refused = as_alice.post(rurl("item_create", draft, kind="activity"), {**data, "budget_group": "dua juta"})
    assert "budget_group" in refused.context["form"].errors
    assert Activity.objects.filter(revision=draft).count() == 1
