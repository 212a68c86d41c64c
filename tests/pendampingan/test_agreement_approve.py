import pytest
from django.urls import reverse

from pendampingan.models import Agreement, Party
from tests.conftest import approve, approve_data, institution_actor, login
from tests.pendampingan.conftest import url

pytestmark = pytest.mark.django_db


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


def test_it_sends_anonymous_visitors_to_log_in(client, agreement):
    for address in [url("core:agreement_approve", agreement)]:
        for method in (client.get, client.post):
            response = method(address)
            assert response.status_code == 302, address
            assert response.url.startswith(reverse("login")), address


def test_the_approval_service_refuses_an_outsider_a_facilitator_and_a_group_login_without_its_officer(
    agreement, bob, fiona, group_a
):
    """A job or an import calling the service directly meets the same refusal as the page."""
    from pendampingan import approvals
    from pendampingan.access import Actor
    from pendampingan.models import Refused

    for actor in (Actor.of(bob), Actor.of(fiona), Actor.for_officer(group_a, None)):
        with pytest.raises(Refused):
            approvals.approve_as_shown_now(subject=agreement, actor=actor)
    assert not agreement.approvals.exists()


def test_the_database_finds_what_a_party_has_not_approved_in_its_current_version(agreement, alice):
    from pendampingan import approvals

    def unapproved(party):
        return list(approvals.unapproved(Agreement.objects.filter(pk=agreement.pk), party))

    approve(agreement, institution_actor(alice))
    assert (unapproved(Party.INSTITUTION), unapproved(Party.GROUP)) == ([], [agreement])
    # A new version waits for both again, though the first one's approval stays recorded.
    agreement.start_new_version_if_approved()
    agreement.save()
    assert (unapproved(Party.INSTITUTION), unapproved(Party.GROUP)) == ([agreement], [agreement])
