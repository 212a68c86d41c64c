"""A group registered by mistake can be removed; a group with agreements can only be archived."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from pendampingan import services
from pendampingan.models import Agreement, CommunityGroup, Member, Refused
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def mistake(institution_a):
    group = CommunityGroup.objects.create(
        name="Kelompok Salah Daftar", kind="farmers", region="33.02.01.2001", registered_by=institution_a
    )
    Member.objects.create(group=group, name="Darmi", sex="f", position="chair")
    services.group_account_create(group=group, username="salah.daftar", password="padi-sawah-pagi-kopi-47")
    return group


def test_a_group_without_agreements_is_removed_after_a_question(as_alice, mistake):
    url = reverse("core:group_delete", kwargs={"pk": mistake.pk})
    page = as_alice.get(url)
    assert page.status_code == 200 and "salah.daftar" in page.content.decode()
    assert CommunityGroup.objects.filter(pk=mistake.pk).exists()
    response = as_alice.post(url)
    assert response.status_code == 302
    assert not CommunityGroup.objects.filter(pk=mistake.pk).exists()
    assert not Member.objects.filter(name="Darmi").exists()
    assert not get_user_model().objects.filter(username="salah.daftar").exists()


def test_a_group_with_agreements_is_kept_and_can_be_archived(as_alice, group_a, agreement):
    url = reverse("core:group_delete", kwargs={"pk": group_a.pk})
    assert as_alice.get(url).context["refused"]
    as_alice.post(url)
    assert CommunityGroup.objects.filter(pk=group_a.pk).exists()
    refused = as_alice.post(reverse("core:group_archive", kwargs={"pk": group_a.pk}), follow=True)
    group_a.refresh_from_db()
    assert group_a.archived_at is None  # its agreement is still open
    assert [m.level_tag for m in refused.context["messages"]][-1] == "error"
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.COMPLETED)
    as_alice.post(reverse("core:group_archive", kwargs={"pk": group_a.pk}))
    group_a.refresh_from_db()
    assert group_a.archived_at is not None


def test_an_archived_group_leaves_the_list_and_the_picker_and_comes_back(as_alice, group_a, agreement):
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.COMPLETED)
    as_alice.post(reverse("core:group_archive", kwargs={"pk": group_a.pk}))
    assert group_a not in as_alice.get(reverse("core:group_list")).context["groups"]
    assert group_a in as_alice.get(reverse("core:group_list") + "?archived").context["groups"]
    form = as_alice.get(reverse("core:agreement_create")).context["form"]
    assert group_a not in form.fields["group"].queryset
    as_alice.post(reverse("core:group_unarchive", kwargs={"pk": group_a.pk}))
    assert group_a in as_alice.get(reverse("core:group_list")).context["groups"]


def test_the_service_refuses_removing_a_group_with_an_agreement(group_a, agreement):
    with pytest.raises(Refused):
        services.group_delete(group=group_a)


@pytest.mark.parametrize("who", ["fiona", "bob"])
def test_others_do_not_even_see_a_group_without_agreements(client, request, mistake, who):
    login(client, request.getfixturevalue(who))
    assert client.post(reverse("core:group_delete", kwargs={"pk": mistake.pk})).status_code == 404
    assert client.post(reverse("core:group_archive", kwargs={"pk": mistake.pk})).status_code == 404
    assert CommunityGroup.objects.filter(pk=mistake.pk, archived_at__isnull=True).exists()


def test_a_facilitator_of_the_group_may_not_remove_or_archive_it(client, fiona, group_a, agreement):
    login(client, fiona)
    assert client.post(reverse("core:group_delete", kwargs={"pk": group_a.pk})).status_code == 403
    assert client.post(reverse("core:group_archive", kwargs={"pk": group_a.pk})).status_code == 403


def test_archiving_is_a_post(as_alice, mistake):
    assert as_alice.get(reverse("core:group_archive", kwargs={"pk": mistake.pk})).status_code == 405


def test_empty_states_say_what_comes_next(as_alice, institution_a, mistake, django_user_model):
    CommunityGroup.objects.exclude(pk=mistake.pk).delete()
    page = as_alice.get(reverse("core:group_detail", kwargs={"pk": mistake.pk})).content.decode()
    assert f"{reverse('core:agreement_create')}?group={mistake.pk}" in page
    form = as_alice.get(reverse("core:agreement_create") + f"?group={mistake.pk}").context["form"]
    assert form["group"].value() == mistake.pk
    mistake.delete()
    listing = as_alice.get(reverse("core:group_list")).content.decode()
    assert reverse("core:group_create") in listing
