"""The factories make what users could have made: through the services, with the journal written."""

import pytest

from evaluation.factories import EvaluationFactory, written
from monitoring.factories import (
    ActivityProgressFactory,
    CorrectiveActionFactory,
    IndicatorValueFactory,
    ReportedDeviationFactory,
    scored_round,
)
from pendampingan.factories import AgreementFactory, CommunityGroupFactory, MemberFactory, agree
from pendampingan.models import Agreement, JournalEvent, Member
from plans.factories import PlanRevisionFactory, filled, in_force
from records.factories import ActivityRecordFactory, FeedbackFactory, MeetingFactory, MinutesFactory, held

pytestmark = pytest.mark.django_db


def test_a_group_comes_with_its_officers_and_a_login():
    group = CommunityGroupFactory()
    assert sorted(group.members.values_list("position", flat=True)) == sorted(Member.SINGLE_OFFICES)
    assert group.account.check_password("pendampingan-demo")


def test_a_second_chair_is_refused_as_on_the_page():
    from django.core.exceptions import ValidationError

    group = CommunityGroupFactory()
    with pytest.raises(ValidationError):
        MemberFactory(group=group, position=Member.Position.CHAIR)


def test_a_whole_cycle_from_the_factories_writes_the_journal():
    agreement = AgreementFactory(active=True)
    assert agreement.status == Agreement.Status.ACTIVE and agreement.agreed_version == 1
    revision = in_force(filled(PlanRevisionFactory(agreement=agreement)))
    assert revision.status == revision.Status.IN_FORCE
    activity = revision.activities.order_by("start_date", "title").first()
    indicator = revision.indicators.order_by("name").first()
    ActivityProgressFactory(activity=activity)
    IndicatorValueFactory(indicator=indicator)
    ReportedDeviationFactory(agreement=agreement)
    CorrectiveActionFactory(agreement=agreement)
    minutes = MinutesFactory(meeting=held(MeetingFactory(agreement=agreement)))
    agree(minutes)
    assert minutes.confirmed_at is not None
    FeedbackFactory(record=ActivityRecordFactory(activity=activity))
    scored_round(agreement)
    evaluation = agree(written(EvaluationFactory(agreement=agreement)))
    assert evaluation.is_final

    kinds = set(JournalEvent.objects.filter(agreement=agreement).values_list("kind", flat=True))
    assert {
        "agreement.created",
        "plan.item_added",
        "monitoring.progress_recorded",
        "monitoring.indicator_measured",
        "monitoring.deviation_reported",
        "monitoring.action_opened",
        "records.minutes_written",
        "records.record_written",
        "records.feedback_added",
        "monitoring.scorecard_submitted",
        "evaluation.started",
    } <= kinds


def test_the_same_seed_makes_the_same_names():
    import factory.random

    factory.random.reseed_random(7)
    first = [m.name for m in CommunityGroupFactory(officers=[Member.Position.CHAIR] * 1).members.all()]
    factory.random.reseed_random(7)
    again = [m.name for m in CommunityGroupFactory(officers=[Member.Position.CHAIR] * 1).members.all()]
    assert first == again
