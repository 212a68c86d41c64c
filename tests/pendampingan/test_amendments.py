"""An agreement in force changes only through an amendment both parties approve."""

import pytest
from django.urls import reverse

from pendampingan.models import Agreement, AgreementAmendment, Party
from tests.conftest import approve, approve_data, group_actor, institution_actor, login

pytestmark = pytest.mark.django_db


def amendment_data(agreement, **changes):
    data = {
        "reason": "Kelompok meminta pendampingan tambahan.",
        "title": agreement.title,
        "purpose": agreement.purpose,
        "start_date": agreement.start_date.isoformat(),
        "end_date": agreement.end_date.isoformat(),
        "institution_commits": agreement.institution_commits,
        "institution_excludes": agreement.institution_excludes,
        "group_commits": agreement.group_commits,
        "indicator_tolerance": agreement.indicator_tolerance,
        "assessment_interval_months": agreement.assessment_interval_months,
        "quorum_percent": agreement.quorum_percent,
    }
    data.update(changes)
    return data


@pytest.fixture
def agreed(agreement, alice, group_a, chair):
    approve(agreement, institution_actor(alice))
    approve(agreement, group_actor(group_a, chair))
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.ACTIVE)
    agreement.refresh_from_db()
    return agreement


def url(name, agreement, **kwargs):
    return reverse(name, kwargs={"pk": agreement.pk, **kwargs})


def propose(client, agreement, **changes):
    return client.post(url("core:amendment_create", agreement), amendment_data(agreement, **changes))


def test_it_keeps_the_agreed_period_in_force_until_both_approve(as_alice, agreed):
    response = propose(as_alice, agreed, start_date="2026-01-01", end_date="2027-06-30")
    assert response.status_code == 302
    agreed.refresh_from_db()
    assert (agreed.end_date.isoformat(), agreed.version) == ("2026-12-31", 1)
    page = as_alice.get(url("core:agreement_detail", agreed)).content.decode()
    assert "31 Desember 2026" in page
    assert "30 Juni 2027" not in page
    listing = as_alice.get(reverse("core:agreement_list")).content.decode()
    assert "30 Juni 2027" not in listing


def test_it_takes_effect_as_the_next_version_when_both_approve(client, agreed, alice, gita, chair):
    propose(login(client, gita, chair), agreed, group_commits="Pertemuan rutin.\nKas bulanan.")
    amendment = agreed.amendments.get()
    assert amendment.author_party == Party.GROUP
    client.post(url("core:amendment_approve", agreed, number=1), approve_data(amendment))
    agreed.refresh_from_db()
    assert agreed.group_commits == "Pertemuan rutin."
    login(client, alice).post(url("core:amendment_approve", agreed, number=1), approve_data(amendment))
    agreed.refresh_from_db()
    amendment.refresh_from_db()
    assert agreed.group_commits == "Pertemuan rutin.\nKas bulanan."
    assert (agreed.version, agreed.agreed_version, agreed.status) == (2, 2, Agreement.Status.ACTIVE)
    assert (amendment.status, amendment.adopted_as_version) == (AgreementAmendment.Status.ADOPTED, 2)
    assert agreed.version_snapshot(1).group_commits == "Pertemuan rutin."
    rows = client.get(url("core:agreement_detail", agreed)).context["versions"]
    assert rows[0]["number"] == 2 and rows[0]["group"].officer_name == "Sumarni"


def test_it_marks_each_change_line_by_line_for_the_party_that_approves(client, agreed, alice, gita, chair):
    propose(login(client, alice), agreed, group_commits="Pertemuan rutin.\nKas bulanan.")
    client.cookies["django_language"] = "en"
    response = login(client, gita, chair).get(url("core:amendment_detail", agreed, number=1))
    changes = response.context["changes"]
    assert [c.field for c in changes] == ["group_commits"]
    assert changes[0].lines == [("kept", "Pertemuan rutin."), ("added", "Kas bulanan.")]
    body = response.content.decode()
    assert "<ins" in body and "This is a proposal" in body


def test_an_approval_of_a_proposal_changed_meanwhile_is_refused(client, agreed, alice, gita, chair):
    propose(login(client, alice), agreed, purpose="Tujuan A.")
    amendment = agreed.amendments.get()
    read = approve_data(amendment)
    edit = amendment_data(agreed, purpose="Tujuan B.")
    client.post(
        url("core:amendment_edit", agreed, number=1), {**edit, "lock_version": amendment.lock_version}
    )
    login(client, gita, chair).post(url("core:amendment_approve", agreed, number=1), read)
    assert not amendment.approvals.exists()


def test_a_second_proposal_waits_for_the_first(as_alice, agreed):
    propose(as_alice, agreed, purpose="Satu.")
    response = propose(as_alice, agreed, purpose="Dua.")
    assert response.status_code == 302
    assert agreed.amendments.count() == 1


