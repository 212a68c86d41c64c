import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pendampingan.models import Agreement, Party, Refused
from plans import services
from plans.models import Activity, Commitment, Plan, PlanRevision, Stage
from tests.conftest import approve, approve_data, group_actor, institution_actor, login
from tests.plans.conftest import fill

pytestmark = pytest.mark.django_db


def rurl(name, revision, **kwargs):
    return revision.url(name, **kwargs)


def activity_data(stage, **changes):
    data = {
        "stage": stage.pk,
        "title": "Pelatihan kompos",
        "description": "",
        "place": "Balai desa",
        "start_date": stage.start_date.isoformat(),
        "due_date": stage.end_date.isoformat(),
        "expected_output": "20 anggota terlatih",
        "budget_institution": "1000000",
        "budget_group": "250000",
        "budget_other": "0",
        "responsible_party": "both",
        "facilitator_in_charge": "",
        "member_in_charge": "",
        "lead": "joint",
        "status": "planned",
    }
    data.update(changes)
    return data


# --- seeing the plan -----------------------------------------------------------


def test_an_agreement_without_a_plan_offers_to_start_one(as_gita, agreement):
    response = as_gita.get(reverse("plans:overview", kwargs={"pk": agreement.pk}))
    assert response.status_code == 200
    assert "plans/plan_empty.html" in [t.name for t in response.templates]


def test_either_party_starts_the_plan(as_gita, agreement, gita):
    response = as_gita.post(reverse("plans:create", kwargs={"pk": agreement.pk}))
    revision = PlanRevision.objects.get(plan__agreement=agreement)
    assert response.url == rurl("revision", revision)
    assert revision.author_party == Party.GROUP
    assert revision.created_by == gita
    assert revision.created_by_officer.name == "Sumarni"


def test_a_second_plan_in_preparation_is_refused(as_alice, draft, agreement):
    as_alice.post(reverse("plans:create", kwargs={"pk": agreement.pk}))
    assert Plan.objects.filter(agreement=agreement).count() == 1


@pytest.mark.parametrize("who", ["alice", "fiona", "gita", "admin_user"])
def test_both_parties_see_the_plan_in_force(client, request, in_force, chair, who):
    login(client, request.getfixturevalue(who), chair)
    response = client.get(reverse("plans:overview", kwargs={"pk": in_force.plan.agreement_id}))
    assert response.status_code == 200
    assert response.context["revision"] == in_force
    assert "Kegiatan 1.1" in response.content.decode()


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_get_404_on_every_plan_page(client, request, in_force, who):
    login(client, request.getfixturevalue(who))
    activity = in_force.activities.first()
    for url in [
        reverse("plans:overview", kwargs={"pk": in_force.plan.agreement_id}),
        reverse("plans:revisions", kwargs={"pk": in_force.plan.agreement_id}),
        rurl("revision", in_force),
        rurl("compare", in_force),
        rurl("print", in_force),
        rurl("export", in_force, fmt="csv"),
        rurl("activities", in_force),
        rurl("item_edit", in_force, kind="activity", item_pk=activity.pk),
    ]:
        assert client.get(url).status_code == 404, url


def test_a_revision_is_addressed_by_the_numbers_people_read(as_alice, in_force, agreement_b, bob):
    assert in_force.url() == f"/agreements/{in_force.plan.agreement_id}/plan/1/revisions/1/"
    services.plan_create(actor=institution_actor(bob), agreement=agreement_b)
    # Agreement B's plan has a cycle 1 too, but under agreement A the numbers name A's plan only.
    for cycle, number in [(1, 2), (2, 1), (0, 0)]:
        url = reverse(
            "plans:revision", kwargs={"pk": in_force.plan.agreement_id, "cycle": cycle, "number": number}
        )
        assert as_alice.get(url).status_code == 404
    foreign = reverse("plans:revision", kwargs={"pk": agreement_b.pk, "cycle": 1, "number": 1})
    assert as_alice.get(foreign).status_code == 404


