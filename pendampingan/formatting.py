from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.html import format_html


def rupiah(value):
    """1500000 → "Rp1.500.000", the PUEBI way, whatever the interface language."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value).quantize(Decimal(1))
    except (InvalidOperation, TypeError, ValueError):
        return value
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(int(amount)):,}".replace(",", ".")


def money(value):
    """The amount as HTML in a ``.money`` span, which app.css keeps on one line."""
    text = rupiah(value)
    return format_html('<span class="money">{}</span>', text) if text else ""


def plain_decimal(value, places=2):
    """The value rounded to ``places``, without trailing zeros and never in exponent form:
    2.50 → "2.5", 90.00 → "90" (where ``Decimal.normalize()`` would give "9E+1")."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def quantity(value, places=2):
    """A quantity as the page's language writes it: "90", "2,5", "1.250,75" in Indonesian,
    "1,250.75" in English; never "9E+1". Empty for no value."""
    if value is None or value == "":
        return ""
    try:
        text = plain_decimal(value, places)
    except (InvalidOperation, TypeError, ValueError):
        return value
    return number_format(Decimal(text), force_grouping=True)


def person_name(user):
    """A user's full name, or their username when they have none."""
    if user is None:
        return ""
    return user.get_full_name() or user.username
