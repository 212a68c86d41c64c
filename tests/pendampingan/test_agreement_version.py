import pytest
from django.urls import reverse

from tests.conftest import login
from tests.pendampingan.conftest import agreed, url

pytestmark = pytest.mark.django_db


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


def test_an_odd_number_in_the_comparison_is_ignored(as_alice, agreement):
    assert (
        as_alice.get(url("core:agreement_version", agreement, version=1), {"compare": "²"}).status_code == 200
    )


def test_an_outsider_cannot_read_a_version(client, bob, agreement):
    login(client, bob)
    assert client.get(url("core:agreement_version", agreement, version=1)).status_code == 404


def test_it_sends_anonymous_visitors_to_log_in(client, agreement):
    for address in [url("core:agreement_version", agreement, version=1)]:
        for method in (client.get, client.post):
            response = method(address)
            assert response.status_code == 302, address
            assert response.url.startswith(reverse("login")), address


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
