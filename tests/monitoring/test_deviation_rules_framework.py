"""How deviations found by any rule meet the corrective actions taken for them."""

import datetime

from monitoring import deviations
from monitoring.deviations import Deviation, DeviationStatus, Rule
from monitoring.models import CorrectiveAction

TODAY = datetime.date(2026, 6, 1)


def action(agreement, alice, key, status=CorrectiveAction.Status.OPEN):
    return CorrectiveAction.objects.create(
        agreement=agreement,
        title="Jadwal ulang",
        owner_party="institution",
        owner_name="Fiona",
        due_date=TODAY,
        deviation_key=key,
        status=status,
        author_party="institution",
        created_by=alice,
    )


def rule_finding(*keys):
    def find(snapshot):
        for agreement_pk in snapshot.agreements:
            for key in keys:
                yield Deviation(agreement_pk, "test", key, "group", f"Temuan {key}")

    return Rule("test", "Test", find)


def test_a_deviation_without_an_action_is_open_and_its_actions_say_how_far_it_is_put_right(
    agreement, agreement_b, alice, django_assert_num_queries
):
    action(agreement, alice, "a", CorrectiveAction.Status.DONE)
    action(agreement, alice, "b", CorrectiveAction.Status.CLOSED)
    action(agreement_b, alice, "c")  # another agreement's action never counts here
    # One query: the corrective actions of both agreements.
    with deviations.rules.replaced(rule_finding("a", "b", "c")), django_assert_num_queries(1):
        found = deviations.find([agreement, agreement_b], TODAY)
    statuses = {d.key: d.status for d in found[agreement.pk]}
    assert statuses == {
        "a": DeviationStatus.BEING_CORRECTED,
        "b": DeviationStatus.CORRECTED,
        "c": DeviationStatus.OPEN,
    }
    assert {d.key: d.status for d in found[agreement_b.pk]}["c"] == DeviationStatus.BEING_CORRECTED


def test_with_nothing_found_no_query_runs(agreement, django_assert_num_queries):
    with deviations.rules.replaced(rule_finding()), django_assert_num_queries(0):
        assert deviations.find([agreement], TODAY) == {agreement.pk: []}


def test_a_corrective_action_is_opened_by_either_party_for_the_owner_named(agreement, gita, chair):
    from monitoring import services
    from tests.conftest import group_actor

    opened = services.corrective_action_create(
        actor=group_actor(agreement.group, chair),
        agreement=agreement,
        title="Pendamping hadir di pertemuan berikut",
        owner_party="institution",
        owner_name="Fiona",
        due_date=TODAY,
        deviation_key="reported:1",
        deviation_title="Pendamping tidak hadir",
        today=TODAY,
    )
    assert (opened.author_party, opened.owner_party, opened.status) == ("group", "institution", "open")
    assert opened.confirming_party == "group"
    assert not opened.is_overdue(TODAY) and opened.is_overdue(TODAY + datetime.timedelta(days=1))


def test_a_corrective_action_falls_due_within_the_agreement_whoever_calls(agreement, chair):
    import pytest
    from django.core.exceptions import ValidationError

    from monitoring import services
    from tests.conftest import group_actor

    with pytest.raises(ValidationError) as refused:
        services.corrective_action_create(
            actor=group_actor(agreement.group, chair),
            agreement=agreement,
            title="Terlalu jauh",
            owner_party="institution",
            owner_name="Fiona",
            due_date=agreement.end_date + datetime.timedelta(days=1),
        )
    assert "due_date" in refused.value.message_dict
