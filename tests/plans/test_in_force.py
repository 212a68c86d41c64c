"""What every pillar reads of a plan: the items of the plan in force, never a draft's."""

import pytest

from plans import services
from plans.models import Activity, Commitment, Indicator
from tests.conftest import institution_actor
from tests.plans.conftest import fill

pytestmark = pytest.mark.django_db


def test_it_reads_the_activities_of_the_revision_in_force_with_their_stages_in_one_query(
    in_force, alice, django_assert_num_queries
):
    agreement = in_force.plan.agreement
    draft = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan, note="Panen.")
    assert draft.activities.count() == in_force.activities.count() == 4

    with django_assert_num_queries(1):
        found = list(Activity.objects.in_force(agreement))
        assert {a.revision.plan.status for a in found} == {"in_force"}
        assert sorted(a.stage.name for a in found) == ["Tahap 1", "Tahap 1", "Tahap 2", "Tahap 2"]
    assert {a.pk for a in found} == set(in_force.activities.values_list("pk", flat=True))
    assert Commitment.objects.in_force(agreement).count() == 2
    assert Indicator.objects.in_force(agreement).count() == 4


def test_it_reads_nothing_of_a_plan_still_in_preparation(draft):
    fill(draft)
    assert draft.activities.exists()
    assert not Activity.objects.in_force(draft.plan.agreement).exists()


def test_it_reads_nothing_of_another_agreements_plan(in_force, agreement_b):
    assert not Activity.objects.in_force(agreement_b).exists()
