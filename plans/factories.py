"""Factories for plans, written through ``plans.services`` like the plan page writes them.

``PlanRevisionFactory(agreement=…)`` starts a cycle's draft; ``StageFactory``, ``ActivityFactory``,
``IndicatorFactory`` and ``CommitmentFactory`` add to a draft (``plan_item_save``) as the
coordinator, or as the group's chair for the group's commitments. ``in_force(revision)`` has both
parties approve it. See ``pendampingan/factories.py`` for the conventions.
"""

import datetime
from decimal import Decimal

import factory

from pendampingan.factories import AgreementFactory, acting, agree, faker
from pendampingan.models import Party
from plans import services
from plans.models import Activity, Commitment, Indicator, Lead, PlanRevision, Stage


class PlanItemFactory(factory.Factory):
    """A stage, activity, indicator or commitment added to a draft revision (``plan_item_save``), by
    ``actor`` or the party that writes it: the institution, or for a commitment its own party."""

    class Meta:
        abstract = True

    actor = None

    @classmethod
    def _create(cls, model_class, *, revision, actor, **data):
        actor = actor or acting(revision.plan.agreement, data.get("party", Party.INSTITUTION))
        return services.plan_item_save(actor=actor, revision=revision, item=model_class(), **data)


class PlanRevisionFactory(factory.Factory):
    """The first draft of an agreement's next plan cycle (``services.plan_create``)."""

    class Meta:
        model = PlanRevision

    agreement = factory.SubFactory(AgreementFactory, active=True)
    actor = None

    @classmethod
    def _create(cls, model_class, *, agreement, actor):
        return services.plan_create(actor=actor or acting(agreement, Party.INSTITUTION), agreement=agreement)


class StageFactory(PlanItemFactory):
    class Meta:
        model = Stage

    revision = factory.SubFactory(PlanRevisionFactory)
    name = factory.Sequence(lambda n: f"Tahap {n + 1}")
    objective = "Kelompok dan lembaga mencapai hasil tahap ini bersama."
    start_date = factory.LazyAttribute(lambda s: s.revision.plan.agreement.start_date)
    end_date = factory.LazyAttribute(lambda s: s.revision.plan.agreement.end_date)


class ActivityFactory(PlanItemFactory):
    """An activity of a stage, over the stage's dates unless told otherwise."""

    class Meta:
        model = Activity

    stage = factory.SubFactory(StageFactory)
    revision = factory.SelfAttribute("stage.revision")
    title = factory.Sequence(lambda n: f"Pelatihan budidaya {n + 1}")
    place = faker("street_name")
    start_date = factory.SelfAttribute("stage.start_date")
    due_date = factory.SelfAttribute("stage.end_date")
    expected_output = "20 anggota menerapkan hasil pelatihan"
    budget_institution = 1_000_000
    budget_group = 200_000
    budget_other = 0
    responsible_party = "both"
    lead = Lead.JOINT


class IndicatorFactory(PlanItemFactory):
    class Meta:
        model = Indicator

    activity = factory.SubFactory(ActivityFactory)
    revision = factory.SelfAttribute("activity.revision")
    name = factory.LazyAttribute(lambda i: f"Anggota yang menerapkan: {i.activity.title}")
    unit = "orang"
    baseline = Decimal(0)
    target = Decimal(20)
    target_date = factory.SelfAttribute("activity.due_date")
    means_of_verification = "Daftar hadir dan kunjungan lahan"
    reporting_party = Party.GROUP


class CommitmentFactory(PlanItemFactory):
    """A commitment of ``party`` (the institution by default), written by that party."""

    class Meta:
        model = Commitment

    revision = factory.SubFactory(PlanRevisionFactory)
    party = Party.INSTITUTION
    text = factory.LazyAttribute(
        lambda c: (
            "Hadir dua kali sebulan di lapangan."
            if c.party == Party.INSTITUTION
            else "Mengadakan pertemuan rutin setiap bulan."
        )
    )


def filled(revision, stages=2, per_stage=2):
    """``revision`` with ``stages`` stages of the agreement's period in turn, ``per_stage`` activities
    each with an indicator, and one commitment of each party."""
    agreement = revision.plan.agreement
    days = (agreement.end_date - agreement.start_date).days + 1
    leads = [Lead.GROUP, Lead.JOINT, Lead.INSTITUTION]
    for s in range(stages):
        start = agreement.start_date + datetime.timedelta(days=days * s // stages)
        end = agreement.start_date + datetime.timedelta(days=days * (s + 1) // stages - 1)
        stage = StageFactory(revision=revision, name=f"Tahap {s + 1}", start_date=start, end_date=end)
        for a in range(per_stage):
            activity = ActivityFactory(stage=stage, title=f"Kegiatan {s + 1}.{a + 1}", lead=leads[a % 3])
            IndicatorFactory(activity=activity, name=f"Indikator {s + 1}.{a + 1}", target_date=end)
    CommitmentFactory(revision=revision, party=Party.INSTITUTION)
    CommitmentFactory(revision=revision, party=Party.GROUP)
    return revision


def in_force(revision):
    """Both parties approve ``revision`` as it reads: it comes into force."""
    return agree(revision)
