"""A new person of an institution sets their own password from a link: nobody else ever knows it.

The link is Django's password-reset link (a token that stops working once the password is set,
or after ``PASSWORD_RESET_TIMEOUT``). It is e-mailed when the person has an address, and shown
to the coordinator, who may send it by hand (WhatsApp, SMS).
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pendampingan import jobs


def link(user):
    """The link for ``user``, on the site's address (``SITE_URL``)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", args=[uid, token])
    return settings.SITE_URL.rstrip("/") + path


def send(staff):
    """A fresh link for ``staff``; e-mailed to them (a job) when they have an address. Returns
    (link, whether an e-mail is on its way)."""
    user = staff.user
    address = link(user)
    if not user.email:
        return address, False
    context = {
        "user": user,
        "institution": staff.institution,
        "link": address,
        "username": user.get_username(),
    }
    jobs.email(
        render_to_string("registration/invitation_subject.txt", context).strip(),
        render_to_string("registration/invitation_email.txt", context),
        [user.email],
    )
    return address, True
