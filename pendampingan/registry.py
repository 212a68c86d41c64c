"""Where the pillar apps plug into the core without the core importing them.

A pillar registers from its ``AppConfig.ready()``:
- a *waiting* source: ``fn(actor, agreements) -> list[WaitingItem]``, shown on the dashboard;
- an *agreement section*: ``fn(request, agreement_access) -> AgreementSection | None``,
  shown on the agreement page;
- a *demo* step: ``fn(stdout)``, run by ``seed_demo`` after the core's demo data exists;
- a *period check*: ``fn(agreement, start, end) -> list[str]``, what would fall outside
  the agreement's period if it changed to ``start``–``end``.
"""

from dataclasses import dataclass

_waiting_sources = []
_agreement_sections = []
_demo_steps = []
_period_checks = []


@dataclass
class WaitingItem:
    agreement: object
    title: str
    detail: str
    url: str


@dataclass
class AgreementSection:
    title: str
    template: str
    context: dict


def register_waiting(source):
    if source not in _waiting_sources:
        _waiting_sources.append(source)


def register_agreement_section(section):
    if section not in _agreement_sections:
        _agreement_sections.append(section)


def waiting_items(actor, agreements):
    items = []
    for source in _waiting_sources:
        items.extend(source(actor, agreements))
    return items


def agreement_sections(request, agreement_access):
    sections = (section(request, agreement_access) for section in _agreement_sections)
    return [s for s in sections if s is not None]


def register_demo(step):
    if step not in _demo_steps:
        _demo_steps.append(step)


def demo_steps():
    return list(_demo_steps)


def register_period_check(check):
    if check not in _period_checks:
        _period_checks.append(check)


def outside_period(agreement, start, end):
    problems = []
    for check in _period_checks:
        problems.extend(check(agreement, start, end))
    return problems
