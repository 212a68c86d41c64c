"""What a user may do with meetings, minutes and records: decided through the agreement's access."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pendampingan import access
from pendampingan.access import Denied, allowed_if
from records.models import ActivityRecord, Meeting, Minutes


@dataclass
class RecordsAccess(access.ContentAccess):
    meeting: Meeting | None = None
    record: ActivityRecord | None = None

    @property
    def can_write(self):
        """Either party calls meetings, takes attendance, writes minutes and records: a shared record."""
        return self.can_contribute

    def can_change_meeting(self, meeting):
        if not self.can_write:
            return self.can_write
        if meeting.is_cancelled:
            return Denied(_("This meeting was cancelled."))
        return True

    def can_cancel(self, meeting):
        if not self.can_write:
            return self.can_write
        return allowed_if(meeting.status == Meeting.Status.PLANNED, _("Only a planned meeting is cancelled."))

    def can_take_attendance(self, meeting):
        if not self.can_change_meeting(meeting):
            return self.can_change_meeting(meeting)
        return allowed_if(
            meeting.held_on <= timezone.localdate(),
            _("Attendance is taken on the day of the meeting or later."),
        )

    def can_write_minutes(self, meeting):
        if not self.can_write:
            return self.can_write
        return allowed_if(
            meeting.is_held, _("Minutes are written once the meeting's attendance is recorded.")
        )

    @property
    def can_confirm(self):
        """Minutes are confirmed by someone who was there for each party: the group's officers on the
        group's login, and the facilitator or the coordinator for the institution."""
        return self.can_approve_kind(
            Minutes, _("The minutes are confirmed by the group's officers and by the institution's staff.")
        )

    def can_edit_record(self, record):
        if not self.can_write:
            return self.can_write
        return allowed_if(
            record.author_party == self.party,
            _("Only the party that wrote this record changes it; answer it with feedback instead."),
        )

    @property
    def can_answer(self):
        return self.can_write


def get_meeting_access(actor, agreement_pk, meeting_pk):
    """``actor``'s records access with the agreement's meeting ``meeting_pk``; else 404."""
    records_access = RecordsAccess.for_actor(actor, agreement_pk)
    records_access.meeting = access.get_child(
        Meeting.objects.select_related("minutes"), meeting_pk, agreement=records_access.agreement
    )
    return records_access


def get_record_access(actor, agreement_pk, record_pk):
    """``actor``'s records access with the agreement's activity record ``record_pk``; else 404."""
    records_access = RecordsAccess.for_actor(actor, agreement_pk)
    records_access.record = access.get_child(
        ActivityRecord.objects.all(), record_pk, agreement=records_access.agreement
    )
    return records_access


def minutes_of(meeting):
    """The meeting's minutes, or None."""
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None
