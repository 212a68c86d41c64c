"""Where the pillar apps plug into the core without the core importing them.

Each extension point is a ``Hook``. A pillar registers its functions from its
``AppConfig.ready()``; the core calls the hook and gets every answer. The hooks:

- ``waiting``: ``fn(actor, agreements) -> list[WaitingItem]``, shown on the dashboard;
- ``agreement_sections``: ``fn(actor, agreement_access) -> AgreementSection | None``,
  shown on the agreement page;
- ``demo``: ``fn(stdout)`` named by its dotted path, run by ``seed_demo`` after the core's
  demo data exists;
- ``scale``: ``fn(agreement, rng)`` named by its dotted path, run by ``seed_scale`` for each
  group it writes in full: the pillar's part of a year of the agreement, through its services;
- ``recounted``: ``fn(agreements, today)``, called when ``pendampingan.standing`` recounts
  ``agreements`` (after a change, or daily): a pillar keeps its own figures of them up to date;
- ``period_checks``: ``fn(agreement, start, end) -> list[str]``, what would fall outside
  the agreement's period if it changed to ``start``–``end``;
- ``activity_states``: ``fn(agreement, activities, today) -> {activity key: state}``, where
  each planned activity stands by what was recorded of it; a state has ``label`` and
  ``is_late``. The plan's pages show it instead of the activity's dates alone.
- ``menu``: ``fn(actor) -> list[MenuLink]``, pages a pillar adds to the main menu for
  this actor (answered without queries: it runs on every page).
- ``journal_renderers``: ``pendampingan.journal.Renderer`` entries, how the journal page
  tells each kind of event (not called: ``pendampingan.journal`` reads them).

The next pillars add their own hooks here the same way (deviation rules, journal
sources, evaluation inputs).
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.utils.module_loading import import_string


class Hook:
    """One extension point: functions registered by the pillars, called together by the core."""

    def __init__(self, name):
        self.name = name
        self._functions = []

    def __repr__(self):
        return f"<Hook {self.name}: {len(self._functions)} registered>"

    def register(self, function):
        """Add ``function`` (once, however often ``ready()`` runs); usable as a decorator."""
        if function not in self._functions:
            self._functions.append(function)
        return function

    @property
    def registered(self):
        """What is registered, in order (for hooks whose entries are described, not only called)."""
        return tuple(self._functions)

    def __call__(self, *args, **kwargs):
        """Every registered function's answer, in the order they registered."""
        return [function(*args, **kwargs) for function in self._functions]

    def items(self, *args, **kwargs):
        """The answers that are lists, joined; None answers left out."""
        joined = []
        for answer in self(*args, **kwargs):
            if answer is None:
                continue
            joined.extend(answer if isinstance(answer, list) else [answer])
        return joined

    @contextmanager
    def replaced(self, *functions):
        """Within the block only ``functions`` are registered (for tests)."""
        saved, self._functions = self._functions, list(functions)
        try:
            yield self
        finally:
            self._functions = saved


class LazyHook(Hook):
    """A hook whose functions are registered by dotted path and imported only when it is called.

    The demo's code (with the images and PDFs it draws) is then loaded by ``seed_demo`` alone,
    never by a web process starting.
    """

    def __call__(self, *args, **kwargs):
        return [import_string(path)(*args, **kwargs) for path in self._functions]


@dataclass
class WaitingItem:
    agreement: object
    title: str
    detail: str
    url: str
    # What makes it the same reminder from one day to the next; by default its address and title.
    key: str = ""

    @property
    def reminder_key(self):
        return self.key or f"{self.url}|{self.title}"


@dataclass
class AgreementSection:
    title: str
    template: str
    context: dict


@dataclass
class MenuLink:
    label: str
    url: str


waiting = Hook("waiting")
agreement_sections = Hook("agreement_sections")
demo = LazyHook("demo")
scale = LazyHook("scale")
recounted = Hook("recounted")
period_checks = Hook("period_checks")
activity_states = Hook("activity_states")
menu = Hook("menu")
journal_renderers = Hook("journal_renderers")

HOOKS = [
    waiting,
    agreement_sections,
    demo,
    scale,
    recounted,
    period_checks,
    activity_states,
    menu,
    journal_renderers,
]


@contextmanager
def without_pillars():
    """Within the block no pillar is plugged in: the core alone, as its own tests see it."""
    with (
        waiting.replaced(),
        agreement_sections.replaced(),
        demo.replaced(),
        scale.replaced(),
        recounted.replaced(),
        period_checks.replaced(),
        activity_states.replaced(),
        menu.replaced(),
    ):
        yield
