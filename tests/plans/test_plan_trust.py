"""What a second writer, a stale page, a typo or pasted text must never do to a plan."""

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse

from pendampingan.models import Party, Refused
from plans import services
from plans.models import Activity, Indicator, Plan, PlanRevision, Stage
from tests.conftest import approve, approve_data, group_actor, institution_actor, login, workbook_of
from tests.plans.conftest import activity_data, fill, rurl

pytestmark = pytest.mark.django_db


def edit(client, activity, **changes):
    """Post the activity's edit form as read, with ``changes`` typed in."""
    data = model_to_dict(activity, fields=Activity.CONTENT_FIELDS)
    data = {name: "" if value is None else value for name, value in data.items()}
    data["lock_version"] = activity.lock_version
    url = rurl("item_edit", activity.revision, kind="activity", item_pk=activity.pk)
    return client.post(url, {**data, **changes})


def test_a_second_save_from_an_older_form_does_not_overwrite_the_first(client, draft, alice, gita, chair):
    fill(draft, stages=1, per_stage=1)
    activity = draft.activities.get()
    # Both open the edit form at the same edit number.
    read = Activity.objects.get(pk=activity.pk)
    assert edit(login(client, alice), read, place="Balai desa Karanganyar").status_code == 302
    response = edit(login(client, gita, chair), read, budget_group="900000")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors()
    # What the group typed is kept, and what the institution saved meanwhile is shown.
    assert form["budget_group"].value() == "900000"
    # What the group left untouched now shows what the institution saved, so saving again undoes nothing.
    assert form["place"].value() == "Balai desa Karanganyar"
    assert [str(c.label) for c in form.conflict.changes] == [
        str(Activity._meta.get_field("place").verbose_name)
    ]
    assert form.conflict.changes[0].new == "Balai desa Karanganyar"
    activity.refresh_from_db()
    assert (activity.place, activity.budget_group) == ("Balai desa Karanganyar", 200_000)
    # Saved again, knowingly, from the newer version: it counts.
    data = form.data.dict()
    client.post(rurl("item_edit", draft, kind="activity", item_pk=activity.pk), data)
    activity.refresh_from_db()
    assert activity.budget_group == 900_000


def test_saving_unchanged_text_sent_with_crlf_changes_nothing(client, draft, alice, group_a, chair):
    fill(draft, stages=1, per_stage=1)
    activity = draft.activities.get()
    activity.description = "Baris satu.\nBaris dua."
    activity.save()
    approve(draft, institution_actor(alice))
    before = Activity.history.filter(id=activity.pk).count()
    edit(login(client, group_a.account, chair), activity, description="Baris satu.\r\nBaris dua.")
    draft.refresh_from_db()
    assert draft.version == 1
    assert draft.approval_by(Party.INSTITUTION) is not None
    assert Activity.history.filter(id=activity.pk).count() == before


def test_control_characters_are_stripped_on_input(as_alice, draft):
    fill(draft, stages=1, per_stage=1)
    activity = draft.activities.get()
    edit(as_alice, activity, title="Pelatihan\x01 kompos\x7f")
    activity.refresh_from_db()
    assert activity.title == "Pelatihan kompos"


def test_a_control_character_already_stored_does_not_break_the_spreadsheet(as_alice, draft):
    fill(draft, stages=1, per_stage=1)
    draft.activities.update(title="Pelatihan\x01 kompos")
    response = as_alice.get(rurl("export", draft, fmt="xlsx"))
    assert response.status_code == 200
    # The first activity is on row 6, under the header block and the header row.
    assert workbook_of(response).worksheets[0].cell(row=6, column=2).value == ("Pelatihan kompos")


@pytest.mark.parametrize("start,due", [("2026-02-01", "9999-12-31"), ("0026-01-05", "2026-02-01")])
def test_absurd_dates_are_refused_next_to_the_field(as_alice, draft, start, due):
    fill(draft, stages=1, per_stage=0)
    stage = draft.stages.get()
    url = rurl("item_create", draft, kind="activity")
    response = as_alice.post(url, activity_data(stage, start_date=start, due_date=due))
    assert response.status_code == 200
    assert set(response.context["form"].errors) & {"start_date", "due_date"}
    assert not draft.activities.exists()


