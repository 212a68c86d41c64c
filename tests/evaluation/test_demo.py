"""The demo evaluates an activity, a stage and the plan cycle of the rice-farming agreement, approved by
both, with the next cycle's plan drafted from the cycle's evaluation; the weaving agreement has one in
progress."""

import pytest
from django.core.management import call_command

from evaluation.models import Evaluation
from pendampingan.demo_kit import AGREEMENT
from pendampingan.models import Agreement
from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_it_shows_every_level_approved_the_next_plan_and_one_in_progress(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    agreement = Agreement.objects.get(title=AGREEMENT)
    evaluations = {e.level: e for e in agreement.evaluations.all()}
    assert set(evaluations) == {"activity", "stage", "cycle"}
    assert all(e.is_final and e.approved_results for e in evaluations.values())
    for evaluation in evaluations.values():
        assert evaluation.institution_worked and evaluation.group_worked and evaluation.recommendations
    cycle = evaluations["cycle"]
    assert cycle.next_plan == Plan.objects.get(agreement=agreement, cycle=2)
    assert cycle.next_plan.revisions.get().activities.count() >= 3
    assert Evaluation.objects.filter(approved_at__isnull=True).exclude(agreement=agreement).exists()


def test_the_coordinator_s_prepared_portfolio_file_is_ready_once(settings):
    from pendampingan.models import PreparedFile

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    found = PreparedFile.objects.get()
    assert found.owner.username == "koordinator" and found.status == PreparedFile.Status.READY
    assert found.query == "health=needs_attention" and found.filename.endswith(".xlsx")
