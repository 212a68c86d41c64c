"""The plan's rules hold in its services, for a job or an import as much as for a page."""

import pytest

from pendampingan import approvals
from pendampingan.models import Agreement, Refused
from plans import services
from plans.models import Commitment
from tests.conftest import group_actor, institution_actor
from tests.plans.conftest import draft, fill  # noqa: F401

pytestmark = pytest.mark.django_db


def test_each_party_writes_only_its_own_commitments(draft, alice):  # noqa: F811
    with pytest.raises(Refused):
        services.plan_item_save(
            actor=institution_actor(alice),
            revision=draft,
            item=Commitment(),
            party="group",
            text="Kelompok hadir setiap bulan.",
        )
    assert not draft.commitments.exists()


def test_a_plan_comes_into_force_only_under_an_agreed_agreement(draft, alice, group_a, chair):  # noqa: F811
    fill(draft)
    Agreement.objects.filter(pk=draft.plan.agreement_id).update(
        status=Agreement.Status.DRAFT, agreed_version=None
    )
    for actor in (institution_actor(alice), group_actor(group_a, chair)):
        with pytest.raises(Refused):
            approvals.approve_as_shown_now(subject=draft, actor=actor)
    assert not draft.approvals.exists()
