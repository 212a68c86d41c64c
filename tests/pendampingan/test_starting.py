"""An institution starts from nothing: the administrator adds it with its first coordinator, on a
page or from the command line, and every village typed anywhere is looked up, never cut."""

import io
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from pendampingan.models import CommunityGroup, Institution, Staff
from tests.conftest import admin_url, login

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Yayasan Sumber Daya Lestari",
    "kind": "ngo",
    "address": "Jl. Pahlawan 5, Wonosobo",
    "region": "Cirahab, Lumbir",
    "phone": "0286 321 456",
    "email": "info@sdl.example.id",
    "coordinator_first_name": "Budi",
    "coordinator_last_name": "Santoso",
    "username": "budi.santoso",
    "coordinator_email": "budi@sdl.example.id",
    "coordinator_phone": "0812 3456 7890",
}


def test_the_administrator_adds_an_institution_and_its_coordinator_sets_a_password(as_root):
    assert as_root.get(reverse("core:institution_list")).status_code == 200
    response = as_root.post(reverse("core:institution_create"), NEW)
    assert response.status_code == 200 and response.context["sent"]
    institution = Institution.objects.get(name=NEW["name"])
    assert institution.region == "33.02.01.2001" and institution.email == NEW["email"]
    staff = Staff.objects.get(user__username="budi.santoso")
    assert staff.institution == institution and staff.role == "coordinator"
    assert not staff.user.has_usable_password() and staff.user.email == NEW["coordinator_email"]
    [message] = mail.outbox
    assert message.to == ["budi@sdl.example.id"]
    assert as_root.get(reverse("core:institution_list")).context["institutions"].get(pk=institution.pk)


def test_bad_input_is_said_next_to_the_field_and_nothing_is_half_made(as_root, alice):
    response = as_root.post(
        reverse("core:institution_create"),
        {**NEW, "username": "alice", "region": "Desa Tidak Ada", "name": ""},
    )
    errors = response.context["form"].errors
    assert {"username", "region", "name"} <= set(errors)
    assert not Institution.objects.filter(email=NEW["email"]).exists()


@pytest.mark.parametrize("who", ["alice", "fiona"])
def test_only_the_administrator_adds_institutions(client, request, who):
    login(client, request.getfixturevalue(who))
    assert client.get(reverse("core:institution_create")).status_code == 403
    assert client.post(reverse("core:institution_create"), NEW).status_code == 403
    assert client.get(reverse("core:institution_list")).status_code == 403
    assert not Institution.objects.filter(name=NEW["name"]).exists()


def test_the_command_does_the_same_and_prints_the_link(db):
    out = io.StringIO()
    call_command(
        "create_institution",
        "Yayasan Sumber Daya Lestari",
        "--coordinator=budi.santoso",
        "--first-name=Budi",
        "--village=Cirahab, Lumbir",
        stdout=out,
    )
    link = re.search(r"https?://\S+", out.getvalue()).group(0)
    person = Client()
    page = person.get(link, follow=True)
    assert page.context["validlink"]
    assert Staff.objects.get(user__username="budi.santoso").institution.region == "33.02.01.2001"


def test_the_command_refuses_what_the_page_refuses(alice):
    with pytest.raises(CommandError, match="."):
        call_command(
            "create_institution", "Yayasan X", "--coordinator=alice", "--first-name=A", stdout=io.StringIO()
        )
    assert not Institution.objects.filter(name="Yayasan X").exists()


def test_the_admins_village_box_looks_the_village_up(as_root, institution_a):
    url = admin_url(Institution, "change", institution_a.pk)
    data = {
        "name": institution_a.name,
        "kind": institution_a.kind,
        "address": "",
        "phone": "",
        "email": "",
        "public_verification": "on",
        "staff-TOTAL_FORMS": "0",
        "staff-INITIAL_FORMS": "0",
    }
    from pendampingan import regions

    as_root.post(url, {**data, "region": "Wonosobo Barat, Wonosobo"})
    institution_a.refresh_from_db()
    assert regions.label(institution_a.region).startswith("Wonosobo Barat, Wonosobo")
    refused = as_root.post(url, {**data, "region": "Desa Tidak Ada"})
    assert refused.status_code == 200 and refused.context["adminform"].form.errors["region"]
    institution_a.refresh_from_db()
    assert regions.label(institution_a.region).startswith("Wonosobo Barat")


def test_a_stored_village_is_always_a_village_code(group_a):
    group_a.region = "Wonosobo Bara"
    with pytest.raises(ValidationError):
        group_a.full_clean()
    group_a.region = "33.02.01"  # a district, not a village
    with pytest.raises(ValidationError):
        group_a.full_clean()
    assert CommunityGroup.objects.get(pk=group_a.pk).region == "33.02.01.2001"


def test_the_institution_list_runs_a_fixed_number_of_queries(
    as_root, institution_a, institution_b, assert_queries
):
    # session, user, the institutions with their counts
    with assert_queries(3):
        as_root.get(reverse("core:institution_list"))
    for n in range(3):
        Institution.objects.create(name=f"Yayasan {n}", kind="ngo")
    with assert_queries(3):
        as_root.get(reverse("core:institution_list"))


@pytest.mark.parametrize("name", ["core:institution_list", "core:institution_create"])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.post(reverse(name), NEW)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse(name)).status_code == 302
    assert not Institution.objects.filter(name=NEW["name"]).exists()
