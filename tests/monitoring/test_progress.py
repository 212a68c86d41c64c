import pytest
from django.urls import reverse

from pendampingan.models import Agreement
from plans.models import PlanRevision
from tests.conftest import login
from tests.monitoring.conftest import D, progress_url, record
from tests.plans.conftest import add_activity, add_stage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["alice", "fiona", "gita"])
def test_it_shows_both_parties_each_activity_with_its_recorded_state(
    client, request, agreement_in_force, activity, fiona_actor, chair, who
):
    record(fiona_actor, activity, status="done", percent_done=100, actual_end=activity.due_date)
    login(client, request.getfixturevalue(who), chair if who == "gita" else None)
    response = client.get(progress_url(agreement_in_force))
    assert response.status_code == 200
    page = response.content.decode()
    assert activity.title in page and "Kegiatan 2.2" in page
    states = {s.activity.title: s for _stage, rows in response.context["stages"] for s in rows}
    assert states[activity.title].is_done and "Selesai" in response.content.decode()
    assert states["Kegiatan 2.2"].is_late


def test_late_activities_come_first_and_are_marked(as_alice, agreement_in_force, activity, fiona_actor):
    record(fiona_actor, activity, status="done", percent_done=100, actual_end=activity.due_date)
    response = as_alice.get(progress_url(agreement_in_force))
    late = [s.activity.title for s in response.context["late"]]
    assert activity.title not in late and "Kegiatan 1.2" in late
    first_stage_rows = response.context["stages"][0][1]
    assert first_stage_rows[0].is_late and not first_stage_rows[-1].is_late
    assert "table-danger" in response.content.decode()


def test_it_shows_spending_against_the_budget_in_rupiah(as_alice, agreement_in_force, activity, fiona_actor):
    record(fiona_actor, activity, spent_institution=750_000, spent_group=50_000)
    page = as_alice.get(progress_url(agreement_in_force)).content.decode()
    assert "Rp800.000" in page and "Rp1.200.000" in page


def test_without_a_plan_in_force_it_says_so(as_alice, draft):
    response = as_alice.get(progress_url(draft.plan.agreement))
    assert response.status_code == 200
    assert response.context["revision"] is None


def test_anonymous_visitors_go_to_the_login_page(client, agreement):
    response = client.get(progress_url(agreement))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_is_read_only(as_alice, agreement):
    assert as_alice.post(progress_url(agreement)).status_code == 405


@pytest.mark.parametrize("who", ["bob", "bella", "frank"])
def test_outsiders_get_404(client, request, agreement_in_force, who):
    login(client, request.getfixturevalue(who))
    assert client.get(progress_url(agreement_in_force)).status_code == 404


def test_the_agreement_page_links_to_the_progress(as_alice, agreement_in_force):
    page = as_alice.get(reverse("core:agreement_detail", kwargs={"pk": agreement_in_force.pk}))
    assert progress_url(agreement_in_force) in page.content.decode()


def test_the_progress_page_runs_a_fixed_number_of_queries(
    as_alice, agreement_in_force, in_force, fiona_actor, chair_actor, assert_queries
):
    # session, user, staff, agreement with parties, facilitators, approvals, proposed amendments,
    # activities of the plan in force with stage and revision, their entries with authors
    with assert_queries(9):
        as_alice.get(progress_url(agreement_in_force))
    # More activities and entries: a new revision in force, keeping the keys of the old one.
    Agreement.objects.filter(pk=agreement_in_force.pk).update(end_date=D(2027, 12, 31))
    stage = add_stage(in_force, 3, D(2026, 7, 1), D(2026, 12, 31))
    for n in range(8):
        extra = add_activity(in_force, stage, f"Tambahan {n}")
        record(fiona_actor if n % 2 else chair_actor, extra, reported_on=D(2026, 7, 2))
    for activity in in_force.activities.all()[:3]:
        record(chair_actor, activity, status="done", percent_done=100, actual_end=activity.due_date)
    assert PlanRevision.objects.filter(status="in_force").count() == 1
    with assert_queries(9):
        as_alice.get(progress_url(agreement_in_force))


def test_progress_stays_with_an_activity_when_a_new_revision_comes_into_force(
    as_alice, agreement_in_force, in_force, activity, alice, group_a, chair, fiona_actor
):
    from plans import services
    from tests.conftest import approve, group_actor, institution_actor

    record(fiona_actor, activity, status="done", percent_done=100, actual_end=activity.due_date)
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    revision.activities.filter(key=activity.key).update(title="Judul baru")
    revision.content_changed(institution_actor(alice))
    approve(revision, institution_actor(alice))
    approve(revision, group_actor(group_a, chair))
    assert revision.is_in_force
    response = as_alice.get(progress_url(agreement_in_force))
    states = {s.activity.title: s for _stage, rows in response.context["stages"] for s in rows}
    assert states["Judul baru"].is_done
    assert states["Judul baru"].activity.revision_id == revision.pk


def test_it_charts_spending_and_activities_done_against_the_plan(as_alice, agreement_in_force):
    response = as_alice.get(progress_url(agreement_in_force))
    charts = response.context["charts"]
    assert [planned for _stage, planned, _spent in charts["spending"]] == [2_400_000, 2_400_000]
    assert response.content.decode().count('src="data:image/svg+xml;base64,') == 2
