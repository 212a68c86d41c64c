import pytest
from django.urls import reverse

from evaluation import services
from tests.monitoring.conftest import agreement_in_force, chair_actor, fiona_actor  # noqa: F401
from tests.plans.conftest import draft, in_force  # noqa: F401


def url(name, evaluation=None, agreement=None):
    if evaluation is not None:
        return reverse(
            f"evaluation:{name}", kwargs={"pk": evaluation.agreement_id, "evaluation_pk": evaluation.pk}
        )
    return reverse(f"evaluation:{name}", kwargs={"pk": agreement.pk})


@pytest.fixture
def cycle(agreement_in_force, fiona_actor):  # noqa: F811
    return services.evaluation_start(actor=fiona_actor, agreement=agreement_in_force, level="cycle")
