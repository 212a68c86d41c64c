import pytest
from django.core.management import call_command

from monitoring.content import in_force_activities
from monitoring.demo import AGREEMENT
from monitoring.models import ActivityProgress
from monitoring.states import activity_states
from pendampingan.models import Agreement

pytestmark = pytest.mark.django_db


def test_the_demo_records_progress_by_both_parties_once(settings):
    import datetime

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    agreement = Agreement.objects.get(title=AGREEMENT)
    entries = list(ActivityProgress.objects.filter(agreement=agreement))
    assert {e.author_party for e in entries} == {"institution", "group"}
    assert "pendamping" in {e.created_by.username for e in entries}
    assert len({e.created_by_officer_name for e in entries if e.author_party == "group"}) >= 2
    activities = list(in_force_activities(agreement))
    states = activity_states(activities, entries, datetime.date(2026, 11, 29)).values()
    assert sum(s.is_done for s in states) >= 3
    assert sum(s.is_done_late for s in states) == 1
    assert any(s.status == "in_progress" and not s.is_late for s in states)
    assert any(s.status == "postponed" and s.latest.problems for s in states)
    assert any(s.is_late and s.latest is None for s in states)