def test_anonymous_visitors_log_in_first(client, in_force):
    response = client.get(rurl("revision", in_force))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_overview_runs_a_fixed_number_of_queries(as_gita, draft, assert_queries):
    fill(draft, stages=1, per_stage=2)
    # session, user, staff (none), group, acting officer, agreement with parties, facilitators,
    # approvals, proposed amendments, revision with approvals (2), stages, activities, indicators,
    # commitments, sibling revisions
    with assert_queries(16):
        as_gita.get(rurl("revision", draft))
    fill(draft, stages=4, per_stage=6)
    with assert_queries(16):
        as_gita.get(rurl("revision", draft))


def test_the_activity_list_runs_a_fixed_number_of_queries(as_alice, draft, assert_queries):
    fill(draft, stages=1, per_stage=2)
    # session, user, staff, agreement, facilitators, approvals, proposed amendments, revision,
    # its approvals, stages for the filter, activities
    with assert_queries(11):
        as_alice.get(rurl("activities", draft), {"lead": "group"})
    fill(draft, stages=3, per_stage=5)
    with assert_queries(11):
        as_alice.get(rurl("activities", draft), {"lead": "group"})


def test_the_activity_list_filters(as_alice, in_force):
    group_led = as_alice.get(rurl("activities", in_force), {"lead": "group"}).context["activities"]
    assert {a.lead for a in group_led} == {"group"}
    in_june = as_alice.get(rurl("activities", in_force), {"month": "2026-05"}).context["activities"]
    assert {a.stage.order for a in in_june} == {2}
    bad = as_alice.get(rurl("activities", in_force), {"month": "2026-13"})
    assert "month" in bad.context["filter"].form.errors
    assert bad.context["activities"] == []


# --- building the plan together -------------------------------------------------


