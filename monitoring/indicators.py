"""Where a success indicator stands, from the values the parties recorded, computed when read.

Pure functions, like ``states``: the latest value (by ``measured_on``, then by
when it was written) against the straight line from the baseline, at the start
of the line, to the target, on the target date.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class IndicatorState:
    indicator: object
    latest: object = None
    percent: Decimal | None = None
    expected_percent: Decimal = Decimal(0)
    expected_value: Decimal = Decimal(0)
    # How far, in percentage points of the way from baseline to target, the latest value
    # may fall below the line before the indicator is behind: the agreement says.
    tolerance: Decimal = Decimal(0)

    @property
    def is_behind(self):
        return self.percent is not None and self.percent < self.expected_percent - self.tolerance

    @property
    def percent_label(self):
        """The share of the way achieved, shown between 0% and "100%+"."""
        if self.percent is None:
            return "—"
        if self.percent > HUNDRED:
            return "100%+"
        return f"{max(self.percent, Decimal(0)):.0f}%"

    @property
    def label(self):
        if self.latest is None:
            return _("No value yet")
        return _("Behind") if self.is_behind else _("On track")


def latest_first(values):
    """Values in the order they count: the newest by date measured, then by when written, first."""
    return sorted(values, key=lambda v: (v.measured_on, v.created_at, v.pk or 0), reverse=True)


def percent_achieved(baseline, target, value):
    """How far ``value`` has come from ``baseline`` towards ``target``, in per cent.

    An indicator whose target is its baseline has no way to go: it is achieved
    (100) while the value holds at least the target, else 0.
    """
    if target == baseline:
        return HUNDRED if value >= target else Decimal(0)
    return (value - baseline) / (target - baseline) * HUNDRED


def expected_percent(start, target_date, today):
    """The share of the way from baseline to target due by ``today`` on a straight line, in per cent."""
    if today >= target_date:
        return HUNDRED
    if today <= start:
        return Decimal(0)
    return Decimal((today - start).days) / Decimal((target_date - start).days) * HUNDRED


def indicator_state(indicator, values, start, today, *, tolerance):
    """The state of ``indicator`` on ``today``, its line starting on ``start``, from its values,
    behind when more than ``tolerance`` percentage points below the line."""
    ordered = latest_first(values)
    latest = ordered[0] if ordered else None
    baseline, target = Decimal(indicator.baseline), Decimal(indicator.target)
    expected = expected_percent(start, indicator.target_date, today)
    return IndicatorState(
        indicator=indicator,
        latest=latest,
        percent=None if latest is None else percent_achieved(baseline, target, Decimal(latest.value)),
        expected_percent=expected,
        expected_value=baseline + (target - baseline) * expected / HUNDRED,
        tolerance=Decimal(tolerance),
    )
