"""What waits in each agreement is counted per side and kept: a change outdates the counts in its
own transaction, a read recounts what is outdated, the daily command what a new day changed."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from pendampingan import standing, waiting
from pendampingan.access import Actor
from pendampingan.models import Agreement, Standing
from records.factories import MeetingFactory, MinutesFactory, held

pytestmark = pytest.mark.django_db


def counted(agreement):
    return Standing.objects.get(pk=agreement.pk)


def live(user, agreement):
    return len(
        waiting.waiting_for(Actor.of(user), list(Agreement.objects.filter(pk=agreement.pk).with_parties()))
    )


def test_a_change_outdates_the_counts_and_the_next_read_counts_it(agreement_in_force, alice, gita):
    standing.recount(Agreement.objects.filter(pk=agreement_in_force.pk).with_parties())
    before = counted(agreement_in_force)
    assert not before.outdated
    MinutesFactory(meeting=held(MeetingFactory(agreement=agreement_in_force, held_on=timezone.localdate())))
    assert counted(agreement_in_force).outdated
    visible = Agreement.objects.filter(pk=agreement_in_force.pk)
    waiting, total = standing.waiting_in(Actor.of(gita), visible)
    after = counted(agreement_in_force)
    assert not after.outdated and after.waiting_group == live(gita, agreement_in_force) == total
    assert after.waiting_group > before.waiting_group and list(waiting) == [agreement_in_force]
    assert after.waiting_coordinator == live(alice, agreement_in_force)


def test_a_count_taken_while_the_agreement_changed_stays_outdated(agreement_in_force, monkeypatch):
    agreements = Agreement.objects.filter(pk=agreement_in_force.pk).with_parties()
    standing.recount(agreements)
    Standing.changed(agreement_in_force.pk)
    waiting_for = waiting.waiting_for

    def changed_meanwhile(actor, theirs):
        Standing.changed(agreement_in_force.pk)  # someone saves while the count runs
        return waiting_for(actor, theirs)

    monkeypatch.setattr(waiting, "waiting_for", changed_meanwhile)
    standing.recount(agreements)
    assert counted(agreement_in_force).outdated


def test_a_read_recounts_only_a_few_and_the_daily_command_the_rest(agreement_in_force, monkeypatch):
    monkeypatch.setattr(standing, "RECOUNT_ON_READ", 0)
    visible = Agreement.objects.filter(pk=agreement_in_force.pk)
    assert standing.waiting_in(Actor.for_staff(agreement_in_force.coordinator), visible)[1] == 0
    assert not Standing.objects.exists()
    call_command("refresh_standings", stdout=StringIO())
    assert counted(agreement_in_force).counted_on == timezone.localdate()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Standing.objects.update(counted_on=yesterday)
    assert list(standing.to_recount(visible)) == [agreement_in_force]
    call_command("refresh_standings", stdout=StringIO())
    assert not standing.to_recount(visible).exists()


def test_nobody_outside_the_two_sides_reads_counts(agreement_in_force, admin_user):
    waiting, total = standing.waiting_in(Actor.of(admin_user), Agreement.objects.all())
    assert (list(waiting), total) == ([], 0)


def test_the_portfolio_finds_agreements_of_a_level_by_the_health_kept_at_their_recount(
    as_alice, agreement_in_force
):
    from django.urls import reverse

    from monitoring.health import health_of
    from monitoring.models import HealthStanding

    def listed(level):
        response = as_alice.get(reverse("monitoring:portfolio"), {"health": level})
        return [row.agreement for row in response.context["rows"]]

    today = timezone.localdate()
    found = health_of(Agreement.objects.filter(pk=agreement_in_force.pk).with_parties(), today)
    level = found[agreement_in_force.pk].level
    assert listed(level) == [agreement_in_force]
    kept = HealthStanding.objects.get(pk=agreement_in_force.pk)
    assert (kept.level, kept.reasons) == (level, len(found[agreement_in_force.pk].reasons))
    # The page goes by what was kept: an agreement counted at another level is not on this one ...
    HealthStanding.objects.filter(pk=agreement_in_force.pk).update(level="elsewhere")
    assert listed(level) == []
    # ... until a change to it has it recounted.
    Standing.changed(agreement_in_force.pk)
    assert listed(level) == [agreement_in_force]