def test_both_parties_add_stages_and_activities(client, draft, alice, gita, chair):
    login(client, gita, chair)
    response = client.post(
        rurl("item_create", draft, kind="stage"),
        {"name": "Persiapan", "objective": "Siap.", "start_date": "2026-01-05", "end_date": "2026-03-31"},
    )
    assert response.status_code == 302
    stage = draft.stages.get()
    assert stage.order == 1
    login(client, alice)
    response = client.post(rurl("item_create", draft, kind="activity"), activity_data(stage))
    assert response.status_code == 302
    assert draft.activities.get().title == "Pelatihan kompos"


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"start_date": "2025-12-01"}, "start_date"),
        ({"due_date": "2026-01-01", "start_date": "2026-02-01"}, "due_date"),
        ({"due_date": "2026-09-01"}, "due_date"),
        ({"budget_group": "-5000"}, "budget_group"),
        ({"budget_institution": "sejuta"}, "budget_institution"),
        ({"responsible_party": "institution", "member_in_charge": "CHAIR"}, "member_in_charge"),
        ({"responsible_party": "group", "facilitator_in_charge": "FIONA"}, "facilitator_in_charge"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_activity_input_is_explained_next_to_the_field(as_alice, draft, chair, fiona, changes, field):
    stage = Stage.objects.create(
        **Stage.authored_like(draft),
        revision=draft,
        order=1,
        name="T",
        objective="x",
        start_date="2026-01-05",
        end_date="2026-03-31",
    )
    stage.refresh_from_db()
    changes = {k: {"CHAIR": chair.pk, "FIONA": fiona.pk}.get(v, v) for k, v in changes.items()}
    response = as_alice.post(rurl("item_create", draft, kind="activity"), activity_data(stage, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Activity.objects.exists()
    draft.refresh_from_db()
    assert draft.updated_by is None


def test_a_stage_of_another_agreement_is_refused(as_alice, draft, agreement_b, bob):
    other = services.plan_create(actor=institution_actor(bob), agreement=agreement_b)
    foreign = Stage.objects.create(
        **Stage.authored_like(other),
        revision=other,
        order=1,
        name="Asing",
        objective="x",
        start_date="2026-01-05",
        end_date="2026-03-31",
    )
    foreign.refresh_from_db()
    response = as_alice.post(rurl("item_create", draft, kind="activity"), activity_data(foreign))
    assert "stage" in response.context["form"].errors


def test_a_stage_outside_the_agreement_is_refused(as_alice, draft):
    response = as_alice.post(
        rurl("item_create", draft, kind="stage"),
        {"name": "Terlambat", "objective": "x", "start_date": "2026-11-01", "end_date": "2027-02-01"},
    )
    assert "end_date" in response.context["form"].errors


def test_a_negative_target_is_refused(as_gita, draft):
    data = {
        "name": "Panen",
        "unit": "ton",
        "baseline": "0",
        "target": "-3",
        "target_date": "2026-06-01",
        "means_of_verification": "Catatan",
        "reporting_party": "group",
    }
    response = as_gita.post(rurl("item_create", draft, kind="indicator"), data)
    assert "target" in response.context["form"].errors


def test_each_party_writes_its_own_commitments(client, draft, alice, gita, chair):
    login(client, gita, chair)
    client.post(rurl("item_create", draft, kind="commitment"), {"order": 1, "text": "Hadir rutin."})
    commitment = draft.commitments.get()
    assert commitment.party == Party.GROUP
    login(client, alice)
    response = client.post(
        rurl("item_edit", draft, kind="commitment", item_pk=commitment.pk),
        {"order": 1, "text": "Diubah lembaga.", "lock_version": commitment.lock_version},
    )
    assert response.status_code == 403
    commitment.refresh_from_db()
    assert commitment.text == "Hadir rutin."


def test_a_plan_in_force_is_not_edited_in_place(as_alice, in_force):
    stage = in_force.stages.first()
    assert as_alice.get(rurl("item_edit", in_force, kind="stage", item_pk=stage.pk)).status_code == 403


def test_a_stage_with_activities_is_not_removed(as_alice, draft):
    fill(draft, stages=1, per_stage=1)
    stage = draft.stages.get()
    as_alice.post(rurl("item_delete", draft, kind="stage", item_pk=stage.pk))
    assert Stage.objects.filter(pk=stage.pk).exists()


def test_removing_asks_first_and_says_what_goes(as_alice, draft):
    fill(draft, stages=1, per_stage=1)
    activity = draft.activities.get()
    response = as_alice.get(rurl("item_delete", draft, kind="activity", item_pk=activity.pk))
    assert response.status_code == 200
    assert "Indikator 1.1" in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()
    as_alice.post(rurl("item_delete", draft, kind="activity", item_pk=activity.pk))
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert not draft.indicators.exists()
    # The history keeps what went, and who removed it.
    removed = Activity.history.filter(id=activity.pk, history_type="-").get()
    assert removed.history_user.username == "alice"


def test_an_unknown_item_is_404(as_alice, draft):
    assert as_alice.get(rurl("item_edit", draft, kind="activity", item_pk=99999)).status_code == 404


# --- approving and revising --------------------------------------------------------


def test_both_approvals_put_the_plan_in_force(client, draft, alice, gita, chair):
    fill(draft)
    login(client, alice).post(rurl("approve", draft), approve_data(draft))
    login(client, gita, chair).post(rurl("approve", draft), approve_data(draft))
    draft.refresh_from_db()
    assert draft.status == PlanRevision.Status.IN_FORCE
    assert draft.approval_by(Party.GROUP).officer == chair


def test_approving_an_outdated_version_is_refused(client, draft, alice, gita, chair):
    fill(draft)
    login(client, alice).post(rurl("approve", draft), approve_data(draft))
    stage = draft.stages.first()
    seen = approve_data(draft)
    login(client, gita, chair).post(
        rurl("item_edit", draft, kind="stage", item_pk=stage.pk),
        {
            "order": 1,
            "name": "Tahap baru",
            "objective": "x",
            "start_date": stage.start_date,
            "end_date": stage.end_date,
            "lock_version": stage.lock_version,
        },
    )
    draft.refresh_from_db()
    assert draft.version == 2
    client.cookies["django_language"] = "en"
    response = login(client, gita, chair).post(rurl("approve", draft), seen, follow=True)
    assert "changed after you opened the page" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == PlanRevision.Status.DRAFT
    assert not draft.is_approved_by_both()


def test_a_plan_is_not_approved_before_the_agreement_is(as_alice, draft):
    Agreement.objects.filter(pk=draft.plan.agreement_id).update(
        status=Agreement.Status.DRAFT, agreed_version=None
    )
    as_alice.cookies["django_language"] = "en"
    response = as_alice.post(rurl("approve", draft), approve_data(draft), follow=True)
    assert "once both parties have agreed the agreement itself" in response.content.decode()
    assert not draft.approvals.exists()


def test_saving_an_unchanged_form_keeps_the_approvals(as_alice, draft, alice):
    fill(draft, stages=1, per_stage=1)
    approve(draft, institution_actor(alice))
    stage = draft.stages.get()
    data = {
        "order": stage.order,
        "name": stage.name,
        "objective": stage.objective,
        "start_date": stage.start_date,
        "end_date": stage.end_date,
        "lock_version": stage.lock_version,
    }
    as_alice.post(rurl("item_edit", draft, kind="stage", item_pk=stage.pk), data)
    draft.refresh_from_db()
    assert draft.version == 1
    assert draft.approval_by(Party.INSTITUTION) is not None


def test_an_edit_to_a_revision_that_came_into_force_meanwhile_is_refused(draft, alice):
    from plans.forms import StageForm

    fill(draft, stages=1, per_stage=1)
    stage = draft.stages.get()
    data = {
        "order": 1,
        "name": "Berubah",
        "objective": "x",
        "start_date": stage.start_date,
        "end_date": stage.end_date,
    }
    form = StageForm({**data, "lock_version": stage.lock_version}, instance=stage, revision=draft)
    assert form.is_valid()
    # The other party's approval lands between opening the page and saving it.
    PlanRevision.objects.filter(pk=draft.pk).update(status=PlanRevision.Status.IN_FORCE)
    with pytest.raises(Refused):
        services.plan_item_save(actor=institution_actor(alice), revision=draft, item=stage, **data)
    stage.refresh_from_db()
    assert stage.name != "Berubah"


def test_moving_an_activity_to_another_stage_shows_in_the_comparison(as_alice, in_force, alice):
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    activity = revision.activities.filter(stage__order=1).first()
    activity.stage = revision.stages.get(order=2)
    activity.save()
    kinds = as_alice.get(rurl("compare", revision)).context["changes"]
    changed = [fields for kind in kinds for item, fields in kind.changed if item.pk == activity.pk]
    assert changed and "Tahap 2" in str(changed[0][0].new)


def test_comparing_a_plan_with_one_revision_says_so(as_alice, draft):
    response = as_alice.get(rurl("compare", draft))
    assert response.status_code == 200
    assert response.context["other"] is None


def test_a_closed_cycle_cannot_be_revised(as_alice, in_force, alice, group_a, chair):
    next_cycle = services.plan_create(actor=institution_actor(alice), agreement=in_force.plan.agreement)
    fill(next_cycle, stages=1, per_stage=1)
    approve(next_cycle, institution_actor(alice))
    approve(next_cycle, group_actor(group_a, chair))
    in_force.refresh_from_db()
    assert in_force.status == PlanRevision.Status.SUPERSEDED
    assert in_force.plan.status == Plan.Status.CLOSED
    as_alice.post(rurl("revise", in_force), {"note": "Hidupkan lagi"})
    assert not PlanRevision.objects.filter(plan=in_force.plan, number=2).exists()
    assert Plan.objects.filter(agreement=in_force.plan.agreement, status=Plan.Status.IN_FORCE).count() == 1


def test_the_revision_list_runs_a_fixed_number_of_queries(as_alice, in_force, alice, assert_queries):
    url = reverse("plans:revisions", kwargs={"pk": in_force.plan.agreement_id})
    # session, user, staff, agreement, facilitators, approvals, proposed amendments, plans, revisions,
    # their approvals, revisions for the cycle figures, their approvals, their activities
    with assert_queries(13):
        as_alice.get(url)
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    approve(revision, institution_actor(alice))
    with assert_queries(13):
        as_alice.get(url)


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "2026-00", "abc"])
def test_an_impossible_month_is_a_form_error(as_alice, in_force, month):
    response = as_alice.get(rurl("activities", in_force), {"month": month})
    assert response.status_code == 200
    assert "month" in response.context["filter"].form.errors


def test_a_facilitator_cannot_approve_for_the_institution(client, draft, fiona):
    login(client, fiona)
    assert client.post(rurl("approve", draft), {"version": 1}).status_code == 403


def test_approving_needs_a_post(as_alice, draft):
    assert as_alice.get(rurl("approve", draft)).status_code == 405


def test_a_revision_is_proposed_compared_and_approved(client, in_force, alice, gita, chair):
    login(client, gita, chair)
    response = client.post(rurl("revise", in_force), {"note": "Tambah kegiatan panen."})
    revision = PlanRevision.objects.get(plan=in_force.plan, number=2)
    assert response.url == rurl("revision", revision)
    activity = revision.activities.first()
    client.post(rurl("item_delete", revision, kind="activity", item_pk=activity.pk))
    stage = revision.stages.first()
    client.post(rurl("item_create", revision, kind="activity"), activity_data(stage, title="Panen raya"))

    changes = client.get(rurl("compare", revision)).context["changes"]
    kinds = {str(k.label): k for k in changes}
    activities = next(k for k in changes if k.added or k.removed)
    assert [a.title for a in activities.added] == ["Panen raya"]
    assert [a.title for a in activities.removed] == [activity.title]
    assert kinds

    overview = client.get(reverse("plans:overview", kwargs={"pk": in_force.plan.agreement_id}))
    assert overview.context["revision"] == in_force
    login(client, alice).post(rurl("approve", revision), approve_data(revision))
    login(client, gita, chair).post(rurl("approve", revision), approve_data(revision))
    overview = client.get(reverse("plans:overview", kwargs={"pk": in_force.plan.agreement_id}))
    assert overview.context["revision"] == revision


def test_only_the_revision_in_force_is_revised(as_alice, draft):
    as_alice.post(rurl("revise", draft), {"note": "x"})
    assert PlanRevision.objects.count() == 1


def test_a_revision_needs_a_reason(as_alice, in_force):
    response = as_alice.post(rurl("revise", in_force), {"note": ""})
    assert "note" in response.context["form"].errors
    assert PlanRevision.objects.count() == 1


def test_the_group_sees_a_waiting_revision_on_its_dashboard(as_gita, in_force, alice):
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    approve(revision, institution_actor(alice))
    waiting = as_gita.get(reverse("core:dashboard")).context["waiting"]
    assert rurl("revision", revision) in [item.url for item in waiting]
    as_gita.post(rurl("approve", revision), approve_data(revision))
    waiting = as_gita.get(reverse("core:dashboard")).context["waiting"]
    assert rurl("revision", revision) not in [item.url for item in waiting]


def test_the_revision_list_compares_cycles(as_alice, in_force):
    response = as_alice.get(reverse("plans:revisions", kwargs={"pk": in_force.plan.agreement_id}))
    [(plan, shown, figures)] = response.context["cycles"]
    assert shown == in_force
    assert figures.activities == 4


# --- exports and print ------------------------------------------------------------


def test_the_csv_export_lists_every_activity(as_gita, in_force):
    response = as_gita.get(rurl("export", in_force, fmt="csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 4
    assert rows[1][1] == "Kegiatan 1.1"
    assert rows[1][9] == "1200000"


# Above each sheet's table: the agreement, the plan's cycle and revision, the date of export and a
# blank row; the header row is the fifth.
HEADER_ROW = 5


def test_the_xlsx_export_has_a_sheet_per_part(as_alice, in_force):
    response = as_alice.get(rurl("export", in_force, fmt="xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 4
    activities = workbook.worksheets[0]
    assert activities.max_row == HEADER_ROW + 4 + 1
    assert activities.cell(row=HEADER_ROW + 1, column=2).value == "Kegiatan 1.1"
    roles = workbook.worksheets[3]
    assert {roles.cell(row=r, column=2).value for r in (HEADER_ROW + 1, HEADER_ROW + 2)} == {
        "Hadir dua kali sebulan.",
        "Pertemuan rutin.",
    }


def test_each_xlsx_sheet_names_the_plan_and_the_day_of_export(as_alice, in_force):
    response = as_alice.get(rurl("export", in_force, fmt="xlsx"))
    for sheet in load_workbook(io.BytesIO(response.content)).worksheets:
        assert sheet["A1"].value == in_force.plan.agreement.title
        assert sheet["A2"].value == str(in_force)
        assert sheet["B3"].value.date() == timezone.localdate()
        assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"


def test_the_xlsx_export_sums_the_budget(as_alice, in_force):
    response = as_alice.get(rurl("export", in_force, fmt="xlsx"))
    activities = load_workbook(io.BytesIO(response.content)).worksheets[0]
    totals = [cell.value for cell in activities[activities.max_row]]
    activities_in_force = list(in_force.activities.all())
    assert totals[6:10] == [
        sum(a.budget_institution for a in activities_in_force),
        sum(a.budget_group for a in activities_in_force),
        sum(a.budget_other for a in activities_in_force),
        sum(a.budget_total for a in activities_in_force),
    ]
    first = activities[HEADER_ROW + 1]
    assert first[3].value.date() == in_force.stages.get(order=1).start_date
    assert first[9].number_format == '"Rp"#,##0'


def test_the_export_is_named_for_the_plan(as_alice, in_force):
    response = as_alice.get(rurl("export", in_force, fmt="csv"))
    assert response["Content-Disposition"].startswith('attachment; filename="rencana-')
    assert response["Content-Disposition"].endswith('-siklus1-rev1.csv"')


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_lets_no_cache_keep_an_export(as_alice, in_force, fmt):
    response = as_alice.get(rurl("export", in_force, fmt=fmt))
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]


def test_an_unknown_export_format_is_404(as_alice, in_force):
    url = rurl("export", in_force, fmt="csv").replace("export.csv", "export.pdf")
    assert as_alice.get(url).status_code == 404


def test_the_printable_plan_shows_both_signatures(as_alice, in_force):
    body = as_alice.get(rurl("print", in_force)).content.decode()
    assert "Kegiatan 2.2" in body
    assert "Sumarni" in body


def test_commitments_survive_in_the_model(draft):
    Commitment.objects.create(**Commitment.authored_like(draft), revision=draft, party="group", text="x")
    assert draft.commitments.count() == 1


def test_every_plan_url_sends_anonymous_visitors_to_log_in(client, in_force):
    agreement = {"pk": in_force.plan.agreement_id}
    stage = in_force.stages.first()
    urls = [
        reverse("plans:overview", kwargs=agreement),
        reverse("plans:create", kwargs=agreement),
        reverse("plans:revisions", kwargs=agreement),
        rurl("revision", in_force),
        rurl("revise", in_force),
        rurl("approve", in_force),
        rurl("compare", in_force),
        rurl("print", in_force),
        rurl("export", in_force, fmt="xlsx"),
        rurl("activities", in_force),
        rurl("item_create", in_force, kind="stage"),
        rurl("item_edit", in_force, kind="stage", item_pk=stage.pk),
        rurl("item_delete", in_force, kind="stage", item_pk=stage.pk),
    ]
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("name", ["create", "approve"])
def test_post_only_plan_urls_refuse_get(as_alice, draft, name):
    if name == "create":
        url = reverse("plans:create", kwargs={"pk": draft.plan.agreement_id})
    else:
        url = rurl(name, draft)
    assert as_alice.get(url).status_code == 405


def test_the_admin_cannot_write_the_plan(client, admin_user, draft):
    client.force_login(admin_user)
    assert client.get(rurl("revision", draft)).status_code == 200
    assert client.get(rurl("item_create", draft, kind="stage")).status_code == 403


def test_each_item_records_who_proposed_and_who_changed_it(client, draft, alice, gita, chair):
    stage = Stage.objects.create(
        **Stage.authored_like(draft),
        revision=draft,
        order=1,
        name="T",
        objective="x",
        start_date="2026-01-05",
        end_date="2026-03-31",
    )
    stage.refresh_from_db()
    login(client, gita, chair).post(rurl("item_create", draft, kind="activity"), activity_data(stage))
    activity = draft.activities.get()
    assert (activity.author_party, activity.created_by, activity.created_by_officer) == ("group", gita, chair)
    login(client, alice).post(
        rurl("item_edit", draft, kind="activity", item_pk=activity.pk),
        activity_data(stage, place="Sawah", lock_version=activity.lock_version),
    )
    activity.refresh_from_db()
    assert (activity.author_party, activity.updated_by, activity.updated_by_officer) == ("group", alice, None)
    body = client.get(rurl("revision", draft)).content.decode()
    assert "Sumarni" in body


# Each: session, user, staff, agreement with parties, facilitators, approvals, proposed amendments,
# the revision with its approvals (2); then print and pdf: stages, activities, indicators,
# commitments, sibling revisions (the PDF is drawn from the same page, with no query of its own);
# compare: the other revisions, and the four kinds of items of both revisions together;
# export: the four kinds of items.
@pytest.mark.parametrize("name,count", [("print", 14), ("pdf", 14), ("compare", 14), ("export", 13)])
def test_reports_run_a_fixed_number_of_queries(as_alice, in_force, alice, assert_queries, name, count):
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    kwargs = {"fmt": "xlsx"} if name == "export" else {}
    with assert_queries(count):
        as_alice.get(rurl(name, revision, **kwargs))
    fill(revision, stages=3, per_stage=4)
    with assert_queries(count):
        as_alice.get(rurl(name, revision, **kwargs))


def test_an_odd_stage_number_is_ignored(as_alice, draft):
    assert as_alice.get(rurl("item_create", draft, kind="activity"), {"stage": "²"}).status_code == 200


def test_a_revision_of_the_current_cycle_does_not_close_the_next_one(in_force, alice, group_a, chair):
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    next_cycle = services.plan_create(actor=institution_actor(alice), agreement=in_force.plan.agreement)
    approve(revision, institution_actor(alice))
    approve(revision, group_actor(group_a, chair))
    next_cycle.refresh_from_db()
    assert next_cycle.status == PlanRevision.Status.DRAFT
    assert next_cycle.plan.status == Plan.Status.PREPARING


def test_exports_do_not_carry_spreadsheet_formulas(as_alice, draft):
    fill(draft, stages=1, per_stage=1)
    draft.activities.update(title='=HYPERLINK("http://contoh.example","Klik")')
    workbook = load_workbook(io.BytesIO(as_alice.get(rurl("export", draft, fmt="xlsx")).content))
    title = workbook.worksheets[0].cell(row=HEADER_ROW + 1, column=2)
    assert title.data_type == "s"
    assert title.value.startswith("'=")
    rows = list(
        csv.reader(io.StringIO(as_alice.get(rurl("export", draft, fmt="csv")).content.decode("utf-8-sig")))
    )
    assert rows[1][1].startswith("'=")


def test_the_agreement_period_cannot_shrink_past_the_plan(as_alice, in_force):
    from tests.pendampingan.test_amendments import amendment_data

    agreement = in_force.plan.agreement
    url = reverse("core:amendment_create", kwargs={"pk": agreement.pk})
    response = as_alice.post(url, amendment_data(agreement, end_date="2026-04-30"))
    assert response.status_code == 200
    assert "Tahap 2" in " ".join(response.context["form"].non_field_errors())
    assert not agreement.amendments.exists()
