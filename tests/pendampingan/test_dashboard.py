import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from pendampingan.models import Member
from tests.conftest import approve, institution_actor, login, make_agreement

pytestmark = pytest.mark.django_db
# session, user, staff+institution; open agreements to recount (none: the last read counted them),
# those where something waits and how much; their parties, facilitators, approvals and proposed
# amendments; how many agreements of each status, and the latest of each status there is (here
# one: draft)
QUERIES = 11


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_coordinator_sees_what_waits_for_the_institutions_approval(as_alice, agreement):
    response = as_alice.get(reverse("core:dashboard"))
    assert [item.agreement for item in response.context["waiting_shown"]] == [agreement]


def test_the_group_sees_what_waits_for_its_approval(as_gita, agreement, alice):
    approve(agreement, institution_actor(alice))
    response = as_gita.get(reverse("core:dashboard"))
    assert [item.agreement for item in response.context["waiting_shown"]] == [agreement]
    assert "needs your approval" in response.content.decode() or "persetujuan" in response.content.decode()


def test_a_facilitator_sees_only_assigned_agreements(client, fiona, frank, agreement):
    login(client, frank)
    assert client.get(reverse("core:dashboard")).context["agreements"] == []
    login(client, fiona)
    assert client.get(reverse("core:dashboard")).context["agreements"] == [agreement]


def test_a_group_login_is_asked_who_is_acting_first(client, gita, agreement):
    login(client, gita)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:acting_as"))


def test_the_dashboard_runs_a_fixed_number_of_queries(
    as_alice, agreement, institution_a, group_a, alice, fiona, assert_queries
):
    as_alice.get(reverse("core:dashboard"))
    with assert_queries(QUERIES):
        as_alice.get(reverse("core:dashboard"))
    for n in range(6):
        make_agreement(institution_a, group_a, alice, [fiona], title=f"Program {n}")
    as_alice.get(reverse("core:dashboard"))
    with assert_queries(QUERIES):
        as_alice.get(reverse("core:dashboard"))


def test_the_group_dashboard_runs_a_fixed_number_of_queries(
    as_gita, agreement, institution_a, group_a, alice, fiona, assert_queries
):
    # as the institution's, with the group and its acting officer
    as_gita.get(reverse("core:dashboard"))
    with assert_queries(QUERIES + 2):
        as_gita.get(reverse("core:dashboard"))
    for n in range(6):
        make_agreement(institution_a, group_a, alice, [fiona], title=f"Program {n}")
    as_gita.get(reverse("core:dashboard"))
    with assert_queries(QUERIES + 2):
        as_gita.get(reverse("core:dashboard"))


def test_each_list_shows_the_latest_ten_and_links_to_all(as_alice, institution_a, group_a, alice, fiona):
    for n in range(12):
        make_agreement(institution_a, group_a, alice, [fiona], title=f"Program {n:02}")
    response = as_alice.get(reverse("core:dashboard"))
    body = response.content.decode()
    assert response.context["waiting_total"] == 12 and len(response.context["waiting_shown"]) == 10
    assert f'href="{reverse("core:waiting")}">Lihat semua (12) yang menunggu tindakan Anda<' in body
    [(status, _label, count, shown)] = response.context["by_status"]
    assert (status, count, len(shown)) == ("draft", 12, 10)
    assert f'href="{reverse("core:agreement_list")}?status=draft">Lihat semua (12)<' in body


def test_the_whole_list_of_what_waits_is_a_page_at_a_time(
    as_alice, institution_a, group_a, alice, fiona, monkeypatch
):
    from pendampingan import views

    monkeypatch.setattr(views, "WAITING_PER_PAGE", 5)
    for n in range(12):
        make_agreement(institution_a, group_a, alice, [fiona], title=f"Program {n:02}")
    response = as_alice.get(reverse("core:waiting"), {"page": "3"})
    assert len(response.context["waiting"]) == 2
    assert 'aria-current="page">3<' in response.content.decode()


def test_the_whole_list_of_what_waits_asks_a_group_who_is_acting_first(client, gita, agreement):
    login(client, gita)
    response = client.get(reverse("core:waiting"))
    assert response.url.startswith(reverse("core:acting_as"))


def test_the_whole_list_of_what_waits_is_read_only_and_for_logged_in_people(client, as_alice):
    assert as_alice.post(reverse("core:waiting")).status_code == 405
    as_alice.logout()
    assert client.get(reverse("core:waiting")).url.startswith(reverse("login"))


# --- acting as --------------------------------------------------------------


def test_the_group_chooses_its_acting_officer(client, gita, secretary):
    login(client, gita)
    response = client.post(reverse("core:acting_as"), {"officer": secretary.pk, "next": "/agreements/"})
    assert response.status_code == 302
    assert response.url == "/agreements/"
    assert client.get(reverse("core:dashboard")).context["request"].actor.officer == secretary


