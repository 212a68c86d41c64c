from decimal import Decimal, InvalidOperation

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


def person_name(user):
    """A user's full name, or their username when they have none."""
    if user is None:
        return ""
    return user.get_full_name() or user.username
