"""Starting an evaluation, each party writing its side, both approving: on the pages."""

import pytest
from django.utils import timezone

from evaluation.models import Evaluation
from tests.conftest import approve, approve_data, group_actor, institution_actor, login
from tests.evaluation.conftest import url

pytestmark = pytest.mark.django_db


def test_either_party_starts_an_evaluation_of_an_activity(client, gita, chair, in_force, agreement_in_force):
    activity = in_force.activities.order_by("start_date", "title").first()
    login(client, gita, chair)
    response = client.post(
        url("start", agreement=agreement_in_force), {"level": "activity", "subject_key": str(activity.key)}
    )
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302
    assert (evaluation.level, evaluation.subject_key, evaluation.title) == (
        "activity",
        activity.key,
        activity.title,
    )
    assert evaluation.author_party == "group" and evaluation.cycle == 1


@pytest.mark.parametrize(
    "data, field",
    [
        ({"level": "activity", "subject_key": ""}, "subject_key"),
        ({"level": "stage", "subject_key": "5b4b8f0e-6b5e-4c55-9f55-2d1b0a7e1c11"}, "subject_key"),
        ({"level": "everything"}, "level"),
    ],
)
def test_a_subject_not_in_the_plan_is_refused(as_alice, agreement_in_force, data, field):
    response = as_alice.post(url("start", agreement=agreement_in_force), data)
    assert response.status_code == 200 and not Evaluation.objects.exists()
    errors = response.context["form"].errors
    assert field in errors or errors.get("__all__")


def test_the_same_thing_is_evaluated_once(as_alice, cycle):
    response = as_alice.post(url("start", agreement=cycle.agreement), {"level": "cycle"})
    assert response.status_code == 200 and Evaluation.objects.count() == 1


def sides(response):
    return set(response.context["form"].fields)


def test_each_party_writes_its_own_side_and_both_the_joint_texts(client, as_alice, gita, chair, cycle):
    assert sides(as_alice.get(url("edit", cycle))) >= {"institution_worked", "conclusions"}
    assert "group_worked" not in sides(as_alice.get(url("edit", cycle)))
    as_alice.post(
        url("edit", cycle),
        {
            "institution_worked": "Kompos tercapai.",
            "group_worked": "Dari lembaga.",
            "lock_version": cycle.lock_version,
        },
    )
    cycle.refresh_from_db()
    assert cycle.institution_worked == "Kompos tercapai." and cycle.group_worked == ""
    login(client, gita, chair)
    client.post(
        url("edit", cycle), {"group_worked": "Rumah kompos jadi.", "lock_version": cycle.lock_version}
    )
    cycle.refresh_from_db()
    assert (cycle.institution_worked, cycle.group_worked) == ("Kompos tercapai.", "Rumah kompos jadi.")
    page = client.get(url("evaluation", cycle))
    assert page.context["evaluation"].parts()[0][1:] == ("Kompos tercapai.", "Rumah kompos jadi.")


def test_an_edit_from_an_older_form_is_refused(as_alice, cycle):
    stale = {"conclusions": "Lama.", "lock_version": cycle.lock_version}
    as_alice.post(url("edit", cycle), {"conclusions": "Baru.", "lock_version": cycle.lock_version})
    response = as_alice.post(url("edit", cycle), stale)
    assert response.status_code == 200 and response.context["form"].conflict
    cycle.refresh_from_db()
    assert cycle.conclusions == "Baru."


def test_approved_by_both_it_is_final_and_keeps_its_figures(
    as_alice, cycle, alice, group_a, chair, in_force, fiona_actor
):
    from monitoring import services as monitoring

    approve(cycle, institution_actor(alice))
    approve(cycle, group_actor(group_a, chair))
    cycle.refresh_from_db()
    assert cycle.is_final and cycle.approved_results["effectiveness"] == "0"
    indicator = in_force.indicators.first()
    monitoring.indicator_value_create(
        actor=fiona_actor,
        agreement=cycle.agreement,
        indicator=indicator,
        measured_on=timezone.localdate(),
        value=10,
    )
    page = as_alice.get(url("evaluation", cycle))
    assert page.context["figures"].effectiveness == 0
    assert as_alice.get(url("edit", cycle)).status_code == 403


