"""Factories for monitoring, written through ``monitoring.services`` like its pages write them.

Progress and indicator values go against the plan in force; a party reports a deviation about
either party; a corrective action is opened by one party for an owner. Without ``actor=``, the
party that usually writes acts (``pendampingan.factories.acting``). ``scored_round`` opens a round
of the mutual assessment and has both parties submit their cards.
"""

import datetime
from decimal import Decimal

import factory

from monitoring import services
from monitoring.models import (
    ActivityProgress,
    AssessmentRound,
    CorrectiveAction,
    IndicatorValue,
    ProgressStatus,
    ReportedDeviation,
)
from pendampingan.factories import acting, person_of
from pendampingan.models import Party


def _actor(actor, agreement, party):
    return actor or acting(agreement, party)


class ActivityProgressFactory(factory.Factory):
    """A progress entry of an activity in force, by its lead party (the institution if joint)."""

    class Meta:
        model = ActivityProgress

    activity = None  # required: an activity of the plan in force
    agreement = factory.LazyAttribute(lambda p: p.activity.revision.plan.agreement)
    actor = None
    reported_on = factory.LazyAttribute(lambda p: p.activity.start_date)
    status = ProgressStatus.IN_PROGRESS
    percent_done = 40
    actual_start = factory.SelfAttribute("activity.start_date")
    spent_institution = 500_000
    spent_group = 100_000
    participants_women = 11
    participants_men = 9
    what_was_done = "Pertemuan pertama berjalan; anggota mencoba langsung di lahan."

    @classmethod
    def _create(cls, model_class, *, actor, agreement, activity, **data):
        party = Party.GROUP if activity.lead == "group" else Party.INSTITUTION
        return services.progress_create(
            actor=_actor(actor, agreement, party), agreement=agreement, activity=activity, **data
        )


class IndicatorValueFactory(factory.Factory):
    """A value of an indicator in force, measured by its reporting party."""

    class Meta:
        model = IndicatorValue

    indicator = None  # required: an indicator of the plan in force
    agreement = factory.LazyAttribute(lambda v: v.indicator.revision.plan.agreement)
    actor = None
    measured_on = factory.LazyAttribute(lambda v: v.indicator.activity.start_date)
    value = Decimal(8)
    note = "Dihitung dari daftar hadir dan kunjungan lahan."

    @classmethod
    def _create(cls, model_class, *, actor, agreement, indicator, **data):
        return services.indicator_value_create(
            actor=_actor(actor, agreement, indicator.reporting_party),
            agreement=agreement,
            indicator=indicator,
            **data,
        )


class ReportedDeviationFactory(factory.Factory):
    """A deviation the group (by default) saw in what the institution does."""

    class Meta:
        model = ReportedDeviation

    agreement = None  # required
    actor = None
    reporter = Party.GROUP
    concerns_party = factory.LazyAttribute(
        lambda d: Party.INSTITUTION if d.reporter == Party.GROUP else Party.GROUP
    )
    observed_on = factory.LazyAttribute(lambda d: d.agreement.start_date + datetime.timedelta(days=40))
    title = "Pendamping tidak hadir pada pertemuan rutin tanpa kabar"
    description = "Anggota menunggu satu jam; pertemuan berjalan tanpa pendamping."
    our_commitment = "Kelompok mengirim pengingat jadwal sehari sebelumnya."

    @classmethod
    def _create(cls, model_class, *, actor, agreement, reporter, **data):
        return services.deviation_report(
            actor=_actor(actor, agreement, reporter), agreement=agreement, **data
        )


class CorrectiveActionFactory(factory.Factory):
    """A corrective action the institution (by default) opens for the group's chair to carry out."""

    class Meta:
        model = CorrectiveAction

    agreement = None  # required
    actor = None
    opened_by = Party.INSTITUTION
    owner_party = Party.GROUP
    owner_name = factory.LazyAttribute(lambda a: person_of(a.agreement, a.owner_party))
    title = "Memperbarui buku kas kelompok setiap bulan"
    details = ""
    due_date = factory.LazyAttribute(lambda a: a.agreement.end_date)

    @classmethod
    def _create(cls, model_class, *, actor, agreement, opened_by, **data):
        return services.corrective_action_create(
            actor=_actor(actor, agreement, opened_by), agreement=agreement, **data
        )


class AssessmentRoundFactory(factory.Factory):
    """The agreement's next round of the mutual assessment, opened by the facilitator's side."""

    class Meta:
        model = AssessmentRound

    agreement = None  # required
    actor = None

    @classmethod
    def _create(cls, model_class, *, actor, agreement):
        return services.assessment_open(
            actor=_actor(actor, agreement, Party.INSTITUTION), agreement=agreement
        )


def scored_round(agreement, score=4, comment="Sesuai kesepakatan."):
    """A round in which both parties submitted a card giving ``score`` to every criterion."""
    round_ = AssessmentRoundFactory(agreement=agreement)
    for party in (Party.INSTITUTION, Party.GROUP):
        services.scorecard_save(
            actor=acting(agreement, party),
            round=round_,
            scores={c.pk: (score, comment) for c in round_.criteria.all()},
            submit=True,
        )
    round_.refresh_from_db()
    return round_