def test_a_proposal_that_changes_nothing_is_refused(as_alice, agreed):
    response = propose(as_alice, agreed)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not agreed.amendments.exists()


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"start_date": "1900-01-01"}, "start_date"),
        ({"end_date": "2999-12-31"}, "end_date"),
        ({"start_date": "2026-01-01", "end_date": "2035-01-01"}, "end_date"),
        ({"end_date": "2025-01-01"}, "end_date"),
        ({"purpose": "x" * 7000}, "purpose"),
    ],
)
def test_implausible_periods_and_texts_are_refused_next_to_the_field(as_alice, agreed, changes, field):
    response = propose(as_alice, agreed, **changes)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not agreed.amendments.exists()


def test_a_withdrawn_proposal_leaves_the_agreement_as_it_was(as_gita, agreed):
    propose(as_gita, agreed, purpose="Tujuan lain.")
    assert as_gita.get(url("core:amendment_withdraw", agreed, number=1)).status_code == 200
    as_gita.post(url("core:amendment_withdraw", agreed, number=1))
    amendment = agreed.amendments.get()
    assert amendment.status == AgreementAmendment.Status.WITHDRAWN
    agreed.refresh_from_db()
    assert agreed.purpose == "Meningkatkan hasil panen."


def test_a_facilitator_proposes_but_does_not_approve(client, agreed, fiona):
    login(client, fiona)
    propose(client, agreed, purpose="Tujuan baru.")
    amendment = agreed.amendments.get()
    response = client.post(url("core:amendment_approve", agreed, number=1), approve_data(amendment))
    assert response.status_code == 403
    assert "coordinator" in response.content.decode() or "koordinator" in response.content.decode()


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_get_404_on_every_amendment_url(client, request, agreed, alice, who):
    propose(login(client, alice), agreed, purpose="Tujuan baru.")
    user = request.getfixturevalue(who)
    officer = user.community_group.members.first() if who == "gabe" else None
    login(client, user, officer)
    for name in ("core:amendment_detail", "core:amendment_edit", "core:amendment_withdraw"):
        assert client.get(url(name, agreed, number=1)).status_code == 404
    for name in ("core:amendment_create", "core:amendment_approve", "core:amendment_withdraw"):
        kwargs = {} if name == "core:amendment_create" else {"number": 1}
        assert client.post(url(name, agreed, **kwargs), {"version": 1, "lock_version": 1}).status_code == 404


def test_anonymous_visitors_log_in_first(client, agreed):
    response = client.get(url("core:amendment_create", agreed))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_draft_agreement_is_edited_not_amended(as_alice, agreement):
    assert as_alice.get(url("core:amendment_create", agreement)).status_code == 403


def test_the_approve_url_takes_only_posts(as_alice, agreed):
    propose(as_alice, agreed, purpose="Tujuan baru.")
    assert as_alice.get(url("core:amendment_approve", agreed, number=1)).status_code == 405


def test_a_second_withdraw_is_told_not_refused(as_gita, agreed):
    propose(as_gita, agreed, purpose="Tujuan lain.")
    as_gita.post(url("core:amendment_withdraw", agreed, number=1))
    response = as_gita.post(url("core:amendment_withdraw", agreed, number=1), follow=True)
    assert response.status_code == 200
    assert agreed.amendments.get().status == AgreementAmendment.Status.WITHDRAWN


def test_a_second_final_approval_is_told_not_refused(client, agreed, alice, gita, chair):
    propose(login(client, alice), agreed, purpose="Tujuan lain.")
    amendment = agreed.amendments.get()
    client.post(url("core:amendment_approve", agreed, number=1), approve_data(amendment))
    read = approve_data(amendment)
    login(client, gita, chair)
    client.post(url("core:amendment_approve", agreed, number=1), read)
    response = client.post(url("core:amendment_approve", agreed, number=1), read, follow=True)
    assert response.status_code == 200
    assert amendment.approvals.count() == 2


def test_the_amendment_page_runs_a_fixed_number_of_queries(client, agreed, alice, assert_queries):
    propose(login(client, alice), agreed, purpose="Tujuan A.")
    amendment = agreed.amendments.get()
    # session, user, staff+institution, agreement with parties, facilitators, approvals,
    # proposed amendments with their approvals, the amendment, its approvals, its history
    with assert_queries(11):
        client.get(url("core:amendment_detail", agreed, number=1))
    for n in range(3):
        edit = amendment_data(agreed, purpose=f"Tujuan {n}.")
        amendment.refresh_from_db()
        client.post(
            url("core:amendment_edit", agreed, number=1), {**edit, "lock_version": amendment.lock_version}
        )
    with assert_queries(11):
        client.get(url("core:amendment_detail", agreed, number=1))


def test_the_monitoring_rules_change_only_by_an_amendment_both_approve(client, agreed, alice, gita, chair):
    propose(login(client, gita, chair), agreed, indicator_tolerance=5)
    agreed.refresh_from_db()
    assert agreed.indicator_tolerance == 10
    client.cookies["django_language"] = "en"
    detail = client.get(url("core:agreement_detail", agreed)).content.decode()
    assert "more than 10 percentage points below" in detail
    amendment = agreed.amendments.get()
    approve(amendment, group_actor(agreed.group, chair))
    approve(amendment, institution_actor(alice))
    agreed.refresh_from_db()
    assert agreed.indicator_tolerance == 5
