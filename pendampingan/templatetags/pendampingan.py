from django import template
from django.utils.translation import gettext as _

from pendampingan import formatting, regions

register = template.Library()


@register.filter
def rupiah(value):
    """ "Rp1.500.000", in a span that keeps it on one line: "Rp400.0 / 00" was printed once."""
    return formatting.money(value)


@register.filter
def region_label(code):
    return regions.label(code)


@register.filter
def person(user):
    """A user's full name, or their username."""
    if user is None:
        return ""
    return formatting.person_name(user)


@register.simple_tag
def acted_by(user, officer=None):
    """A person's name, or on a group's shared login "Siti Aminah (Sekretaris) for Kelompok Tani …"."""
    name = formatting.person_name(user)
    if officer is None:
        return name
    return _("%(officer)s for %(account)s") % {"officer": officer.name_with_position, "account": name}


@register.simple_tag
def approver(approval):
    if approval is None:
        return ""
    return acted_by(approval.user, approval.officer)


@register.filter
def approval_of(subject, party):
    """The approval ``party`` gave to the current version of an approvable ``subject``."""
    return subject.approval_by(party)