def test_an_absurd_budget_is_refused_and_the_limit_is_said_on_the_field(as_alice, draft):
    fill(draft, stages=1, per_stage=0)
    stage = draft.stages.get()
    response = as_alice.get(rurl("item_create", draft, kind="activity"))
    assert "Rp10.000.000.000" in response.content.decode()
    response = as_alice.post(
        rurl("item_create", draft, kind="activity"),
        activity_data(stage, budget_institution="999999999999999999"),
    )
    assert "budget_institution" in response.context["form"].errors
    assert not draft.activities.exists()


def test_the_database_refuses_an_absurd_budget_too(draft):
    from django.db import IntegrityError, transaction

    fill(draft, stages=1, per_stage=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        draft.activities.update(budget_other=10_000_000_001)


def test_a_stage_with_activities_is_refused_by_the_service(draft, alice):
    fill(draft, stages=1, per_stage=1)
    stage = draft.stages.get()
    with pytest.raises(Refused):
        services.plan_item_delete(actor=institution_actor(alice), revision=draft, item=stage)
    assert Stage.objects.filter(pk=stage.pk).exists()


def test_the_confirmation_says_why_a_stage_stays(as_alice, draft):
    fill(draft, stages=1, per_stage=1)
    stage = draft.stages.get()
    body = as_alice.get(rurl("item_delete", draft, kind="stage", item_pk=stage.pk)).content.decode()
    assert "Kegiatan 1.1" in body
    assert 'method="post"' not in body.split("<main")[1].split("</main>")[0].replace("set_language", "")


def test_removing_an_activity_says_what_goes_and_keeps_the_history(draft, alice):
    fill(draft, stages=1, per_stage=1)
    activity = draft.activities.get()
    indicator = activity.indicators.get()
    services.plan_item_delete(actor=institution_actor(alice), revision=draft, item=activity)
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    gone = Indicator.history.get(id=indicator.pk, history_type="-")
    assert gone.history_user == alice


def test_the_service_refuses_a_second_plan_in_preparation(draft, alice):
    with pytest.raises(Refused):
        services.plan_create(actor=institution_actor(alice), agreement=draft.plan.agreement)
    assert Plan.objects.filter(status=Plan.Status.PREPARING).count() == 1


def test_a_second_start_from_the_page_gets_a_message(as_alice, draft):
    response = as_alice.post(f"/agreements/{draft.plan.agreement_id}/plan/new/", follow=True)
    assert response.status_code == 200
    assert Plan.objects.count() == 1


def test_the_service_keeps_a_stage_inside_the_agreement(draft, alice):
    with pytest.raises(ValidationError) as refused:
        services.plan_item_save(
            actor=institution_actor(alice),
            revision=draft,
            item=Stage(revision=draft),
            order=1,
            name="Di luar",
            objective="x",
            start_date="2027-01-01",
            end_date="2027-02-01",
        )
    assert "start_date" in refused.value.message_dict
    assert not draft.stages.exists()


def test_an_approval_binds_to_the_plan_as_read(client, draft, alice, gita, chair):
    fill(draft, stages=1, per_stage=1)
    read = approve_data(draft)
    # The group raises the institution's budget before the coordinator approves the page she read.
    activity = draft.activities.get()
    edit(login(client, gita, chair), activity, budget_institution="950000000")
    login(client, alice).post(rurl("approve", draft), read)
    draft.refresh_from_db()
    assert not draft.approvals.exists()
    assert draft.status == PlanRevision.Status.DRAFT


def test_a_long_text_is_compared_quickly_or_shown_whole(as_alice, in_force, alice, group_a, chair):
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan, note="Ubah")
    long_text = "\n".join(f"Baris {n} dari teks panjang." for n in range(2000))
    revision.stages.update(objective=long_text[:2000])
    from pendampingan.versions import Change

    change = Change(field="x", label="x", old=long_text, new=long_text.replace("Baris 7 ", "Baris tujuh "))
    assert change.lines is None
    short = Change(field="x", label="x", old="a\nb\nc", new="a\nc\nd")
    assert short.lines == [("kept", "a"), ("removed", "b"), ("kept", "c"), ("added", "d")]
    assert as_alice.get(rurl("compare", revision)).status_code == 200


