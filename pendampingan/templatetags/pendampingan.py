from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext as _

from pendampingan import regions

register = template.Library()


@register.filter
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


@register.filter
def region_label(code):
    return regions.label(code)


@register.filter
def person(user):
    """A user's full name, or their username."""
    if user is None:
        return ""
    return user.get_full_name() or user.username


@register.simple_tag
def approver(approval):
    """ "Budi Santoso" or "Kelompok Tani … — Siti Aminah (Ketua)" for an approval."""
    if approval is None:
        return ""
    name = approval.user.get_full_name() or approval.user.username
    if approval.officer_id:
        return _("%(officer)s for %(account)s") % {
            "officer": approval.officer.name_with_position,
            "account": name,
        }
    return name


@register.filter
def approval_of(subject, party):
    """The approval ``party`` gave to the current version of an approvable ``subject``."""
    return subject.approval_by(party)
