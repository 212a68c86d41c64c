"""How a version of an agreement is printed: from that version's snapshot, never from a request."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pendampingan import verification
from pendampingan.models import Party


def agreement_printed(agreement, version):
    """(template, context, filename) of ``agreement``'s ``version``; registered as its printer."""
    snapshot = agreement.version_snapshot(version)
    if snapshot is None:
        raise Http404
    adopted = agreement.amendments.filter(adopted_as_version=version).first()
    subject, subject_version = agreement.approved_through(version, adopted)
    # One query whichever carries the approvals, the agreement or the amendment that made the version.
    approved = {a.party: a for a in subject.approvals.filter(version=subject_version).select_related("user")}
    context = {
        "agreement": agreement,
        "snapshot": snapshot,
        "institution_approval": approved.get(Party.INSTITUTION),
        "group_approval": approved.get(Party.GROUP),
        "verified": verification.printed(agreement, version),
        "printed_at": timezone.now(),
    }
    filename = _("%(title)s version %(version)s") % {"title": agreement.title, "version": version}
    return "pendampingan/agreement_print.html", context, filename
