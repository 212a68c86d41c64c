"""A group's member list as it is typed in from paper: one holder per office, held by the database;
a name already on the list asks first; the next empty form one tap away; officers first."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from pendampingan import services
from pendampingan.models import Member
from tests.conftest import login, race

pytestmark = pytest.mark.django_db


def add_url(group):
    return reverse("core:member_create", kwargs={"pk": group.pk})


def member(name, position="member", **more):
    return {"name": name, "sex": "f", "position": position, "is_active": "on", **more}


def test_a_second_chair_is_refused_next_to_the_position(as_gita, group_a, chair):
    response = as_gita.post(add_url(group_a), member("Ngatinah", "chair"))
    assert response.status_code == 200
    [error] = response.context["form"].errors["position"]
    assert chair.name in error
    assert not group_a.members.filter(name="Ngatinah").exists()


def test_the_database_holds_one_active_holder_per_office(group_a, chair):
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(group=group_a, name="Ngatinah", sex="f", position="chair")
    Member.objects.create(group=group_a, name="Ngatinah", sex="f", position="chair", is_active=False)
    Member.objects.create(group=group_a, name="Wakil", sex="m", position="vice_chair")
    Member.objects.create(group=group_a, name="Wakil Dua", sex="m", position="vice_chair")


def test_the_office_passes_once_the_holder_stepped_down(client, gita, group_a, chair, secretary):
    as_gita = login(client, gita, secretary)  # the chair steps down, the secretary records it
    edit = reverse("core:member_edit", kwargs={"pk": group_a.pk, "member_pk": chair.pk})
    page = as_gita.get(edit).context["form"]
    as_gita.post(edit, {**member(chair.name, "member"), "lock_version": page["lock_version"].value()})
    response = as_gita.post(add_url(group_a), member("Ngatinah", "chair"))
    assert response.status_code == 302
    assert group_a.members.get(is_active=True, position="chair").name == "Ngatinah"


def test_an_edit_cannot_take_an_office_held_by_another(as_gita, group_a, chair):
    other = Member.objects.create(group=group_a, name="Painem", sex="f", position="member")
    edit = reverse("core:member_edit", kwargs={"pk": group_a.pk, "member_pk": other.pk})
    page = as_gita.get(edit).context["form"]
    response = as_gita.post(edit, {**member("Painem", "chair"), "lock_version": page["lock_version"].value()})
    assert "position" in response.context["form"].errors
    other.refresh_from_db()
    assert other.position == "member"


@pytest.mark.django_db(transaction=True)
def test_two_chairs_added_at_once_leave_one(group_a, chair):
    chair.is_active = False
    chair.save()
    outcomes = race(
        lambda: services.member_create(group=group_a, name="Satu", sex="f", position="chair", phone=""),
        lambda: services.member_create(group=group_a, name="Dua", sex="f", position="chair", phone=""),
    )
    assert sum(isinstance(o, Member) for o in outcomes) == 1
    assert group_a.members.filter(is_active=True, position="chair").count() == 1


def test_a_name_already_on_the_list_asks_first(as_gita, group_a, chair):
    response = as_gita.post(add_url(group_a), member(f"  {chair.name.upper()} "))
    assert response.status_code == 200
    assert chair.name in response.context["form"].errors["name"][0]
    assert 'type="checkbox" name="same_name"' in response.content.decode()
    assert group_a.members.filter(name__iexact=chair.name).count() == 1
    again = as_gita.post(add_url(group_a), member(chair.name, same_name="on"))
    assert again.status_code == 302
    assert group_a.members.filter(name=chair.name).count() == 2


def test_save_and_add_another_opens_the_next_empty_form(as_gita, group_a):
    response = as_gita.post(add_url(group_a), member("Wagini", another="1"))
    assert response.status_code == 302 and response["Location"] == add_url(group_a)
    response = as_gita.post(add_url(group_a), member("Wagino"))
    assert response["Location"] == reverse("core:group_detail", kwargs={"pk": group_a.pk})


def test_members_are_listed_officers_first_and_those_who_left_apart(as_gita, group_a, chair):
    Member.objects.create(group=group_a, name="Aminah", sex="f", position="member")
    Member.objects.create(group=group_a, name="Bendahara Baru", sex="f", position="treasurer")
    Member.objects.create(group=group_a, name="Abdul", sex="m", position="member", is_active=False)
    context = as_gita.get(reverse("core:group_detail", kwargs={"pk": group_a.pk})).context
    positions = [m.position for m in context["members"]]
    ranks = [Member.OFFICER_POSITIONS.index(p) if p in Member.OFFICER_POSITIONS else 9 for p in positions]
    assert ranks == sorted(ranks) and positions[0] == "chair"
    assert [m.name for m in context["former_members"]] == ["Abdul"]
    assert all(m.is_active for m in context["members"])
