"""Factories for evaluation, written through ``evaluation.services`` like its pages.

``EvaluationFactory(agreement=…)`` starts an evaluation of the plan cycle in force (or of an
activity or a stage, with ``level`` and ``subject_key``); ``pendampingan.factories.agree`` has
both parties approve it.
"""

import factory

from evaluation import services
from evaluation.models import Evaluation
from pendampingan.factories import acting
from pendampingan.models import Party


class EvaluationFactory(factory.Factory):
    class Meta:
        model = Evaluation

    agreement = None  # required: an agreement with a plan in force
    actor = None
    level = Evaluation.Level.CYCLE
    subject_key = None

    @classmethod
    def _create(cls, model_class, *, actor, agreement, **data):
        return services.evaluation_start(
            actor=actor or acting(agreement, Party.INSTITUTION), agreement=agreement, **data
        )


# What each party writes of itself when a factory fills an evaluation in.
WRITTEN = {
    Party.INSTITUTION: {
        "institution_worked": "Pelatihan di lahan anggota lebih mudah diikuti daripada di balai.",
        "institution_did_not": "Dua kunjungan lapangan batal karena jalan longsor.",
        "institution_why": "Musim hujan datang lebih awal.",
        "institution_lessons": "Jadwal kunjungan disusun bersama kelompok tiap awal bulan.",
        "conclusions": "Sebagian besar kegiatan berjalan; pencatatan kelompok makin rapi.",
        "recommendations": "Lanjutkan sekolah lapang\nPerkuat pembukuan kas kelompok",
    },
    Party.GROUP: {
        "group_worked": "Anggota rutin hadir dan mencoba langsung di sawah.",
        "group_did_not": "Produksi kompos belum cukup untuk semua anggota.",
        "group_why": "Bahan baku jerami terbatas setelah panen.",
        "group_lessons": "Mengumpulkan jerami bersama sebelum musim tanam.",
    },
}


def written(evaluation):
    """``evaluation`` with both parties' assessments and the joint texts written, as each party would."""
    for party, data in WRITTEN.items():
        evaluation.refresh_from_db()
        services.evaluation_update(
            actor=acting(evaluation.agreement, party),
            evaluation=evaluation,
            read_version=evaluation.lock_version,
            **data,
        )
    evaluation.refresh_from_db()
    return evaluation
