import pytest
from django.urls import reverse

from pendampingan import services
from pendampingan.concurrency import EditConflict
from pendampingan.models import Agreement, Party, Refused
from tests.conftest import approve, approve_data, group_actor, institution_actor, login

pytestmark = pytest.mark.django_db


def url(name, agreement, **kwargs):
    return reverse(name, kwargs={"pk": agreement.pk, **kwargs})


def form_data(agreement, **changes):
    data = {
        "title": agreement.title,
        "purpose": agreement.purpose,
        "start_date": agreement.start_date.isoformat(),
        "end_date": agreement.end_date.isoformat(),
        "coordinator": agreement.coordinator_id,
        "facilitators": [f.pk for f in agreement.facilitators.all()],
        "institution_commits": agreement.institution_commits,
        "institution_excludes": agreement.institution_excludes,
        "group_commits": agreement.group_commits,
        "lock_version": agreement.lock_version,
    }
    data.update(changes)
    return data


# --- reading ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "fiona", "gita", "admin_user"])
def test_it_shows_the_agreement_to_both_parties(client, request, agreement, chair, who):
    login(client, request.getfixturevalue(who), chair if who == "gita" else None)
    response = client.get(url("core:agreement_detail", agreement))
    assert response.status_code == 200
    assert agreement.title in response.content.decode()


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_it_hides_the_agreement_from_outsiders(client, request, agreement, who):
    login(client, request.getfixturevalue(who))
    assert client.get(url("core:agreement_detail", agreement)).status_code == 404


def test_it_sends_anonymous_visitors_to_log_in(client, agreement):
    response = client.get(url("core:agreement_detail", agreement))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_answers_an_unknown_id_with_404(as_alice):
    assert as_alice.get(reverse("core:agreement_detail", kwargs={"pk": 999999})).status_code == 404


def test_it_lists_only_the_users_own_agreements(client, agreement, agreement_b, alice):
    login(client, alice)
    body = client.get(reverse("core:agreement_list")).content.decode()
    assert agreement.title in body
    assert agreement_b.title not in body


def test_it_filters_the_list_by_status(as_alice, agreement, institution_a, group_a, alice, fiona):
    from tests.conftest import make_agreement

    other = make_agreement(institution_a, group_a, alice, [fiona], title="Program Kedua", status="active")
    body = as_alice.get(reverse("core:agreement_list"), {"status": "active"}).content.decode()
    assert other.title in body
    assert agreement.title not in body


def test_it_ignores_a_filter_for_a_foreign_group(as_alice, agreement, group_b):
    response = as_alice.get(reverse("core:agreement_list"), {"group": group_b.pk})
    assert response.status_code == 200
    assert agreement.title not in response.content.decode()
    assert "group" in response.context["filter"].form.errors


def test_the_list_runs_a_fixed_number_of_queries(
    as_alice, assert_queries, institution_a, group_a, alice, fiona
):
    from tests.conftest import make_agreement

    for n in range(3):
        make_agreement(institution_a, group_a, alice, [fiona], title=f"Program {n}")
    # session, user, staff+institution (actor), groups for the filter, facilitators for the
    # filter, agreements with parties, their facilitators, their approvals, proposed amendments
    with assert_queries(9):
        as_alice.get(reverse("core:agreement_list"), {"status": "draft"})
    for n in range(3, 10):
        make_agreement(institution_a, group_a, alice, [fiona], title=f"Program {n}")
    with assert_queries(9):
        as_alice.get(reverse("core:agreement_list"), {"status": "draft"})


# --- creating and editing -----------------------------------------------------


def test_a_coordinator_creates_a_draft(as_alice, alice, fiona, group_a, institution_a):
    data = {
        "group": group_a.pk,
        "title": "Pendampingan Baru",
        "purpose": "Tujuan",
        "start_date": "2027-01-01",
        "end_date": "2027-12-31",
        "coordinator": alice.pk,
        "facilitators": [fiona.pk],
        "institution_commits": "Pelatihan.",
        "institution_excludes": "Tidak mengelola kas.",
        "group_commits": "Pertemuan rutin.",
    }
    response = as_alice.post(reverse("core:agreement_create"), data)
    created = Agreement.objects.get(title="Pendampingan Baru")
    assert response.status_code == 302
    assert created.institution == institution_a
    assert created.status == Agreement.Status.DRAFT
    assert created.created_by == alice
    assert created.author_party == Party.INSTITUTION
    assert list(created.facilitators.all()) == [fiona]


