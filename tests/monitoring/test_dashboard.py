import pytest
from django.urls import reverse

from pendampingan.models import Agreement, Standing
from tests.conftest import login
from tests.monitoring.conftest import progress_url, record
from tests.plans.conftest import fill

# What the dashboard reads, whatever the data: the core's queries and, for the few agreements where
# something waits, what each pillar reads to list it.
QUERIES = 27

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["alice", "fiona", "gita"])
def test_both_parties_see_the_late_activities(client, request, agreement_in_force, in_force, chair, who):
    login(client, request.getfixturevalue(who), chair if who == "gita" else None)
    response = client.get(reverse("core:dashboard"))
    details = [item.title for item in response.context["waiting_shown"]]
    # The test plan's four activities were all due by the end of June 2026.
    assert len([d for d in details if d.startswith("Terlambat: ")]) == 4
    assert "Terlambat: Kegiatan 1.1, batas 28 Maret 2026" in details


def test_done_and_cancelled_activities_are_not_late(
    as_alice, agreement_in_force, activity, fiona_actor, chair_actor
):
    record(fiona_actor, activity, status="done", percent_done=100, actual_end=activity.due_date)
    other = agreement_in_force.plans.get().revisions.get().activities.exclude(pk=activity.pk).first()
    record(chair_actor, other, status="cancelled")
    titles = [item.title for item in as_alice.get(reverse("core:dashboard")).context["waiting_shown"]]
    assert not any(activity.title in t or other.title in t for t in titles)
    late = [
        item
        for item in as_alice.get(reverse("core:dashboard")).context["waiting_shown"]
        if "Terlambat" in item.title
    ]
    assert late[0].url.startswith(progress_url(agreement_in_force))


def test_ended_agreements_are_left_out(as_alice, agreement_in_force):
    Agreement.objects.filter(pk=agreement_in_force.pk).update(status=Agreement.Status.COMPLETED)
    titles = [item.title for item in as_alice.get(reverse("core:dashboard")).context["waiting_shown"]]
    assert not any(t.startswith("Terlambat: ") for t in titles)


def test_outsiders_see_nothing_of_it(client, bob, agreement_in_force):
    login(client, bob)
    assert client.get(reverse("core:dashboard")).context["waiting_shown"] == []


def test_the_dashboard_runs_a_fixed_number_of_queries(
    as_alice, agreement_in_force, in_force, activity, fiona_actor, assert_queries
):
    record(fiona_actor, activity)
    # session, user, staff+institution, open agreements with parties, facilitators, approvals,
    # proposed amendments, draft plan revisions (plans), overdue activities of the plans in force,
    # their progress entries; for what each party owes: the activities of the plans in force,
    # their entries, the indicators, their values, the corrective actions, the reported deviations,
    # the assessment rounds, the meetings and their attendance; from the records: the meetings
    # coming, the minutes with their approvals, the activity records with their feedback; the
    # evaluations awaiting approval; how many agreements of each status, and the latest of each of
    # the two statuses there are
    # (The first read after a change recounts what waits in the agreement; the counts are kept.)
    as_alice.get(reverse("core:dashboard"))
    with assert_queries(QUERIES):
        response = as_alice.get(reverse("core:dashboard"))
    # Four late activities, and the mutual assessment due since April (every three months).
    assert response.context["waiting_total"] == len(response.context["waiting_shown"]) == 5
    fill(in_force, stages=3, per_stage=3)
    # ``fill`` writes rows straight into the plan in force, past the services that tell the counts.
    Standing.changed(agreement_in_force.pk)
    as_alice.get(reverse("core:dashboard"))
    with assert_queries(QUERIES):
        response = as_alice.get(reverse("core:dashboard"))
    assert response.context["waiting_total"] == 14 and len(response.context["waiting_shown"]) == 10
