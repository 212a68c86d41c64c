"""A person who leaves the institution: deactivated by a coordinator, out of every picker, their
agreements listed for reassignment, their history kept; and reactivated when they come back."""

import pytest
from django.test import Client
from django.urls import reverse

from pendampingan import services
from pendampingan.access import Actor
from pendampingan.models import Refused, Staff
from tests.conftest import PASSWORD, login, make_staff, race

pytestmark = pytest.mark.django_db


def logs_in(username):
    response = Client().post(reverse("login"), {"username": username, "password": PASSWORD})
    return response.status_code == 302


def deactivate_url(staff):
    return reverse("core:staff_deactivate", args=[staff.institution_id, staff.pk])


def reactivate_url(staff):
    return reverse("core:staff_reactivate", args=[staff.institution_id, staff.pk])


def test_the_coordinator_is_asked_then_the_person_can_no_longer_log_in(as_alice, fiona, agreement):
    staff = fiona.staff
    page = as_alice.get(deactivate_url(staff)).content.decode()
    assert agreement.title in page
    response = as_alice.post(deactivate_url(staff))
    assert response.status_code == 302
    fiona.refresh_from_db()
    assert not fiona.is_active
    assert not logs_in("fiona")


def test_a_session_already_open_ends(client, alice, fiona):
    login(client, fiona)
    assert client.get(reverse("core:dashboard")).status_code == 200
    services.staff_set_active(actor=Actor.for_staff(alice), staff=fiona.staff, active=False)
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_their_agreements_are_listed_for_reassignment_until_reassigned(as_alice, fiona, frank, agreement):
    as_alice.post(deactivate_url(fiona.staff))
    page = as_alice.get(reverse("core:institution_detail", args=[agreement.institution_id]))
    [(person, agreements)] = page.context["to_reassign"]
    assert person == fiona and agreements == [agreement]
    agreement.facilitators.set([frank])
    assert (
        as_alice.get(reverse("core:institution_detail", args=[agreement.institution_id])).context[
            "to_reassign"
        ]
        == []
    )


def test_they_leave_every_picker_and_their_history_stays(as_alice, fiona, agreement):
    as_alice.post(deactivate_url(fiona.staff))
    form = as_alice.get(reverse("core:agreement_create")).context["form"]
    assert fiona not in form.fields["facilitators"].queryset
    assert agreement.facilitators.filter(pk=fiona.pk).exists()
    assert Staff.objects.filter(user=fiona).exists()


def test_reactivated_they_log_in_again(as_alice, fiona):
    as_alice.post(deactivate_url(fiona.staff))
    response = as_alice.post(reactivate_url(fiona.staff))
    assert response.status_code == 302
    assert logs_in("fiona")


def test_a_coordinator_cannot_deactivate_themselves(as_alice, alice):
    page = as_alice.get(
        reverse("core:institution_detail", args=[alice.staff.institution_id])
    ).content.decode()
    assert deactivate_url(alice.staff) not in page
    response = as_alice.post(deactivate_url(alice.staff), follow=True)
    alice.refresh_from_db()
    assert alice.is_active and [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_last_active_coordinator_stays(alice, institution_a):
    other = make_staff("kirana", institution_a, "coordinator")
    services.staff_set_active(actor=Actor.for_staff(alice), staff=other.staff, active=False)
    with pytest.raises(Refused):
        services.staff_set_active(actor=Actor.for_staff(other), staff=alice.staff, active=False)


@pytest.mark.parametrize("who,status", [("fiona", 403), ("bob", 404), ("gita", 404)])
def test_only_the_institutions_coordinator_deactivates(client, request, frank, chair, who, status):
    user = request.getfixturevalue(who)
    login(client, user, chair if who == "gita" else None)
    assert client.get(deactivate_url(frank.staff)).status_code == status
    assert client.post(deactivate_url(frank.staff)).status_code == status
    frank.refresh_from_db()
    assert frank.is_active


def test_reactivating_is_a_post_and_a_foreign_person_is_404(as_alice, bob):
    assert as_alice.get(reactivate_url(bob.staff)).status_code == 405
    assert as_alice.post(reactivate_url(bob.staff)).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_deactivating_each_other_at_once_leave_one(alice, institution_a):
    other = make_staff("kirana", institution_a, "coordinator")
    outcomes = race(
        lambda: services.staff_set_active(actor=Actor.for_staff(alice), staff=other.staff, active=False),
        lambda: services.staff_set_active(actor=Actor.for_staff(other), staff=alice.staff, active=False),
    )
    assert sum(isinstance(o, Refused) for o in outcomes) == 1
    assert (
        Staff.objects.filter(institution=institution_a, role="coordinator", user__is_active=True).count() == 1
    )
