from django import template
from django.utils.translation import gettext as _

from pendampingan import formatting, regions, registry
from pendampingan.models import Member, officer_label

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
def acted_by(user, officer_name="", officer_position=""):
    """A person's name, or on a group's shared login "Siti Aminah (Sekretaris) for Kelompok Tani …".

    The officer's name and position are the ones recorded when they acted.
    """
    name = formatting.person_name(user)
    if not officer_name:
        return name
    officer = officer_label(officer_name, officer_position)
    return _("%(officer)s for %(account)s") % {"officer": officer, "account": name}


@register.simple_tag
def approver(approval):
    if approval is None:
        return ""
    return acted_by(approval.user, approval.officer_name, approval.officer_position)


@register.simple_tag
def author(record):
    """Who wrote ``record``: the person, or the officer named when it was written."""
    return record.written_by


@register.simple_tag
def last_editor(record):
    return acted_by(record.updated_by, record.updated_by_officer_name, record.updated_by_officer_position)


@register.filter
def approval_of(subject, party):
    """The approval ``party`` gave to the current version of an approvable ``subject``."""
    return subject.approval_by(party)


@register.filter
def position_label(position):
    """ "Secretary (sekretaris)" for an officer position as recorded, or nothing."""
    return dict(Member.Position.choices).get(position, "")


@register.simple_tag(takes_context=True)
def menu_links(context):
    """The pillars' entries in the main menu for the person viewing the page."""
    actor = getattr(context.get("request"), "actor", None)
    return registry.menu.items(actor) if actor is not None else []


@register.inclusion_tag("pendampingan/_attachments.html")
def attachments(files, url_name):
    """A record's files (``Attachment``s), served by the view ``url_name``: photos, then documents."""
    files = list(files)
    return {
        "photos": [f for f in files if f.is_image],
        "documents": [f for f in files if not f.is_image],
        "url_name": url_name,
    }
