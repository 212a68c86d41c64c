"""From an approved plan cycle's evaluation, one step drafts the next cycle's plan."""

from decimal import Decimal

import pytest

from evaluation import services
from plans.models import Activity, Indicator, Plan
from tests.conftest import approve, group_actor, institution_actor
from tests.evaluation.conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(cycle, alice, group_a, chair):
    cycle.recommendations = "Lanjutkan pencatatan."
    cycle.save()
    approve(cycle, institution_actor(alice))
    approve(cycle, group_actor(group_a, chair))
    cycle.refresh_from_db()
    return cycle


def carry_data(form_page, **changes):
    form = form_page.context["form"]
    data = {name: form[name].value() for name in form.fields if name != "activities"}
    data["activities"] = form["activities"].value()
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_it_drafts_the_next_cycle_with_the_chosen_activities_new_ones_and_targets(
    client, gita, chair, approved, in_force
):
    from tests.conftest import login

    login(client, gita, chair)
    page = client.get(url("carry_forward", approved))
    choices = page.context["form"].fields["activities"].choices
    assert len(choices) == 4
    keep = choices[0][0]
    indicator = Indicator.objects.get(revision=in_force, name="Indikator 1.1")
    data = carry_data(
        page,
        activities=[keep],
        new_activities="Pendampingan pencatatan keuangan\n\n  Rumah kompos kedua  ",
        **{f"target_{indicator.key.hex}": "25"},
    )
    response = client.post(url("carry_forward", approved), data)
    plan = Plan.objects.get(agreement=approved.agreement, cycle=2)
    revision = plan.revisions.get()
    assert response.status_code == 302 and response.url == revision.url("revision")
    titles = set(revision.activities.values_list("title", flat=True))
    assert titles == {
        Activity.objects.get(key=keep).title,
        "Pendampingan pencatatan keuangan",
        "Rumah kompos kedua",
    }
    carried = Indicator.objects.get(revision=revision, key=indicator.key)
    assert carried.target == 25
    assert revision.indicators.count() == 1
    assert "Lanjutkan pencatatan." in revision.note
    assert revision.author_party == "group"
    approved.refresh_from_db()
    assert approved.next_plan == plan
    assert client.get(url("carry_forward", approved)).status_code == 403


def test_an_evaluation_in_progress_drafts_nothing(as_alice, cycle):
    assert as_alice.get(url("carry_forward", cycle)).status_code == 403


@pytest.mark.parametrize("target", ["-1", "abc", "99999999999"])
def test_a_bad_target_is_refused_and_nothing_is_drafted(as_alice, approved, in_force, target):
    indicator = Indicator.objects.get(revision=in_force, name="Indikator 1.1")
    page = as_alice.get(url("carry_forward", approved))
    response = as_alice.post(
        url("carry_forward", approved), carry_data(page, **{f"target_{indicator.key.hex}": target})
    )
    assert response.status_code == 200 and not Plan.objects.filter(cycle=2).exists()


def test_a_second_draft_is_refused(as_alice, approved, fiona_actor):
    services.carry_forward(
        actor=fiona_actor, evaluation=approved, activity_keys=[], new_titles=[], targets={}
    )
    from pendampingan.models import Refused

    with pytest.raises(Refused):
        services.carry_forward(
            actor=fiona_actor, evaluation=approved, activity_keys=[], new_titles=[], targets={}
        )
    assert Plan.objects.filter(cycle=2).count() == 1


def test_activities_of_another_plan_are_not_carried(approved, fiona_actor, agreement_b):
    import uuid

    revision = services.carry_forward(
        actor=fiona_actor, evaluation=approved, activity_keys=[uuid.uuid4()], new_titles=[], targets={}
    )
    assert revision.activities.count() == 0


def test_nothing_is_drafted_once_the_agreement_ended(approved, fiona_actor):
    from pendampingan.models import Agreement, Refused

    Agreement.objects.filter(pk=approved.agreement_id).update(status=Agreement.Status.COMPLETED)
    with pytest.raises(Refused):
        services.carry_forward(
            actor=fiona_actor, evaluation=approved, activity_keys=[], new_titles=[], targets={}
        )
    assert not Plan.objects.filter(cycle=2).exists()


def test_it_shows_the_targets_the_indonesian_way_and_takes_them_typed_so(as_alice, approved, in_force):
    indicator = Indicator.objects.get(revision=in_force, name="Indikator 1.1")
    Indicator.objects.filter(pk=indicator.pk).update(target=90)
    page = as_alice.get(url("carry_forward", approved))
    html = page.content.decode()
    name = f"target_{indicator.key.hex}"
    assert f'name="{name}" value="90"' in html and "9E+1" not in html
    assert page.context["form"].fields[name].help_text.endswith(": 90")
    response = as_alice.post(url("carry_forward", approved), carry_data(page, **{name: "92,5"}))
    assert response.status_code == 302
    assert Indicator.objects.get(revision__plan__cycle=2, key=indicator.key).target == Decimal("92.5")
