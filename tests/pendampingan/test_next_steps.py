"""Pages say what comes next and who does it."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import login
from tests.pendampingan.conftest import agreed
from tests.plans.conftest import draft  # noqa: F401

pytestmark = pytest.mark.django_db


def test_an_agreed_agreement_waits_on_the_coordinators_dashboard_to_be_started(
    as_alice, client, agreement, alice, fiona, group_a, chair
):
    agreed(agreement, alice, group_a, chair)
    waiting = as_alice.get(reverse("core:dashboard")).context["waiting_shown"]
    assert [item.url for item in waiting if item.key == f"agreement-start:{agreement.pk}"] == [
        reverse("core:agreement_detail", kwargs={"pk": agreement.pk})
    ]
    login(client, fiona)
    assert not [
        i
        for i in client.get(reverse("core:dashboard")).context["waiting_shown"]
        if i.key.startswith("agreement-start")
    ]


def test_a_facilitator_reads_that_the_coordinator_approves_the_plan(client, fiona, draft):  # noqa: F811
    login(client, fiona)
    body = client.get(reverse("plans:revisions", kwargs={"pk": draft.plan.agreement_id})).content.decode()
    with translation.override("id"):
        expected = translation.gettext("not yet: the coordinator, %(name)s, approves") % {"name": "Alice"}
    assert expected in body
