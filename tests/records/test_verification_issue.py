"""A verification code is issued the moment both parties have approved a version, for every kind
of document both approve, and only then."""

import pytest
from django.contrib.contenttypes.models import ContentType

from pendampingan import verification
from pendampingan.models import Verification
from tests.conftest import approve, group_actor, institution_actor

pytestmark = pytest.mark.django_db


def codes_of(document):
    return list(
        Verification.objects.filter(
            content_type=ContentType.objects.get_for_model(document), object_id=document.pk
        ).order_by("version")
    )


def test_an_agreement_gets_its_code_when_the_second_party_approves(agreement, alice, group_a, chair):
    approve(agreement, institution_actor(alice))
    assert codes_of(agreement) == []
    approve(agreement, group_actor(group_a, chair))
    [code] = codes_of(agreement)
    assert code.version == 1
    assert code.digest == verification.digest(agreement.canonical_content(1))
    # Random, not derived from the document: the same content approved again would not give it.
    assert (
        verification.new_code() != code.code
        and verification.digest(agreement.canonical_content(1)) != code.code
    )


def test_an_adopted_amendment_gives_the_agreements_new_version_its_own_code(agreement, alice, group_a, chair):
    from pendampingan import services

    approve(agreement, institution_actor(alice))
    approve(agreement, group_actor(group_a, chair))
    agreement.refresh_from_db()
    amendment = services.amendment_propose(
        actor=institution_actor(alice),
        agreement=agreement,
        reason="Alasan.",
        **{**agreement.content(), "purpose": "Baru."},
    )
    approve(amendment, institution_actor(alice))
    approve(amendment, group_actor(group_a, chair))
    first, second = codes_of(agreement)
    assert (first.version, second.version) == (1, 2)
    assert first.digest != second.digest
    assert agreement.canonical_content(2)["content"]["purpose"] == "Baru."
    assert agreement.canonical_content(1)["content"]["purpose"] != "Baru."


def test_a_plan_revision_minutes_and_an_evaluation_get_theirs(
    in_force, minutes, fiona_actor, gita_actor, alice, group_a, chair
):
    from evaluation import services

    assert len(codes_of(in_force)) == 1
    approve(minutes, fiona_actor)
    approve(minutes, gita_actor)
    assert len(codes_of(minutes)) == 1
    evaluation = services.evaluation_start(actor=fiona_actor, agreement=minutes.agreement, level="cycle")
    approve(evaluation, institution_actor(alice))
    approve(evaluation, group_actor(group_a, chair))
    evaluation.refresh_from_db()
    [code] = codes_of(evaluation)
    assert code.digest == verification.digest(evaluation.canonical_content(1))


def test_the_digest_follows_the_content_not_the_moment_it_is_read(in_force):
    before = verification.digest(in_force.canonical_content(in_force.version))
    assert verification.digest(in_force.canonical_content(in_force.version)) == before
    activity = in_force.activities.first()
    activity.title = "Judul lain"
    activity.save()
    assert verification.digest(in_force.canonical_content(in_force.version)) != before


def test_codes_are_unique_and_an_issued_one_stays(agreement, alice, group_a, chair):
    approve(agreement, institution_actor(alice))
    approve(agreement, group_actor(group_a, chair))
    [code] = codes_of(agreement)
    assert verification.issue(agreement, 1) == code
    assert Verification.objects.count() == len({v.code for v in Verification.objects.all()})
