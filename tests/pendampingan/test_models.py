import datetime

import pytest
from django.db import IntegrityError, transaction

from pendampingan import services
from pendampingan.models import Agreement, OutdatedVersion, Party
from tests.conftest import group_actor, institution_actor, make_agreement


def test_it_refuses_an_agreement_ending_before_it_starts(institution_a, group_a, alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_agreement(
            institution_a,
            group_a,
            alice,
            [],
            start_date=datetime.date(2026, 5, 1),
            end_date=datetime.date(2026, 4, 30),
        )


def test_it_refuses_ending_early_without_a_reason(agreement):
    agreement.status = Agreement.Status.ENDED_EARLY
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_it_becomes_agreed_only_when_both_parties_approved_the_same_version(agreement, alice, group_a, chair):
    services.agreement_approve(agreement=agreement, actor=institution_actor(alice), version=1)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT

    services.agreement_approve(agreement=agreement, actor=group_actor(group_a, chair), version=1)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AGREED
    assert agreement.agreed_version == 1
    approval = agreement.approval_by(Party.GROUP)
    assert approval.officer == chair
    assert approval.user == group_a.account


def test_it_refuses_approving_an_outdated_version(agreement, alice, group_a, chair):
    services.agreement_approve(agreement=agreement, actor=institution_actor(alice), version=1)
    agreement.start_new_version_if_approved()
    agreement.save()
    with pytest.raises(OutdatedVersion):
        services.agreement_approve(agreement=agreement, actor=group_actor(group_a, chair), version=1)
    assert agreement.approval_by(Party.GROUP) is None


def test_it_records_one_approval_per_party_and_version(agreement, alice):
    actor = institution_actor(alice)
    first = services.agreement_approve(agreement=agreement, actor=actor, version=1)
    again = services.agreement_approve(agreement=agreement, actor=actor, version=1)
    assert first.pk == again.pk
    assert agreement.approvals.count() == 1


def test_it_keeps_a_version_without_approvals_when_edited(agreement):
    assert agreement.start_new_version_if_approved() is False
    assert agreement.version == 1


def test_it_keeps_each_version_readable(agreement, alice, group_a, chair):
    services.agreement_approve(agreement=agreement, actor=institution_actor(alice), version=1)
    services.agreement_approve(agreement=agreement, actor=group_actor(group_a, chair), version=1)
    agreement.group_commits = "Pertemuan rutin dua kali sebulan."
    agreement.start_new_version_if_approved()
    agreement.save()

    assert agreement.version_snapshot(1).group_commits == "Pertemuan rutin."
    assert agreement.version_snapshot(2).group_commits == "Pertemuan rutin dua kali sebulan."
    assert agreement.version_snapshot(3) is None


def test_a_change_is_shown_line_by_line():
    from pendampingan.versions import Change

    change = Change(field="group_commits", label="", old="Rapat.\nKas.", new="Rapat.\nKas bulanan.")
    assert change.lines == [("kept", "Rapat."), ("removed", "Kas."), ("added", "Kas bulanan.")]