def test_a_facilitator_is_told_who_approves(client, draft, fiona):
    fill(draft, stages=1, per_stage=1)
    client.cookies["django_language"] = "en"
    body = login(client, fiona).get(rurl("revision", draft)).content.decode()
    assert "the coordinator, Alice, approves for the institution" in body
    assert "Approval is given by the institution&#x27;s coordinator" in body


def test_a_refusal_says_why(client, in_force, alice):
    client.cookies["django_language"] = "en"
    stage = in_force.stages.first()
    response = login(client, alice).get(rurl("item_edit", in_force, kind="stage", item_pk=stage.pk))
    assert response.status_code == 403
    assert "start a revision to change the plan" in response.content.decode()


def test_the_revision_approval_by_the_group_names_its_officer_of_that_day(draft, group_a, chair, alice):
    fill(draft, stages=1, per_stage=1)
    approve(draft, group_actor(group_a, chair))
    chair.name = "Sumarni Berganti Nama"
    chair.save()
    assert draft.approvals.get().officer_name == "Sumarni"


def test_a_double_click_on_a_new_stage_adds_one_stage(as_alice, draft):
    form = as_alice.get(rurl("item_create", draft, kind="stage")).context["form"]
    data = {
        "submission": form["submission"].value(),
        "name": "Persiapan",
        "objective": "Menyepakati rencana.",
        "start_date": "2026-01-05",
        "end_date": "2026-02-28",
    }
    first = as_alice.post(rurl("item_create", draft, kind="stage"), data)
    second = as_alice.post(rurl("item_create", draft, kind="stage"), data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert draft.stages.count() == 1
    # A new form is a new key.
    fresh = as_alice.get(rurl("item_create", draft, kind="stage")).context["form"]["submission"].value()
    assert str(fresh) != str(data["submission"])


@pytest.mark.django_db(transaction=True)
def test_parallel_posts_of_one_new_stage_add_one_stage(draft, alice):
    import uuid

    from pendampingan.concurrency import create_once
    from tests.conftest import race

    key = uuid.uuid4()

    def add():
        return create_once(
            key=key,
            user=alice,
            form="plans.forms.StageForm",
            create=lambda: services.plan_item_save(
                actor=institution_actor(alice),
                revision=draft,
                item=Stage(revision=draft),
                name="Persiapan",
                objective="x",
                start_date="2026-01-05",
                end_date="2026-02-28",
            ),
        )

    results = race(add, add)
    assert not any(isinstance(r, Exception) for r in results), results
    assert results[0].pk == results[1].pk
    assert draft.stages.count() == 1


def test_an_item_of_another_revision_is_404_even_on_a_revision_in_force(as_alice, in_force, agreement_b, bob):
    other = services.plan_create(actor=institution_actor(bob), agreement=agreement_b)
    fill(other, stages=1, per_stage=1)
    foreign = other.stages.get()
    for name in ("item_edit", "item_delete"):
        assert as_alice.get(rurl(name, in_force, kind="stage", item_pk=foreign.pk)).status_code == 404
        assert as_alice.get(rurl(name, in_force, kind="stage", item_pk=999999)).status_code == 404


def test_a_key_sent_with_another_form_creates_nothing_and_says_so(as_alice, draft, group_a):
    key = as_alice.get(rurl("item_create", draft, kind="stage")).context["form"]["submission"].value()
    stage = {
        "submission": key,
        "name": "Persiapan",
        "objective": "x",
        "start_date": "2026-01-05",
        "end_date": "2026-02-28",
    }
    as_alice.post(rurl("item_create", draft, kind="stage"), stage)
    member = {"submission": key, "name": "Wagiyem", "sex": "f", "position": "member", "is_active": "on"}
    response = as_alice.post(reverse("core:member_create", kwargs={"pk": group_a.pk}), member)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not group_a.members.filter(name="Wagiyem").exists()


def test_a_plan_holds_a_bounded_number_of_items(draft, alice, monkeypatch):
    monkeypatch.setattr(Stage, "MAX_PER_REVISION", 2)
    fill(draft, stages=2, per_stage=0)
    with pytest.raises(Refused) as refused:
        services.plan_item_save(
            actor=institution_actor(alice),
            revision=draft,
            item=Stage(revision=draft),
            name="Tahap ketiga",
            objective="x",
            start_date="2026-10-01",
            end_date="2026-11-01",
        )
    assert "2" in refused.value.message
    assert draft.stages.count() == 2
