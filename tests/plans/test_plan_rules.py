import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from plans import services
from plans.metrics import plan_figures
from plans.models import Activity, Commitment, Indicator, Lead, Plan, PlanRevision
from tests.conftest import approve, group_actor, institution_actor
from tests.plans.conftest import D, add_activity, add_stage, fill

pytestmark = pytest.mark.django_db


def test_a_stage_cannot_end_before_it_starts(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        add_stage(draft, 1, D(2026, 5, 1), D(2026, 4, 1))


def test_an_activity_cannot_be_due_before_it_starts(draft):
    stage = add_stage(draft, 1, D(2026, 1, 1), D(2026, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        add_activity(draft, stage, "Mundur", start_date=D(2026, 3, 1), due_date=D(2026, 2, 1))


def test_a_budget_cannot_be_negative(draft):
    stage = add_stage(draft, 1, D(2026, 1, 1), D(2026, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        add_activity(draft, stage, "Minus", budget=(-1, 0, 0))


def test_the_person_in_charge_belongs_to_the_responsible_party(draft, chair, fiona):
    stage = add_stage(draft, 1, D(2026, 1, 1), D(2026, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        add_activity(draft, stage, "Salah orang", party="institution", member_in_charge=chair)
    with pytest.raises(IntegrityError), transaction.atomic():
        add_activity(draft, stage, "Salah orang", party="group", facilitator_in_charge=fiona)


def test_a_target_cannot_be_negative(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(
            **Indicator.authored_like(draft),
            revision=draft,
            name="x",
            unit="x",
            target=-1,
            target_date=D(2026, 5, 1),
            means_of_verification="x",
            reporting_party="group",
        )


def test_only_one_plan_is_in_force_per_agreement(in_force):
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(agreement=in_force.plan.agreement, cycle=2, status=Plan.Status.IN_FORCE)


def test_a_plan_comes_into_force_only_with_both_approvals(draft, alice, group_a, chair):
    fill(draft)
    approve(draft, institution_actor(alice))
    assert draft.status == PlanRevision.Status.DRAFT
    approve(draft, group_actor(group_a, chair))
    assert draft.status == PlanRevision.Status.IN_FORCE
    assert draft.plan.status == Plan.Status.IN_FORCE


def test_a_change_after_one_approval_needs_both_again(draft, alice, group_a, chair):
    fill(draft)
    approve(draft, institution_actor(alice))
    draft.content_changed(group_actor(group_a, chair))
    assert draft.version == 2
    approve(draft, group_actor(group_a, chair))
    assert draft.status == PlanRevision.Status.DRAFT


def test_a_revision_copies_the_plan_in_force_which_stays_in_force(in_force, alice, group_a, chair):
    revision = services.plan_revision_start(
        actor=group_actor(group_a, chair), plan=in_force.plan, note="Ubah"
    )
    assert revision.number == 2
    assert revision.activities.count() == in_force.activities.count() == 4
    assert set(revision.activities.values_list("key", flat=True)) == set(
        in_force.activities.values_list("key", flat=True)
    )
    copied = revision.indicators.exclude(activity=None).first()
    assert copied.activity.revision == revision
    in_force.refresh_from_db()
    assert in_force.status == PlanRevision.Status.IN_FORCE

    approve(revision, institution_actor(alice))
    approve(revision, group_actor(group_a, chair))
    in_force.refresh_from_db()
    revision.refresh_from_db()
    assert (in_force.status, revision.status) == (
        PlanRevision.Status.SUPERSEDED,
        PlanRevision.Status.IN_FORCE,
    )


def test_participation_figures(draft):
    stage = add_stage(draft, 1, D(2026, 1, 1), D(2026, 6, 1))
    add_activity(draft, stage, "A", lead=Lead.GROUP, party="group", budget=(0, 300_000, 0))
    add_activity(draft, stage, "B", lead=Lead.JOINT, budget=(500_000, 100_000, 100_000))
    add_activity(draft, stage, "C", lead=Lead.INSTITUTION, party="institution", budget=(1_000_000, 0, 0))
    figures = plan_figures(Activity.objects.filter(revision=draft))
    assert figures.budget_total == 2_000_000
    assert figures.group_led_share == 33
    assert figures.group_led_budget_share == 15
    assert figures.swadaya_share == 20
    assert figures.budget_by_party == {"institution": 1_000_000, "group": 300_000, "both": 700_000}


def test_a_small_share_beside_a_large_one_is_not_shown_as_nothing():
    from plans.metrics import share

    assert (share(3_050_000, 10_055_450_000), share(10_052_400_000, 10_055_450_000)) == ("<1", ">99")
    assert (share(0, 10), share(10, 10), share(1, 3)) == (0, 100, 33)


def test_the_demo_has_an_approved_plan_and_a_revision_awaiting_the_group(settings):
    from django.core.management import call_command

    from pendampingan.models import Agreement

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    agreement = Agreement.objects.get(group__account__username="kelompok", status="active")
    in_force = PlanRevision.objects.get(plan__agreement=agreement, status=PlanRevision.Status.IN_FORCE)
    assert in_force.stages.count() >= 3
    assert in_force.activities.count() >= 12
    assert in_force.indicators.count() >= 6
    assert {c.party for c in in_force.commitments.all()} == {"institution", "group"}
    pending = PlanRevision.objects.get(
        plan__agreement=agreement, plan__cycle=1, status=PlanRevision.Status.DRAFT
    )
    assert pending.approval_by("institution") is not None
    assert pending.approval_by("group") is None
    other = Agreement.objects.get(group__account__username="kelompok2", status="active")
    assert PlanRevision.objects.filter(plan__agreement=other, status=PlanRevision.Status.IN_FORCE).exists()


def test_commitments_survive_in_the_model(draft):
    Commitment.objects.create(**Commitment.authored_like(draft), revision=draft, party="group", text="x")
    assert draft.commitments.count() == 1


def test_the_agreement_period_cannot_shrink_past_the_plan(as_alice, in_force):
    from tests.pendampingan.test_amendments import amendment_data

    agreement = in_force.plan.agreement
    url = reverse("core:amendment_create", kwargs={"pk": agreement.pk})
    response = as_alice.post(url, amendment_data(agreement, end_date="2026-04-30"))
    assert response.status_code == 200
    assert "Tahap 2" in " ".join(response.context["form"].non_field_errors())
    assert not agreement.amendments.exists()


def test_an_activity_lists_only_the_sources_that_hold_money(draft):
    stage = add_stage(draft, 1, D(2026, 1, 1), D(2026, 6, 1))
    activity = add_activity(draft, stage, "A", budget=(0, 300_000, 50_000))
    assert [(str(label), amount) for label, amount in activity.budget_sources] == [
        ("swadaya", 300_000),
        ("sumber lain", 50_000),
    ]