def test_an_approval_of_what_changed_after_it_was_shown_is_refused(client, as_alice, fiona, cycle):
    shown = approve_data(cycle)
    as_alice.post(url("edit", cycle), {"conclusions": "Berubah.", "lock_version": cycle.lock_version})
    as_alice.post(url("approve", cycle), shown)
    assert not cycle.approvals.exists()


def test_the_facilitator_writes_but_does_not_approve(client, fiona, cycle):
    login(client, fiona)
    assert client.get(url("edit", cycle)).status_code == 200
    client.post(url("approve", cycle), approve_data(cycle))
    assert not cycle.approvals.exists()


def test_the_admin_reads_but_writes_nothing(as_root, cycle):
    assert as_root.get(url("evaluation", cycle)).status_code == 200
    assert as_root.get(url("edit", cycle)).status_code == 403
    assert as_root.get(url("start", agreement=cycle.agreement)).status_code == 403


def test_approving_is_a_post(as_alice, cycle):
    assert as_alice.get(url("approve", cycle)).status_code == 405


def test_it_is_listed_on_the_agreement_page_and_waits_on_the_dashboard(client, gita, chair, cycle):
    login(client, gita, chair)
    from django.urls import reverse

    assert (
        cycle.title
        in client.get(reverse("core:agreement_detail", kwargs={"pk": cycle.agreement_id})).content.decode()
    )
    assert cycle.title in client.get("/").content.decode()


@pytest.mark.parametrize("extra", [0, 6])
def test_the_page_runs_a_fixed_number_of_queries(
    as_alice, cycle, in_force, fiona_actor, extra, assert_queries
):
    from monitoring import services as monitoring
    from tests.plans.conftest import add_activity

    stage = in_force.stages.first()
    for n in range(extra):
        activity = add_activity(in_force, stage, f"Tambahan {n}")
        monitoring.progress_create(
            actor=fiona_actor,
            agreement=cycle.agreement,
            activity=activity,
            reported_on=stage.start_date,
            status="in_progress",
            what_was_done="Mulai.",
            actual_start=stage.start_date,
        )
    # session, user, staff; the agreement with its parties, facilitators, approvals and proposed
    # amendments; the evaluation with its approvals; the figures: the revision, its activities and
    # indicators, the progress, the values, the attendance per meeting, the corrective actions opened
    # and closed, the scores. (A later cycle reads two more: the previous cycle's revision and its
    # activities.)
    with assert_queries(18):
        response = as_alice.get(url("evaluation", cycle))
    assert response.context["figures"].activities == 4 + extra


@pytest.mark.parametrize("extra", [0, 3])
def test_the_list_runs_a_fixed_number_of_queries(
    as_alice, cycle, in_force, fiona_actor, extra, assert_queries
):
    from evaluation import services

    for activity in in_force.activities.order_by("start_date")[:extra]:
        services.evaluation_start(
            actor=fiona_actor, agreement=cycle.agreement, level="activity", subject_key=activity.key
        )
    # session, user, staff; the agreement with its parties, facilitators, approvals and proposed
    # amendments; the evaluations with their approvals.
    with assert_queries(9):
        response = as_alice.get(url("evaluations", agreement=cycle.agreement))
    assert len(response.context["evaluations"]) == 1 + extra


def test_the_journal_tells_when_an_evaluation_started_and_was_approved(cycle, alice, group_a, chair):
    from records import journal

    approve(cycle, institution_actor(alice))
    entries, _more = journal.page(cycle.agreement, kind="evaluation")
    assert len(entries) == 1 and entries[0].kind == "evaluation" and cycle.title in entries[0].title
    approvals, _more = journal.page(cycle.agreement, kind="approval", party="institution")
    assert any(cycle.title in e.title for e in approvals)
