"""The year's evaluation for ``seed_scale``: the plan cycle evaluated, each party's assessment and
the joint conclusions written, approved by both. Written through the evaluation's services."""

from evaluation.factories import EvaluationFactory, written
from pendampingan.factories import agree


def year(agreement, rng):
    return agree(written(EvaluationFactory(agreement=agreement)))
