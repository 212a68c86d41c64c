import datetime

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.monitoring.conftest import record
from tests.plans.conftest import add_activity

pytestmark = pytest.mark.django_db


def list_url(agreement):
    return reverse("monitoring:deviations", kwargs={"pk": agreement.pk})


@pytest.mark.parametrize("who", ["alice", "fiona", "gita"])
def test_both_parties_see_the_deviations_with_whose_role_they_concern(
    client, request, agreement_in_force, chair, who
):
    login(client, request.getfixturevalue(who), chair if who == "gita" else None)
    found = client.get(list_url(agreement_in_force)).context["deviations"]
    # The test plan's four activities were all due by the end of June 2026.
    assert [d.kind for d in found].count("activity_overdue") == 4
    assert {d.party for d in found} == {"both"}


def test_it_filters_by_kind_party_and_status(as_alice, agreement_in_force, in_force, activity):
    add_activity(in_force, activity.stage, "Milik kelompok", party="group")
    url = list_url(agreement_in_force)
    as_alice.cookies["django_language"] = "en"
    assert [d.title for d in as_alice.get(url, {"party": "group"}).context["deviations"]] == [
        "Overdue: Milik kelompok"
    ]
    assert as_alice.get(url, {"kind": "indicator_behind"}).context["deviations"] == []
    assert as_alice.get(url, {"status": "corrected"}).context["deviations"] == []


def test_an_invalid_filter_says_so(as_alice, agreement_in_force):
    response = as_alice.get(list_url(agreement_in_force), {"kind": "nonsense"})
    assert response.status_code == 200
    assert response.context["deviations"] == [] and response.context["filter"].errors


@pytest.mark.parametrize("extra", [0, 8])
def test_it_runs_a_fixed_number_of_queries(
    as_alice, agreement_in_force, in_force, activity, fiona_actor, extra, assert_queries
):
    for n in range(extra):
        record(fiona_actor, add_activity(in_force, activity.stage, f"Tambahan {n}"), spent_other=9_000_000)
    # session, user, staff; the agreement with its parties, facilitators, approvals, proposed
    # amendments; the rules' activities, entries, indicators, values, reported deviations and
    # corrective actions, the assessment rounds; the meetings and their attendance.
    with assert_queries(16):
        response = as_alice.get(list_url(agreement_in_force))
    assert len(response.context["deviations"]) >= 4 + extra


@pytest.mark.parametrize("who", ["bob", "gabe"])
def test_outsiders_get_a_404(client, request, agreement_in_force, who):
    user = request.getfixturevalue(who)
    group = getattr(user, "community_group", None)
    login(client, user, group.members.first() if group else None)
    assert client.get(list_url(agreement_in_force)).status_code == 404


def test_it_is_read_only(as_alice, agreement_in_force):
    assert as_alice.post(list_url(agreement_in_force)).status_code == 405


def test_the_day_matters_not_a_stored_flag(agreement_in_force, activity):
    from monitoring import deviations

    before = deviations.find([agreement_in_force], activity.due_date)[agreement_in_force.pk]
    after = deviations.find([agreement_in_force], activity.due_date + datetime.timedelta(days=1))
    assert len(after[agreement_in_force.pk]) > len([d for d in before if d.kind == "activity_overdue"])
