"""What the meetings show as deviations, registered with monitoring's rules.

"Pertemuan anggota secara rutin yang wajib dihadiri oleh segenap fungsionaris
kelompok maupun pendamping": a meeting not held concerns both parties, a quorum
not reached and an officer absent concern the group, the facilitator absent
concerns the institution. Two queries for every agreement of the snapshot.
"""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring.deviations import Deviation, Rule
from pendampingan.models import Party
from plans.models import Responsibility
from records.models import Attendance, Meeting

DAY = datetime.timedelta(days=1)


def _meetings(snapshot):
    """Meetings up to today of the snapshot's agreements, within their periods, with attendance.

    A meeting held today counts as soon as its attendance is saved: an absence is
    seen the same day, not the day after.
    """

    def load(s):
        # Members are counted by the database (the quorum needs only how many came); only the
        # rows a deviation names are read: officers (required) and the institution's staff.
        member = Q(attendance__member__isnull=False)
        found = list(
            Meeting.objects.filter(agreement__in=list(s.agreements), held_on__lte=s.today)
            .annotate(
                members=Count("attendance", filter=member),
                members_present=Count(
                    "attendance", filter=member & Q(attendance__status=Attendance.Status.PRESENT)
                ),
            )
            .order_by("held_on", "pk")
        )
        found = [
            m
            for m in found
            if s.agreements[m.agreement_id].start_date <= m.held_on <= s.agreements[m.agreement_id].end_date
        ]
        rows = {}
        named = Attendance.objects.filter(
            Q(required=True) | Q(staff__isnull=False),
            meeting__agreement__in=list(s.agreements),
            meeting__held_on__lte=s.today,
            meeting__status=Meeting.Status.HELD,
        ).order_by("meeting_id", "staff_id", "-required", "name", "pk")
        for row in named:
            rows.setdefault(row.meeting_id, []).append(row)
        for meeting in found:
            held = meeting.status == Meeting.Status.HELD
            meeting.rows = rows.get(meeting.pk, [])
            if not held:
                meeting.members = meeting.members_present = 0
        return found

    return snapshot.load("meetings", load)


def _deviation(meeting, kind, party, title, detail, key=None):
    return Deviation(
        agreement_id=meeting.agreement_id,
        kind=kind,
        key=f"{key or kind}:{meeting.pk}",
        party=party,
        title=title,
        detail=detail,
        since=meeting.held_on + DAY if kind == "meeting_not_held" else meeting.held_on,
        url=reverse("records:meeting", kwargs={"pk": meeting.agreement_id, "meeting_pk": meeting.pk}),
    )


def _when(meeting):
    return date_format(meeting.held_on)


def meeting_not_held(snapshot):
    """A meeting whose day passed with no attendance recorded, or a scheduled one cancelled."""
    for meeting in _meetings(snapshot):
        if meeting.held_on >= snapshot.today:
            continue
        if meeting.status == Meeting.Status.PLANNED:
            detail = _("no attendance was recorded for %(date)s") % {"date": _when(meeting)}
        elif meeting.is_cancelled and meeting.scheduled:
            detail = _("cancelled: %(reason)s") % {"reason": meeting.cancel_reason}
        else:
            continue
        title = _("Meeting not held: %(title)s, %(date)s") % {"title": meeting.title, "date": _when(meeting)}
        yield _deviation(meeting, "meeting_not_held", Responsibility.BOTH, title, detail)


def quorum_not_met(snapshot):
    for meeting in _meetings(snapshot):
        members, present = meeting.members, meeting.members_present
        if not members:
            continue
        quorum = snapshot.agreements[meeting.agreement_id].quorum_percent
        if present * 100 < quorum * members:
            yield _deviation(
                meeting,
                "quorum_not_met",
                Party.GROUP,
                _("Quorum not met: meeting of %(date)s") % {"date": _when(meeting)},
                _("%(present)s of %(members)s members present; the quorum is %(quorum)s%%")
                % {"present": present, "members": members, "quorum": quorum},
            )


def _absent(rows):
    return ", ".join(
        f"{r.name} ({r.get_status_display().lower()})" if r.status == Attendance.Status.EXCUSED else r.name
        for r in rows
    )


def required_absent(snapshot):
    """Officers absent (the group's) and no facilitator of the agreement present (the institution's)."""
    for meeting in _meetings(snapshot):
        officers = [r for r in meeting.rows if r.member_id and r.required and not r.is_present]
        if officers:
            yield _deviation(
                meeting,
                "required_absent",
                Party.GROUP,
                _("Officers absent: meeting of %(date)s") % {"date": _when(meeting)},
                _absent(officers),
                key="officer_absent",
            )
        staff = [r for r in meeting.rows if r.staff_id]
        if staff and not any(r.is_present for r in staff):
            yield _deviation(
                meeting,
                "required_absent",
                Party.INSTITUTION,
                _("Facilitator absent: meeting of %(date)s") % {"date": _when(meeting)},
                _absent(staff),
                key="facilitator_absent",
            )


RULES = [
    Rule("meeting_not_held", gettext_lazy("Meeting not held"), meeting_not_held),
    Rule("quorum_not_met", gettext_lazy("Quorum not met"), quorum_not_met),
    Rule("required_absent", gettext_lazy("Officer or facilitator absent"), required_absent),
]
