import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import deviations
from monitoring.deviations import Deviation, Rule
from monitoring.models import CorrectiveAction
from tests.conftest import login

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def create_url(agreement):
    return reverse("monitoring:action_create", kwargs={"pk": agreement.pk})


def action_data(**changes):
    return {
        "title": "Menjadwalkan ulang pelatihan pembukuan",
        "details": "Bersama bendahara.",
        "owner_party": "group",
        "owner_name": "Sumarni",
        "due_date": (timezone.localdate() + 10 * DAY).isoformat(),
        "commitment_key": "",
        "deviation_key": "",
        "deviation_title": "",
        **changes,
    }


def a_rule(agreement, party="institution"):
    def find(snapshot):
        yield Deviation(agreement.pk, "late", "late:x", party, "Pelatihan terlambat")

    return Rule("late", "Terlambat", find)


@pytest.mark.parametrize("who", ["fiona", "gita"])
def test_either_party_opens_one(client, request, agreement_in_force, chair, who):
    login(client, request.getfixturevalue(who), chair if who == "gita" else None)
    response = client.post(create_url(agreement_in_force), action_data())
    action = CorrectiveAction.objects.get()
    assert response.status_code == 302
    assert (action.owner_party, action.owner_name, action.status) == ("group", "Sumarni", "open")
    assert action.author_party == ("group" if who == "gita" else "institution")


def test_it_starts_from_the_deviation_it_corrects(as_alice, agreement_in_force):
    with deviations.rules.replaced(a_rule(agreement_in_force)):
        form = as_alice.get(create_url(agreement_in_force), {"deviation": "late:x"}).context["form"]
    assert form.initial["owner_party"] == "institution"
    assert form.initial["deviation_key"] == "late:x"
    assert "Pelatihan terlambat" in form.initial["title"]


def test_a_deviation_for_both_leaves_the_owner_to_choose(as_alice, agreement_in_force):
    with deviations.rules.replaced(a_rule(agreement_in_force, "both")):
        form = as_alice.get(create_url(agreement_in_force), {"deviation": "late:x"}).context["form"]
    assert "owner_party" not in form.initial


def test_an_unknown_deviation_gives_an_empty_form_and_a_message(as_alice, agreement_in_force):
    response = as_alice.get(create_url(agreement_in_force), {"deviation": "<script>x</script>"})
    assert response.status_code == 200
    assert not response.context["form"].initial
    assert "<script>x</script>" not in response.content.decode()


def test_the_person_must_belong_to_the_owner_party(as_alice, agreement_in_force):
    response = as_alice.post(create_url(agreement_in_force), action_data(owner_party="institution"))
    assert response.status_code == 200
    assert "owner_name" in response.context["form"].errors
    assert not CorrectiveAction.objects.exists()


@pytest.mark.parametrize(
    "due", ["2020-01-01", "2999-01-01", "kemarin", (timezone.localdate() - DAY).isoformat()]
)
def test_implausible_due_dates_are_refused_next_to_the_field(as_alice, agreement_in_force, due):
    response = as_alice.post(create_url(agreement_in_force), action_data(due_date=due))
    assert "due_date" in response.context["form"].errors
    assert not CorrectiveAction.objects.exists()


def test_hostile_text_is_shown_as_text(as_alice, agreement_in_force):
    as_alice.post(create_url(agreement_in_force), action_data(title="<img src=x onerror=alert(1)>"))
    action = CorrectiveAction.objects.get()
    page = as_alice.get(
        reverse("monitoring:action", kwargs={"pk": agreement_in_force.pk, "action_pk": action.pk})
    )
    assert "<img src=x" not in page.content.decode() and "&lt;img src=x" in page.content.decode()


def test_a_double_submit_opens_one(as_alice, agreement_in_force):
    form = as_alice.get(create_url(agreement_in_force)).context["form"]
    data = action_data(submission=form["submission"].value())
    as_alice.post(create_url(agreement_in_force), data)
    as_alice.post(create_url(agreement_in_force), data)
    assert CorrectiveAction.objects.count() == 1


def test_an_ended_agreement_takes_no_new_action(as_alice, agreement_in_force):
    type(agreement_in_force).objects.filter(pk=agreement_in_force.pk).update(status="completed")
    assert as_alice.post(create_url(agreement_in_force), action_data()).status_code == 403


@pytest.mark.parametrize("who", ["bob", "gabe"])
def test_outsiders_get_a_404(client, request, agreement_in_force, who):
    user = request.getfixturevalue(who)
    group = getattr(user, "community_group", None)
    login(client, user, group.members.first() if group else None)
    assert client.get(create_url(agreement_in_force)).status_code == 404


def test_the_people_are_grouped_under_each_partys_name(as_alice, agreement_in_force):
    html = as_alice.get(create_url(agreement_in_force)).content.decode()
    institution, group = (
        html.index('<optgroup label="Lembaga Sejahtera">'),
        html.index('<optgroup label="Kelompok Tani Maju">'),
    )
    assert institution < html.index(">Fiona<") < group < html.index(">Sumarni<")


@pytest.mark.parametrize("key", ["reported:²", "reported:١", "minutes:²:0", "minutes:1:²"])
def test_it_reads_a_deviation_key_with_digits_of_other_scripts_as_naming_nothing(
    as_alice, agreement_in_force, key
):
    # "²" is a digit to str.isdigit() but not to int().
    assert as_alice.get(create_url(agreement_in_force), {"deviation": key}).status_code == 200
    response = as_alice.post(create_url(agreement_in_force), action_data(deviation_key=key))
    action = CorrectiveAction.objects.get()
    assert response.status_code == 302 and action.deviation_key == key
    page = reverse("monitoring:action", kwargs={"pk": agreement_in_force.pk, "action_pk": action.pk})
    assert as_alice.get(page).status_code == 200
    assert as_alice.get(page + "edit/").status_code == 200


@pytest.mark.parametrize(
    ("due", "message"),
    [(-DAY, "sebelum hari ini"), (400 * DAY, "jangka waktu kesepakatan")],
)
def test_a_due_date_before_today_or_after_the_agreement_is_refused_next_to_its_field(
    client, fiona, agreement_in_force, due, message
):
    login(client, fiona)
    day = timezone.localdate() + due
    response = client.post(create_url(agreement_in_force), action_data(due_date=day.isoformat()))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["due_date"])
    assert not CorrectiveAction.objects.exists()


def test_the_service_holds_the_due_date_rule_for_every_channel(agreement_in_force, fiona_actor):
    from django.core.exceptions import ValidationError

    from monitoring import services

    def open_due(due, **extra):
        return services.corrective_action_create(
            actor=fiona_actor,
            agreement=agreement_in_force,
            title="Menagih iuran",
            owner_party="group",
            owner_name="Sumarni",
            due_date=due,
            **extra,
        )

    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        open_due(today - DAY)
    assert list(refused.value.message_dict) == ["due_date"]
    # Captured on a phone a week ago and sent today: it was not in the past on the day it was written.
    action = open_due(today - DAY, today=today - 7 * DAY)
    # A change that keeps the due date does not trip the rule; moving it into the past does.
    services.corrective_action_update(actor=fiona_actor, action=action, title="Menagih iuran Oktober")
    with pytest.raises(ValidationError):
        services.corrective_action_update(actor=fiona_actor, action=action, due_date=today - 2 * DAY)