def test_an_officer_of_another_group_can_never_be_chosen(client, gita, group_b):
    login(client, gita)
    foreign = group_b.members.first()
    response = client.post(reverse("core:acting_as"), {"officer": foreign.pk})
    assert response.status_code == 200
    assert "officer" in response.context["form"].errors
    assert "acting_officer_id" not in client.session


def test_a_plain_member_cannot_act_for_the_group(client, gita, group_a):
    login(client, gita)
    joko = group_a.members.get(name="Joko")
    response = client.post(reverse("core:acting_as"), {"officer": joko.pk})
    assert "officer" in response.context["form"].errors


def test_a_forged_session_choice_is_ignored(client, gita, group_b, agreement):
    login(client, gita, group_b.members.first())
    response = client.post(reverse("core:agreement_approve", kwargs={"pk": agreement.pk}), {"version": 1})
    assert response.url.startswith(reverse("core:acting_as"))
    assert not agreement.approvals.exists()


def test_an_officer_who_left_office_stops_acting(client, gita, chair, agreement):
    login(client, gita, chair)
    chair.position = Member.Position.MEMBER
    chair.save()
    response = client.post(reverse("core:agreement_approve", kwargs={"pk": agreement.pk}), {"version": 1})
    assert response.url.startswith(reverse("core:acting_as"))


def test_an_offsite_next_is_not_followed(client, gita, chair):
    login(client, gita)
    response = client.post(reverse("core:acting_as"), {"officer": chair.pk, "next": "https://evil.example/"})
    assert response.url == reverse("core:dashboard")


def test_it_offers_no_change_link_that_points_back_to_itself(as_gita):
    response = as_gita.get(reverse("core:acting_as") + "?next=/agreements/")
    links = [unquote(href) for href in re.findall(r'href="([^"]*)"', response.content.decode())]
    assert not [link for link in links if "next=/acting-as/" in link]
    assert response.context["next"] == "/agreements/"


def test_it_unwraps_a_next_that_points_back_to_itself(client, gita, chair):
    login(client, gita)
    nested = "/acting-as/?" + urlencode({"next": "/acting-as/?" + urlencode({"next": "/agreements/"})})
    assert client.get(reverse("core:acting_as"), {"next": nested}).context["next"] == "/agreements/"
    response = client.post(reverse("core:acting_as"), {"officer": chair.pk, "next": nested})
    assert response.url == "/agreements/"


def test_staff_have_no_acting_officer(as_alice):
    assert as_alice.get(reverse("core:acting_as")).status_code == 403


def test_acting_as_rejects_other_methods(client, gita):
    login(client, gita)
    assert client.delete(reverse("core:acting_as")).status_code == 405


# --- language ---------------------------------------------------------------


def test_the_interface_is_indonesian_by_default(client, alice):
    login(client, alice)
    response = client.get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="en-US")
    assert response.headers["Content-Language"] == "id"
    assert "Beranda" in response.content.decode() or "Kesepakatan" in response.content.decode()


def test_english_can_be_chosen(client, alice):
    login(client, alice)
    client.post(reverse("set_language"), {"language": "en"})
    response = client.get(reverse("core:dashboard"))
    assert response.headers["Content-Language"] == "en"
    assert "Agreements" in response.content.decode()


def test_dates_read_as_day_month_year(client, alice, agreement):
    login(client, alice)
    body = client.get(reverse("core:agreement_detail", kwargs={"pk": agreement.pk})).content.decode()
    assert "1 Januari 2026" in body
    client.cookies["django_language"] = "en"
    body = client.get(reverse("core:agreement_detail", kwargs={"pk": agreement.pk})).content.decode()
    assert "1 January 2026" in body


def test_after_choosing_the_officer_the_group_returns_to_the_page_it_was_on(client, gita, chair, agreement):
    login(client, gita)
    page = reverse("core:agreement_detail", kwargs={"pk": agreement.pk})
    response = client.post(
        reverse("core:agreement_approve", kwargs={"pk": agreement.pk}), {"version": 1}, HTTP_REFERER=page
    )
    chosen = client.post(response.url, {"officer": chair.pk, "next": page})
    assert chosen.url == page
    assert client.get(chosen.url).status_code == 200


def test_a_read_after_changes_recounts_only_the_agreements_that_changed(
    as_alice, agreement, institution_a, group_a, alice, fiona
):
    from pendampingan import standing

    as_alice.get(reverse("core:dashboard"))
    changed = make_agreement(institution_a, group_a, alice, [fiona], title="Program baru")
    recounted = []
    original = standing.recount

    def watched(agreements, today=None):
        agreements = list(agreements)
        recounted.extend(agreements)
        return original(agreements, today)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(standing, "recount", watched)
        response = as_alice.get(reverse("core:dashboard"))
    assert recounted == [changed]
    assert response.context["waiting_total"] == 2
