"""Bounds on what people type: dates, periods, amounts, text lengths and uploaded files.

A typo (the year 0026 instead of 2026, one zero too many in a budget) should
be refused next to the field, not drawn as a timeline two thousand years wide
or a total that overflows every page. The models carry these as validators and,
where one row can hold the rule, as database constraints.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from pendampingan.formatting import rupiah

EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
# An agreement (and so everything planned under it) spans at most this many years.
MAX_PERIOD_YEARS = 5
# The most one budget line, or one amount spent, may hold: Rp10.000.000.000.
MAX_AMOUNT = 10_000_000_000
# Indicator values (people, hectares, kilograms, per cent) stay below this.
MAX_QUANTITY = 1_000_000_000

# Text lengths: a title, a paragraph, a long text such as an agreement's purpose.
TITLE_LENGTH = 200
TEXT_LENGTH = 2000
LONG_TEXT_LENGTH = 6000

# Files attached to a record: the size of one, how many one record carries, and the
# lengths kept of a file's name and of its caption.
MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_FILES = 10
FILE_NAME_LENGTH = 120
CAPTION_LENGTH = 200


def _dates_message():
    return _("Enter a date between %(earliest)s and %(latest)s.") % {
        "earliest": date_format(EARLIEST_DATE),
        "latest": date_format(LATEST_DATE),
    }


dates_message = lazy(_dates_message, str)

DATE_VALIDATORS = [
    MinValueValidator(EARLIEST_DATE, message=dates_message()),
    MaxValueValidator(LATEST_DATE, message=dates_message()),
]


def _amount_help():
    return _("At most %(amount)s.") % {"amount": rupiah(MAX_AMOUNT)}


amount_help = lazy(_amount_help, str)

AMOUNT_VALIDATORS = [
    MinValueValidator(0, message=_("An amount cannot be negative.")),
    MaxValueValidator(MAX_AMOUNT, message=amount_help()),
]

QUANTITY_VALIDATORS = [
    MinValueValidator(0, message=_("Cannot be negative.")),
    MaxValueValidator(MAX_QUANTITY, message=_("Must be at most one billion (1.000.000.000).")),
]


def period_too_long(start, end):
    """Whether ``start``–``end`` spans more than the longest period an agreement may have."""
    try:
        latest = start.replace(year=start.year + MAX_PERIOD_YEARS)
    except ValueError:  # 29 February
        latest = start.replace(year=start.year + MAX_PERIOD_YEARS, day=28)
    return end > latest


def _period_message():
    return _("An agreement lasts at most %(years)s years.") % {"years": MAX_PERIOD_YEARS}


period_message = lazy(_period_message, str)


def check_within_agreement(agreement, **dates):
    """Refuse, next to its field, any of ``dates`` (field name → date) outside ``agreement``'s period.

    A service calls it under the agreement's lock, so the period it checks against is the current one.
    """
    outside = {
        name: _("Must fall within the agreement's period, %(start)s to %(end)s.")
        % {"start": date_format(agreement.start_date), "end": date_format(agreement.end_date)}
        for name, day in dates.items()
        if day is not None and not agreement.start_date <= day <= agreement.end_date
    }
    if outside:
        raise ValidationError(outside)
