from decimal import Decimal, InvalidOperation


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
