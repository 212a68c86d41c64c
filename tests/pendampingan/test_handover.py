"""A group's login is handed over on a slip and then becomes the group's own: at its first login
the group sets a password that nobody else knows."""

import pytest
from django.test import Client
from django.urls import reverse

from pendampingan.models import CommunityGroup
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
OWN = "lumbung-padi-sido-makmur-88"


def reset(client, group):
    return client.post(reverse("core:group_password_reset", kwargs={"pk": group.pk}))


def first_login(username, password, officer):
    group_phone = Client()
    assert group_phone.post(reverse("login"), {"username": username, "password": password}).status_code == 302
    group_phone.post(reverse("core:acting_as"), {"officer": officer.pk})
    return group_phone


def test_a_new_password_comes_on_a_slip_and_must_be_replaced_at_the_next_login(
    as_alice, group_a, gita, chair
):
    slip = reset(as_alice, group_a)
    handed_over = slip.context["password"]
    assert handed_over in slip.content.decode() and "no-store" in slip["Cache-Control"]
    group_a.refresh_from_db()
    assert group_a.password_is_temporary
    phone = first_login("gita", handed_over, chair)
    for page in (reverse("core:dashboard"), reverse("core:group_detail", kwargs={"pk": group_a.pk})):
        response = phone.get(page)
        assert response.status_code == 302 and response["Location"] == reverse("password_change")
    changed = phone.post(
        reverse("password_change"),
        {"old_password": handed_over, "new_password1": OWN, "new_password2": OWN},
    )
    assert changed.status_code == 302
    group_a.refresh_from_db()
    assert not group_a.password_is_temporary
    assert phone.get(reverse("core:dashboard")).status_code == 200
    assert Client().post(reverse("login"), {"username": "gita", "password": handed_over}).status_code == 200


def test_until_then_the_group_can_still_choose_its_officer_and_log_out(group_a, gita, chair):
    CommunityGroup.objects.filter(pk=group_a.pk).update(password_is_temporary=True)
    phone = first_login("gita", PASSWORD, chair)
    assert phone.get(reverse("core:acting_as")).status_code == 200
    assert phone.get(reverse("password_change")).status_code == 200
    assert phone.post(reverse("logout")).status_code == 302


def test_staff_are_never_sent_to_change_their_password(as_alice, group_a):
    CommunityGroup.objects.filter(pk=group_a.pk).update(password_is_temporary=True)
    assert as_alice.get(reverse("core:dashboard")).status_code == 200


def test_the_password_pages_use_the_applications_own_words(client, gita, chair):
    from django.utils import translation

    phone = first_login("gita", PASSWORD, chair)
    form = phone.get(reverse("password_change")).context["form"]
    with translation.override("id"):
        assert str(form.fields["old_password"].label) == translation.gettext("Current password")
    mismatch = phone.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": OWN, "new_password2": OWN + "x"},
    )
    with translation.override("id"):
        expected = translation.gettext("The two new passwords are not the same. Type them again.")
    assert expected in mismatch.content.decode()
