"""Both parties approving at the same moment: each approval counts once, and the agreement is agreed once.

Every test plays several rounds, each on a fresh agreement with two writers let go
together, so that a race which only sometimes goes wrong shows up here.
"""

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from pendampingan import approvals
from pendampingan.models import Agreement, Party
from tests.conftest import approve, approve_data, group_actor, institution_actor, login, make_agreement, race

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 10


@pytest.fixture
def new_agreement(institution_a, group_a, alice, fiona):
    return lambda: make_agreement(institution_a, group_a, alice, [fiona])


def approving(agreement, actor, data):
    return lambda: approvals.approve(subject=agreement, actor=actor, **data)


def test_it_agrees_once_when_both_parties_approve_at_once(new_agreement, alice, group_a, chair):
    for _round in range(ROUNDS):
        agreement = new_agreement()
        data = approve_data(agreement)
        outcomes = race(
            approving(agreement, institution_actor(alice), data),
            approving(agreement, group_actor(group_a, chair), data),
        )
        assert [type(outcome) for outcome in outcomes] == [tuple, tuple], outcomes
        agreement.refresh_from_db()
        assert sorted(agreement.approvals.values_list("party", flat=True)) == [Party.GROUP, Party.INSTITUTION]
        assert (agreement.status, agreement.agreed_version) == (Agreement.Status.AGREED, 1)
        assert agreement.history.filter(status=Agreement.Status.AGREED).count() == 1


def test_it_records_one_approval_when_a_party_approves_twice_at_once(
    new_agreement, alice, group_a, chair, secretary
):
    for _round in range(ROUNDS):
        agreement = new_agreement()
        data = approve_data(agreement)
        institution_twice = race(
            approving(agreement, institution_actor(alice), data),
            approving(agreement, institution_actor(alice), data),
        )
        # The group's chair and secretary, on the shared login, approve for the same party.
        group_twice = race(
            approving(agreement, group_actor(group_a, chair), data),
            approving(agreement, group_actor(group_a, secretary), data),
        )
        for outcomes in (institution_twice, group_twice):
            assert [type(outcome) for outcome in outcomes] == [tuple, tuple], outcomes
            # One records the approval, the other is told its side had already approved.
            assert sorted(approval is None for _subject, approval in outcomes) == [False, True]
        assert agreement.approvals.count() == 2
        agreement.refresh_from_db()
        assert agreement.status == Agreement.Status.AGREED
        assert agreement.history.filter(status=Agreement.Status.AGREED).count() == 1


def posting(client, agreement, data):
    return lambda: client.post(reverse("core:agreement_approve", kwargs={"pk": agreement.pk}), data)


def test_it_answers_both_parties_posting_approve_at_once(new_agreement, alice, gita, chair):
    as_alice, as_gita = login(Client(), alice), login(Client(), gita, chair)
    for _round in range(ROUNDS):
        agreement = new_agreement()
        data = approve_data(agreement)
        responses = race(posting(as_alice, agreement, data), posting(as_gita, agreement, data))
        assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
        agreement.refresh_from_db()
        assert agreement.approvals.count() == 2
        assert agreement.status == Agreement.Status.AGREED


def test_it_never_tells_a_double_submitted_approval_that_it_failed(new_agreement, alice, gita, chair):
    # The group's approval completes the pair. Its second post is either told the group
    # had already approved or, if the agreement was agreed before it was even read,
    # refused with the reason (403); never told that its approval was not recorded.
    for _round in range(ROUNDS):
        first, second = login(Client(), gita, chair), login(Client(), gita, chair)
        agreement = new_agreement()
        approve(agreement, institution_actor(alice))
        data = approve_data(agreement)
        responses = race(posting(first, agreement, data), posting(second, agreement, data))
        assert sorted(getattr(r, "status_code", r) for r in responses) in ([302, 302], [302, 403])
        levels = sorted(m.level for r in responses for m in get_messages(r.wsgi_request))
        assert levels in ([messages.INFO, messages.SUCCESS], [messages.SUCCESS])
        assert agreement.approvals.count() == 2
