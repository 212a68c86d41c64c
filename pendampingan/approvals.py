"""Two-party approval, one mechanism for agreements, plans and, later, minutes and evaluations.

A party approves the version it read. The subject's row is locked while the
approval is recorded, so an edit made meanwhile by the other party makes the
approval fail as outdated instead of counting for content nobody approved.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from pendampingan.models import OutdatedVersion


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def locked(subject):
    """``subject`` read again under a row lock; call inside a transaction."""
    return type(subject).objects.select_for_update().get(pk=subject.pk)


@transaction.atomic
def approve(*, subject, actor, version, when_both):
    """Record the approval; when both parties approved the same version, call ``when_both(subject)``."""
    subject = locked(subject)
    # What follows from the approval is the approver's change in the history.
    subject._history_user, subject._history_officer = actor.user, actor.officer
    approval = subject.add_approval(actor=actor, version=version)
    if subject.is_approved_by_both():
        when_both(subject)
    return subject, approval


def approve_from_request(request, subject, *, when_both):
    """The approve views' common steps: read the version posted, approve it, say what happened.

    Returns None when done (messages are set), or a response for a malformed post.
    """
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("The version to approve is missing."))
    try:
        subject, _approval = approve(
            subject=subject, actor=request.actor, version=form.cleaned_data["version"], when_both=when_both
        )
    except OutdatedVersion:
        messages.error(
            request,
            _("It changed while you were reading it. Read version %(version)s and approve that.")
            % {"version": locked_version(subject)},
        )
        return None
    if subject.is_approved_by_both():
        messages.success(
            request, _("Both parties have approved version %(version)s.") % {"version": subject.version}
        )
    else:
        messages.success(request, _("Your approval was recorded. The other party still has to approve."))
    return None


def awaiting(actor, subjects):
    """The subjects whose current version still waits for the approval of ``actor``'s party.

    Only those who approve for a party are waited for: the group's login and coordinators.
    """
    if not (actor.is_group or actor.is_coordinator):
        return []
    return [s for s in subjects if s.approval_by(actor.party) is None]


def locked_version(subject):
    return type(subject).objects.values_list("version", flat=True).get(pk=subject.pk)