def test_it_rejects_an_end_before_the_start_next_to_the_field(as_alice, agreement, group_a):
    data = form_data(agreement, group=group_a.pk, title="Salah", end_date="2025-01-01")
    response = as_alice.post(reverse("core:agreement_create"), data)
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    assert not Agreement.objects.filter(title="Salah").exists()


def test_it_rejects_a_group_or_facilitator_of_another_institution(as_alice, agreement, group_b, bella):
    data = form_data(agreement, group=group_b.pk, facilitators=[bella.pk], title="Curang")
    response = as_alice.post(reverse("core:agreement_create"), data)
    errors = response.context["form"].errors
    assert "group" in errors and "facilitators" in errors
    assert not Agreement.objects.filter(title="Curang").exists()


@pytest.mark.parametrize("who", ["fiona", "gita"])
def test_only_coordinators_create_agreements(client, request, chair, who):
    login(client, request.getfixturevalue(who), chair if who == "gita" else None)
    assert client.get(reverse("core:agreement_create")).status_code == 403


def test_a_facilitator_edits_a_draft_without_a_new_version(client, fiona, agreement):
    login(client, fiona)
    response = client.post(
        url("core:agreement_edit", agreement), form_data(agreement, purpose="Tujuan baru.")
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.purpose == "Tujuan baru."
    assert agreement.version == 1
    assert agreement.updated_by == fiona


def test_an_edit_after_one_approval_asks_both_parties_again(as_alice, agreement, alice, group_a, chair):
    approve(agreement, group_actor(group_a, chair))
    response = as_alice.post(
        url("core:agreement_edit", agreement),
        form_data(agreement, group_commits="Pertemuan dua kali sebulan."),
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.version == 2
    assert agreement.status == Agreement.Status.DRAFT
    assert agreement.agreed_version is None
    assert agreement.approval_by(Party.GROUP, 1) is not None
    assert agreement.approval_by(Party.GROUP) is None
    assert agreement.version_snapshot(1).group_commits == "Pertemuan rutin."


def test_an_agreed_text_changes_only_through_an_amendment(as_alice, agreement, alice, group_a, chair):
    approve(agreement, institution_actor(alice))
    approve(agreement, group_actor(group_a, chair))
    form = as_alice.get(url("core:agreement_edit", agreement)).context["form"]
    assert "purpose" not in form.fields and "facilitators" in form.fields
    as_alice.post(url("core:agreement_edit", agreement), form_data(agreement, end_date="2999-12-31"))
    agreement.refresh_from_db()
    assert (agreement.version, agreement.end_date.isoformat()) == (1, "2026-12-31")
    with pytest.raises(Refused):
        services.agreement_update(
            actor=institution_actor(alice),
            agreement=agreement,
            read_version=agreement.lock_version,
            purpose="Diubah tanpa persetujuan.",
        )


def test_changing_only_the_facilitators_keeps_the_version(as_alice, agreement, alice, frank):
    approve(agreement, institution_actor(alice))
    as_alice.post(url("core:agreement_edit", agreement), form_data(agreement, facilitators=[frank.pk]))
    agreement.refresh_from_db()
    assert agreement.version == 1
    assert list(agreement.facilitators.all()) == [frank]


def test_the_group_cannot_edit_the_agreement(as_gita, agreement):
    assert as_gita.get(url("core:agreement_edit", agreement)).status_code == 403
    assert as_gita.post(url("core:agreement_edit", agreement), form_data(agreement)).status_code == 403


def test_outsiders_cannot_edit(client, bob, agreement):
    login(client, bob)
    assert client.post(url("core:agreement_edit", agreement), form_data(agreement)).status_code == 404


# --- approving ----------------------------------------------------------------


def test_the_group_approves_as_its_acting_officer(as_gita, agreement, gita, chair):
    response = as_gita.post(url("core:agreement_approve", agreement), approve_data(agreement))
    assert response.status_code == 302
    approval = agreement.approvals.get()
    assert (approval.party, approval.user, approval.officer) == (Party.GROUP, gita, chair)


def test_both_approvals_make_the_agreement_agreed(client, agreement, alice, gita, chair):
    login(client, alice).post(url("core:agreement_approve", agreement), approve_data(agreement))
    login(client, gita, chair).post(url("core:agreement_approve", agreement), approve_data(agreement))
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AGREED


def test_approving_an_outdated_version_is_refused_with_a_message(as_gita, agreement, alice):
    as_gita.cookies["django_language"] = "en"
    read = approve_data(agreement)
    approve(agreement, institution_actor(alice))
    agreement.start_new_version_if_approved()
    agreement.save()
    response = as_gita.post(url("core:agreement_approve", agreement), read, follow=True)
    assert "changed after you opened the page" in response.content.decode()
    assert agreement.approval_by(Party.GROUP, 1) is None
    assert agreement.approval_by(Party.GROUP, 2) is None


def test_a_facilitator_cannot_approve_for_the_institution(client, fiona, agreement):
    login(client, fiona)
    assert client.post(url("core:agreement_approve", agreement), approve_data(agreement)).status_code == 403
    assert not agreement.approvals.exists()


def test_an_outsider_cannot_approve(client, gabe, group_b, agreement):
    login(client, gabe, group_b.members.first())
    assert client.post(url("core:agreement_approve", agreement), approve_data(agreement)).status_code == 404


def test_approving_needs_a_post(as_alice, agreement):
    assert as_alice.get(url("core:agreement_approve", agreement)).status_code == 405


def test_approving_without_a_version_is_a_bad_request(as_alice, agreement):
    assert as_alice.post(url("core:agreement_approve", agreement), {"version": "x"}).status_code == 400


def test_a_group_login_must_name_its_officer_before_approving(client, gita, agreement):
    login(client, gita)
    response = client.post(url("core:agreement_approve", agreement), approve_data(agreement))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:acting_as"))
    assert not agreement.approvals.exists()


# --- status -------------------------------------------------------------------


def agreed(agreement, alice, group_a, chair):
    approve(agreement, institution_actor(alice))
    approve(agreement, group_actor(group_a, chair))
    agreement.refresh_from_db()
    return agreement


def test_the_coordinator_starts_and_completes_the_facilitation(as_alice, agreement, alice, group_a, chair):
    agreed(agreement, alice, group_a, chair)
    as_alice.post(url("core:agreement_activate", agreement))
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    as_alice.post(url("core:agreement_complete", agreement))
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.COMPLETED


def test_a_draft_cannot_be_started(as_alice, agreement):
    as_alice.cookies["django_language"] = "en"
    response = as_alice.post(url("core:agreement_activate", agreement), follow=True)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT
    assert "not possible" in response.content.decode()


@pytest.mark.parametrize("who", ["fiona", "gita"])
def test_only_the_coordinator_starts_the_facilitation(client, request, agreement, chair, who):
    login(client, request.getfixturevalue(who), chair)
    assert client.post(url("core:agreement_activate", agreement)).status_code == 403
    assert client.post(url("core:agreement_complete", agreement)).status_code == 403


def test_status_changes_need_a_post(as_alice, agreement):
    assert as_alice.get(url("core:agreement_activate", agreement)).status_code == 405
    assert as_alice.get(url("core:agreement_complete", agreement)).status_code == 405


def test_the_group_ends_the_agreement_early_with_a_reason(as_gita, agreement):
    response = as_gita.post(
        url("core:agreement_end", agreement),
        {"reason": "Kelompok memilih pendamping lain.", "ended_on": "2026-06-01"},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ENDED_EARLY
    assert agreement.end_reason == "Kelompok memilih pendamping lain."


@pytest.mark.parametrize(
    "data,field",
    [
        ({"reason": "", "ended_on": "2026-06-01"}, "reason"),
        ({"reason": "Alasan yang cukup panjang.", "ended_on": "2025-06-01"}, "ended_on"),
        ({"reason": "Alasan yang cukup panjang.", "ended_on": "2999-01-01"}, "ended_on"),
        ({"reason": "Alasan yang cukup panjang.", "ended_on": "bukan tanggal"}, "ended_on"),
    ],
)
def test_ending_early_rejects_bad_input(as_alice, agreement, data, field):
    response = as_alice.post(url("core:agreement_end", agreement), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT


def test_a_facilitator_cannot_end_the_agreement(client, fiona, agreement):
    login(client, fiona)
    assert client.get(url("core:agreement_end", agreement)).status_code == 403


# --- versions and history ---------------------------------------------------


def test_an_earlier_version_stays_readable_and_comparable(as_gita, agreement, alice, group_a, chair):
    agreed(agreement, alice, group_a, chair)
    agreement.group_commits = "Pertemuan dua kali sebulan."
    agreement.start_new_version_if_approved()
    agreement.save()

    old = as_gita.get(url("core:agreement_version", agreement, version=1)).content.decode()
    assert "Pertemuan rutin." in old
    compared = as_gita.get(url("core:agreement_version", agreement, version=2), {"compare": 1})
    changes = compared.context["changes"]
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("group_commits", "Pertemuan rutin.", "Pertemuan dua kali sebulan.")
    ]


def test_an_unknown_version_is_404(as_alice, agreement):
    assert as_alice.get(url("core:agreement_version", agreement, version=7)).status_code == 404


def test_an_outsider_cannot_read_a_version(client, bob, agreement):
    login(client, bob)
    assert client.get(url("core:agreement_version", agreement, version=1)).status_code == 404


def test_the_page_shows_who_changed_what(as_gita, agreement, alice, fiona, client):
    login(client, fiona).post(url("core:agreement_edit", agreement), form_data(agreement, purpose="Baru."))
    login(client, agreement.group.account, agreement.group.members.get(name="Sumarni"))
    response = client.get(url("core:agreement_detail", agreement))
    entries = response.context["history"]
    assert entries[0].user == fiona
    assert [str(f) for f in entries[0].fields] == [str(Agreement._meta.get_field("purpose").verbose_name)]


def test_the_detail_page_runs_a_fixed_number_of_queries(
    as_alice, agreement, alice, group_a, chair, assert_queries
):
    # session, user, staff+institution, agreement with parties, facilitators, approvals
    # with users and officers, proposed amendments, amendments in force, history with users
    with assert_queries(9):
        as_alice.get(url("core:agreement_detail", agreement))
    agreed(agreement, alice, group_a, chair)
    for n in range(4):
        agreement.purpose = f"Tujuan {n}"
        agreement.start_new_version_if_approved()
        agreement.save()
        approve(agreement, institution_actor(alice))
    with assert_queries(9):
        as_alice.get(url("core:agreement_detail", agreement))


def test_a_facilitator_cannot_reassign_the_agreement(client, fiona, frank, agreement):
    login(client, fiona)
    data = form_data(agreement, facilitators=[frank.pk], purpose="Tujuan baru.")
    assert "facilitators" not in client.get(url("core:agreement_edit", agreement)).context["form"].fields
    client.post(url("core:agreement_edit", agreement), data)
    agreement.refresh_from_db()
    assert list(agreement.facilitators.all()) == [fiona]
    assert agreement.purpose == "Tujuan baru."


def test_an_agreement_that_has_not_started_can_end_today(as_gita, agreement):
    import datetime

    from django.utils import timezone

    Agreement.objects.filter(pk=agreement.pk).update(
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        end_date=timezone.localdate() + datetime.timedelta(days=300),
    )
    data = {"reason": "Kelompok belum siap memulai.", "ended_on": timezone.localdate().isoformat()}
    assert as_gita.post(url("core:agreement_end", agreement), data).status_code == 302


def test_ending_early_records_the_acting_officer_in_the_history(as_gita, agreement, gita, chair):
    as_gita.post(
        url("core:agreement_end", agreement), {"reason": "Kelompok bubar.", "ended_on": "2026-06-01"}
    )
    agreement.refresh_from_db()
    assert (agreement.updated_by, agreement.updated_by_officer) == (gita, chair)
    response = as_gita.get(url("core:agreement_detail", agreement))
    assert response.context["history"][0].officer_name == chair.name
    assert "Sumarni" in response.content.decode()


def test_the_version_page_runs_a_fixed_number_of_queries(as_alice, agreement, alice, assert_queries):
    # session, user, staff, agreement with parties, facilitators, approvals, proposed amendments,
    # the snapshot, the amendment that made this version
    with assert_queries(9):
        as_alice.get(url("core:agreement_version", agreement, version=1))
    for n in range(3):
        agreement.purpose = f"Tujuan {n}"
        agreement.save()
    with assert_queries(9):
        as_alice.get(url("core:agreement_version", agreement, version=1))


def test_an_odd_number_in_the_comparison_is_ignored(as_alice, agreement):
    assert (
        as_alice.get(url("core:agreement_version", agreement, version=1), {"compare": "²"}).status_code == 200
    )


def test_an_edit_made_while_both_parties_approved_is_not_saved(agreement, alice, group_a, chair):
    read_at = agreement.lock_version
    approve(agreement, group_actor(group_a, chair))
    approve(agreement, institution_actor(alice))
    with pytest.raises(EditConflict):
        services.agreement_update(
            actor=institution_actor(alice),
            agreement=agreement,
            read_version=read_at,
            group_commits="Diam-diam.",
        )
    agreement.refresh_from_db()
    assert agreement.group_commits == "Pertemuan rutin."
    assert agreement.status == Agreement.Status.AGREED


@pytest.mark.parametrize(
    "start,end,field",
    [
        ("1900-01-01", "2999-12-31", "start_date"),
        ("2026-01-01", "2999-12-31", "end_date"),
        ("2026-01-01", "2032-01-01", "end_date"),
    ],
)
def test_an_implausible_period_is_refused_next_to_the_field(as_alice, group_a, alice, start, end, field):
    data = {
        "group": group_a.pk,
        "title": "Program",
        "purpose": "Tujuan.",
        "start_date": start,
        "end_date": end,
        "coordinator": alice.pk,
        "institution_commits": "a",
        "institution_excludes": "b",
        "group_commits": "c",
    }
    response = as_alice.post(reverse("core:agreement_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Agreement.objects.exists()


def test_the_edit_page_says_which_party_approved(as_alice, agreement, group_a, chair):
    as_alice.cookies["django_language"] = "en"
    approve(agreement, group_actor(group_a, chair))
    body = as_alice.get(url("core:agreement_edit", agreement)).content.decode()
    assert "The group has approved version 1; the institution has not yet." in body


def test_a_facilitator_reads_who_approves_for_the_institution(client, agreement, fiona):
    client.cookies["django_language"] = "en"
    body = login(client, fiona).get(url("core:agreement_detail", agreement)).content.decode()
    assert "the coordinator, Alice, approves for the institution" in body
    assert "Approval is given by the institution&#x27;s coordinator" in body


def test_a_refused_step_says_why(client, agreement, gita, chair):
    client.cookies["django_language"] = "en"
    response = login(client, gita, chair).get(url("core:agreement_edit", agreement))
    assert response.status_code == 403
    assert "The institution&#x27;s staff draft the agreement" in response.content.decode()


def test_ending_an_agreement_already_ended_keeps_the_first_reason(client, agreement, alice, gita, chair):
    # Both parties opened the "end early" page; the group ends first.
    login(client, gita, chair).post(
        url("core:agreement_end", agreement), {"reason": "Kelompok bubar.", "ended_on": "2026-06-01"}
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ENDED_EARLY
    with pytest.raises(Refused):
        services.agreement_change_status(
            actor=institution_actor(alice),
            agreement=agreement,
            change="end_early",
            reason="Alasan kedua yang menimpa.",
            ended_on="2026-06-02",
        )
    agreement.refresh_from_db()
    assert agreement.end_reason == "Kelompok bubar."


def test_a_second_start_of_the_facilitation_changes_nothing(as_alice, agreement, alice, group_a, chair):
    approve(agreement, institution_actor(alice))
    approve(agreement, group_actor(group_a, chair))
    as_alice.post(url("core:agreement_activate", agreement))
    entries = agreement.history.count()
    response = as_alice.post(url("core:agreement_activate", agreement), follow=True)
    assert response.status_code == 200
    assert agreement.history.count() == entries
