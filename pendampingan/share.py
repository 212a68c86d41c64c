"""Ready Indonesian text for where people already talk, and the WhatsApp link that carries it.

Nothing is sent from here: a page offers the text to copy, and a ``wa.me`` link
that opens the person's own WhatsApp with the text filled in, to send to whom they
choose. The texts are always in Indonesian, whatever language the sender reads in.
"""

from functools import wraps
from urllib.parse import quote

from django.utils import translation
from django.utils.translation import gettext as _

from pendampingan.formatting import person_name


def in_indonesian(build):
    """``build`` writing its text in Indonesian."""

    @wraps(build)
    def text(*args, **kwargs):
        with translation.override("id"):
            return build(*args, **kwargs)

    return text


def whatsapp_link(text):
    """A link that opens WhatsApp on the person's own phone or computer with ``text`` filled in."""
    return "https://wa.me/?text=" + quote(text, safe="")


@in_indonesian
def staff_invitation(staff, link):
    """For a new person of an institution (or one whose first link was lost): the link to set a password."""
    return "\n".join(
        [
            _("*Manajemen Pendampingan: set your password*"),
            _("For: %(name)s, %(role)s of %(institution)s")
            % {
                "name": person_name(staff.user),
                "role": staff.get_role_display().lower(),
                "institution": staff.institution.name,
            },
            "",
            _("Open this link and choose your own password:"),
            link,
            "",
            f"{_('Username')}: {staff.user.get_username()}",
            _(
                "The link works once and for a few days. After setting the password, log in with "
                "your username and that password. Nobody else learns it."
            ),
        ]
    )


@in_indonesian
def group_login(group, login_url, password):
    """For a group's officers: the shared login's address, username and the password of the first login."""
    return "\n".join(
        [
            _("*Manajemen Pendampingan: the login of %(group)s*") % {"group": group.name},
            _("For: the officers of %(group)s") % {"group": group.name},
            "",
            f"{_('Address')}: {login_url}",
            f"{_('Username')}: {group.account.get_username()}",
            f"{_('Password for the first login')}: {password}",
            "",
            f"{_('At the first login')}:",
            "1. " + _("Open the address on a phone and log in with the username and password above."),
            "2. " + _("Choose the name of the officer who is using the phone."),
            "3. " + _("Set the group's own password and tell it to every officer."),
            _("The password in this message then stops working: delete the message."),
        ]
    )
