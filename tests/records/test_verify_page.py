"""The public page that checks a printed document's code: only what it must say, to anyone, not too often."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from pendampingan import verification
from pendampingan.models import Institution, Verification
from tests.conftest import approve, group_actor, institution_actor, login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()


def code_of(document, version=1):
    return Verification.objects.get(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk, version=version
    )


@pytest.fixture
def agreed(agreement, alice, group_a, chair):
    approve(agreement, institution_actor(alice))
    approve(agreement, group_actor(group_a, chair))
    agreement.refresh_from_db()
    return agreement


def page(client, code):
    return client.get(f"/v/{code}/")


def test_anyone_reads_what_it_is_who_approved_it_and_its_digest(client, agreed):
    code = code_of(agreed)
    response = page(client, verification.written(code.code).lower())
    body = response.content.decode()
    assert response.status_code == 200
    for expected in (agreed.institution.name, agreed.group.name, code.digest, "Sumarni"):
        assert expected in body
    assert response.context["superseded_at"] is None


def test_it_shows_nothing_else_of_the_agreement(client, agreed):
    body = page(client, code_of(agreed).code).content.decode()
    for private in (agreed.purpose, agreed.institution_commits, agreed.group_commits):
        assert private not in body


@pytest.mark.parametrize("typed", ["AAAA-BBBB-CCCC-DDDD", "nonsense", "%3Cscript%3E", "1" * 200])
def test_anything_else_is_the_same_plain_not_found(client, agreed, typed):
    response = page(client, typed)
    assert response.status_code == 404
    assert response.templates[0].name == "pendampingan/verify_not_found.html"


def test_a_version_replaced_by_an_amendment_says_superseded(client, agreed, alice, group_a, chair):
    from pendampingan import services

    amendment = services.amendment_propose(
        actor=institution_actor(alice),
        agreement=agreed,
        reason="Alasan.",
        **{**agreed.content(), "purpose": "Baru."},
    )
    approve(amendment, institution_actor(alice))
    approve(amendment, group_actor(group_a, chair))
    old = page(client, code_of(agreed, 1).code)
    assert old.context["superseded_at"] is not None
    new = page(client, code_of(agreed, 2).code)
    assert new.context["superseded_at"] is None and new.context["group_approval"].officer_name == "Sumarni"


def test_guessing_is_slowed_down(client, agreed):
    for _ in range(verification.LOOKUPS_PER_MINUTE):
        page(client, "AAAA-BBBB-CCCC-DDDD")
    response = page(client, code_of(agreed).code)
    assert response.status_code == 429 and response["Retry-After"] == "60"


def test_an_institution_can_keep_it_to_those_who_may_see_the_agreement(client, agreed, alice, bob):
    Institution.objects.filter(pk=agreed.institution_id).update(public_verification=False)
    code = code_of(agreed).code
    assert page(client, code).status_code == 404
    login(client, bob)
    assert page(client, code).status_code == 404
    login(client, alice)
    assert page(client, code).status_code == 200


def test_a_draft_has_no_code(agreement, alice):
    approve(agreement, institution_actor(alice))
    assert not Verification.objects.exists()
