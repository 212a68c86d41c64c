"""What each party owes in monitoring waits on its dashboard: confirmations, its actions due, and
deviations concerning it that nobody answered yet."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import CorrectiveActionStep
from tests.conftest import login

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def waiting(client, user, officer=None):
    login(client, user, officer)
    client.cookies["django_language"] = "en"
    return [
        (item.title, item.detail) for item in client.get(reverse("core:dashboard")).context["waiting_shown"]
    ]


def open_action(actor, agreement, owner="group", due=None, **extra):
    return services.corrective_action_create(
        actor=actor,
        agreement=agreement,
        title=extra.pop("title", "Perbaiki pembukuan"),
        owner_party=owner,
        owner_name="Sumarni" if owner == "group" else "Fiona",
        due_date=due or timezone.localdate() + 30 * DAY,
        **extra,
    )


def test_the_other_party_is_asked_to_confirm_what_the_owner_marked_done(
    client, agreement_in_force, fiona_actor, chair_actor, alice, gita, chair
):
    action = open_action(fiona_actor, agreement_in_force, owner="group")
    services.corrective_action_step(
        actor=chair_actor,
        action=action,
        kind=CorrectiveActionStep.Kind.DONE,
        read_version=action.lock_version,
    )
    assert ("To confirm: Perbaiki pembukuan", "marked done by community group") in waiting(client, alice)
    assert not any(t.startswith("To confirm") for t, _d in waiting(client, gita, chair))


def test_the_owner_sees_its_actions_due_within_a_week_or_overdue(
    client, agreement_in_force, chair_actor, alice, gita, chair
):
    today = timezone.localdate()
    open_action(chair_actor, agreement_in_force, owner="institution", due=today + 7 * DAY, title="Minggu ini")
    open_action(chair_actor, agreement_in_force, owner="institution", due=today + 8 * DAY, title="Nanti")
    titles = [t for t, _d in waiting(client, alice)]
    assert "Due: Minggu ini" in titles and "Due: Nanti" not in titles
    assert not any(t.startswith("Due:") for t, _d in waiting(client, gita, chair))


def test_deviations_concerning_a_party_without_action_wait_on_its_dashboard(
    client, agreement_in_force, fiona_actor, alice, gita, chair
):
    report = services.deviation_report(
        actor=fiona_actor,
        agreement=agreement_in_force,
        concerns_party="group",
        observed_on=timezone.localdate(),
        title="Kas kelompok tidak dicatat",
    )
    owed = [d for t, d in waiting(client, gita, chair) if "no corrective action yet" in t]
    assert owed == ["Kas kelompok tidak dicatat"]
    assert not [d for t, d in waiting(client, alice) if "Kas kelompok" in d]
    open_action(fiona_actor, agreement_in_force, deviation_key=report.deviation_key)
    assert not [d for t, d in waiting(client, gita, chair) if "Kas kelompok" in d]
