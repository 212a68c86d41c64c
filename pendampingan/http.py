"""What the views share at the web edge: reading a request, saving a form, answering a late post."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pendampingan import approvals
from pendampingan.concurrency import save_edit
from pendampingan.forms import ApproveForm
from pendampingan.models import OutdatedVersion, Refused

# A page that shows a form on GET and handles it on POST.
require_GET_or_POST = require_http_methods(["GET", "POST"])


def int_param(request, name):
    """A whole number from the query string, or None when it is missing or not plain digits."""
    value = request.GET.get(name, "")
    return int(value) if value.isascii() and value.isdecimal() else None


def save_posted(request, form, save, message=None, /, **kwargs):
    """The post of a form page: save the valid form with the service ``save`` (``kwargs`` are its own
    arguments) through ``save_edit``, and say ``message``.

    Returns what ``save`` returned, for the view to go on from; None when the page
    is to show the form (again): a GET, an invalid form, a form read before
    someone else saved (now based on their version), or data the service refused
    (the form says why).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    saved = save_edit(form, save, user=request.user, **kwargs)
    if saved is not None and message is not None:
        messages.success(request, message)
    return saved


def require_unless_outdated(request, permission, *, outdated):
    """Like ``access.require``, but a page read before the state changed is told why instead of refused.

    ``outdated`` says the person could have done this a moment ago (a second click
    after the first went through, a page opened before the other party acted).
    Returns True when the step is not to be done and a message says why.
    """
    if permission:
        return False
    if outdated:
        messages.info(request, permission.reason)
        return True
    raise PermissionDenied(getattr(permission, "reason", ""))


def approve_from_request(request, subject, permission):
    """The approve views' common steps: check the permission, approve what was shown, say what happened.

    Returns None when done (messages are set), or a response for a malformed post.
    Someone who approves for a party but whose page is out of date (the subject
    was agreed or withdrawn meanwhile, or their own second click arrives after
    the first) is told why on the page, not shown an error.
    """
    approver = request.actor.is_coordinator or request.actor.is_group
    if require_unless_outdated(request, permission, outdated=approver):
        return None
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("The version to approve is missing."))
    try:
        subject, approval = approvals.approve(subject=subject, actor=request.actor, **form.cleaned_data)
    except OutdatedVersion:
        messages.error(
            request,
            _(
                "It changed after you opened the page, so your approval was not recorded. "
                "Read it again as it is now, then approve."
            ),
        )
        return None
    except Refused as refused:
        messages.error(request, refused.message)
        return None
    if approval is None:
        messages.info(request, _("Your side had already approved this version."))
    elif subject.is_approved_by_both():
        messages.success(
            request, _("Both parties have approved version %(version)s.") % {"version": subject.version}
        )
    else:
        messages.success(request, _("Your approval was recorded. The other party still has to approve."))
    return None
