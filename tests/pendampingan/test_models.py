import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pendampingan import approvals
from pendampingan.models import Agreement, OutdatedVersion, Party
from tests.conftest import approve, approve_data, group_actor, institution_actor, make_agreement


def test_it_refuses_an_agreement_ending_before_it_starts(institution_a, group_a, alice):
    backwards = {"start_date": datetime.date(2026, 5, 1), "end_date": datetime.date(2026, 4, 30)}
    # The service says so next to the field; the database refuses it whatever writes the row.
    with pytest.raises(ValidationError) as refused:
        make_agreement(institution_a, group_a, alice, [], **backwards)
    assert "end_date" in refused.value.message_dict
    agreement = Agreement(
        institution=institution_a, group=group_a, coordinator=alice, title="Mundur", **backwards
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_it_refuses_ending_early_without_a_reason(agreement):
    agreement.status = Agreement.Status.ENDED_EARLY
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_it_becomes_agreed_only_when_both_parties_approved_the_same_version(agreement, alice, group_a, chair):
    approve(agreement, institution_actor(alice))
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT

    approve(agreement, group_actor(group_a, chair))
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AGREED
    assert agreement.agreed_version == 1
    approval = agreement.approval_by(Party.GROUP)
    assert approval.officer == chair
    assert approval.user == group_a.account


def test_it_refuses_approving_an_outdated_version(agreement, alice, group_a, chair):
    read = approve_data(agreement)
    approve(agreement, institution_actor(alice))
    agreement.start_new_version_if_approved()
    agreement.save()
    with pytest.raises(OutdatedVersion):
        approvals.approve(subject=agreement, actor=group_actor(group_a, chair), **read)
    assert agreement.approval_by(Party.GROUP) is None


def test_it_refuses_an_approval_of_content_edited_after_it_was_read(agreement, alice, group_a, chair):
    # No one had approved yet, so the edit keeps version 1; the approval still binds to what was read.
    read = approve_data(agreement)
    agreement.purpose = "Ditulis ulang oleh pendamping."
    agreement.save()
    with pytest.raises(OutdatedVersion):
        approvals.approve(subject=agreement, actor=group_actor(group_a, chair), **read)
    assert not agreement.approvals.exists()


def test_it_records_one_approval_per_party_and_version(agreement, alice):
    actor = institution_actor(alice)
    assert approve(agreement, actor) is not None
    assert approve(agreement, actor) is None
    assert agreement.approvals.count() == 1


def test_a_replayed_approval_records_nothing(agreement, alice, group_a, chair):
    approve(agreement, institution_actor(alice))
    approve(agreement, group_actor(group_a, chair))
    entries = agreement.history.count()
    read = approve_data(agreement)
    for _ in range(3):
        approvals.approve(subject=agreement, actor=group_actor(group_a, chair), **read)
    assert agreement.history.count() == entries
    assert agreement.approvals.count() == 2


def test_a_replay_of_the_approval_that_completed_the_pair_is_still_a_replay(agreement, alice, group_a, chair):
    # Completing the pair saved the agreement, so the replayed form's edit number is behind.
    approve(agreement, institution_actor(alice))
    read = approve_data(agreement)
    approvals.approve(subject=agreement, actor=group_actor(group_a, chair), **read)
    _agreement, replay = approvals.approve(subject=agreement, actor=group_actor(group_a, chair), **read)
    assert replay is None
    assert agreement.approvals.count() == 2


def test_an_approval_keeps_the_officers_name_and_position_of_that_day(agreement, alice, group_a, chair):
    approve(agreement, group_actor(group_a, chair))
    chair.name, chair.position = "Sumarni Wati", "member"
    chair.save()
    approval = agreement.approvals.get()
    assert (approval.officer_name, approval.officer_position) == ("Sumarni", "chair")


def test_it_keeps_a_version_without_approvals_when_edited(agreement):
    assert agreement.start_new_version_if_approved() is False
    assert agreement.version == 1


def test_it_keeps_each_version_readable(agreement, alice, group_a, chair):
    approve(agreement, institution_actor(alice))
    approve(agreement, group_actor(group_a, chair))
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
