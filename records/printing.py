"""How minutes are printed: a confirmed version from what both parties confirmed, never from a request."""

from django.utils import timezone
from django.utils.translation import gettext as _

from pendampingan import verification
from pendampingan.models import Party
from records import minutes as content
from records.models import Minutes


def minutes_printed(minutes, version):
    """(template, context, filename) of ``minutes``' ``version``; registered as their printer.

    A confirmed version prints its snapshot, attendance included; any other is the version
    awaiting confirmation as it stands, marked "not yet approved".
    """
    minutes = (
        Minutes.objects.select_related("meeting", "agreement__institution", "agreement__group")
        .prefetch_related("action_items", "approvals__user", "approvals__officer")
        .get(pk=minutes.pk)
    )
    meeting, agreement = minutes.meeting, minutes.agreement
    revision = minutes.revisions.filter(version=version).first()
    shown = content.readable(revision.content if revision else content.snapshot(minutes))
    counted = shown.get("attendance") or content.attendance(
        meeting.attendance.all(), agreement.quorum_percent
    )
    context = {
        "agreement": agreement,
        "meeting": meeting,
        "minutes": minutes,
        "version": version,
        "shown": shown,
        "draft": revision is None,
        "confirmed": minutes.confirmed_version is not None,
        **counted,
        "institution_approval": minutes.approval_by(Party.INSTITUTION, version),
        "group_approval": minutes.approval_by(Party.GROUP, version),
        "verified": verification.printed(minutes, version) if revision else None,
        "printed_at": timezone.now(),
    }
    name = _("minutes %(date)s") % {"date": meeting.held_on.isoformat()}
    return "records/minutes_print.html", context, name
