import pytest
from django.urls import reverse

from pendampingan import registry
from tests.conftest import approve, group_actor, institution_actor


@pytest.fixture(autouse=True)
def core_alone():
    """The core's tests see the core alone: a new pillar's hooks never change what they count."""
    with registry.without_pillars():
        yield


def url(name, agreement, **kwargs):
    return reverse(name, kwargs={"pk": agreement.pk, **kwargs})


def form_data(agreement, **changes):
    data = {
        "title": agreement.title,
        "purpose": agreement.purpose,
        "start_date": agreement.start_date.isoformat(),
        "end_date": agreement.end_date.isoformat(),
        "coordinator": agreement.coordinator_id,
        "facilitators": [f.pk for f in agreement.facilitators.all()],
        "institution_commits": agreement.institution_commits,
        "institution_excludes": agreement.institution_excludes,
        "group_commits": agreement.group_commits,
        "indicator_tolerance": agreement.indicator_tolerance,
        "assessment_interval_months": agreement.assessment_interval_months,
        "quorum_percent": agreement.quorum_percent,
        "lock_version": agreement.lock_version,
    }
    data.update(changes)
    return data


def agreed(agreement, alice, group_a, chair):
    """``agreement`` approved by both parties."""
    approve(agreement, institution_actor(alice))
    approve(agreement, group_actor(group_a, chair))
    agreement.refresh_from_db()
    return agreement
