import pytest

from pendampingan import registry


@pytest.fixture(autouse=True)
def core_alone():
    """The core's tests see the core alone: a new pillar's hooks never change what they count."""
    with registry.without_pillars():
        yield
