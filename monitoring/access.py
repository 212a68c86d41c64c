"""What a user may do with progress: decided through the agreement's access, like every pillar."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from monitoring.models import ActivityProgress, CorrectiveAction, IndicatorValue, ReportedDeviation
from pendampingan import access
from pendampingan.access import Denied


@dataclass
class MonitoringAccess(access.ContentAccess):
    entry: ActivityProgress | None = None
    value: IndicatorValue | None = None
    report: ReportedDeviation | None = None
    action: CorrectiveAction | None = None

    @property
    def can_report(self):
        """Either party records progress: monitoring runs both ways."""
        return self.can_contribute

    def can_edit_entry(self, entry):
        """An entry (of progress or an indicator's value) is its author party's record.

        The other party adds its own entry instead.
        """
        if not self.can_report:
            return self.can_report
        if entry.author_party != self.party:
            return Denied(
                _("Only the party that wrote this entry changes it; add your own entry to say otherwise.")
            )
        return True

    def latest_entry(self, activity_key):
        """The agreement's latest progress entry of the activity, whichever party wrote it; or None."""
        return self.agreement.progress.filter(activity_key=activity_key).select_related("created_by").last()

    def latest_value(self, indicator_key):
        """The agreement's latest value of the indicator, whichever party recorded it; or None."""
        return (
            self.agreement.indicator_values.filter(indicator_key=indicator_key)
            .select_related("created_by")
            .last()
        )

    def can_change_report(self, report):
        """A reported deviation is its reporter's word: only that party changes or withdraws it."""
        if report.withdrawn_at is not None:
            return Denied(_("This report was withdrawn."))
        return self.can_edit_entry(report)

    def can_edit_action(self, action):
        """The party that opened a corrective action changes it while it is open."""
        if not self.can_report:
            return self.can_report
        if action.status != CorrectiveAction.Status.OPEN:
            return Denied(_("Only an open corrective action is changed."))
        if action.author_party != self.party:
            return Denied(_("Only the party that opened this corrective action changes it."))
        return True

    def can_mark_done(self, action):
        """The owner party says it is done; it is not closed until the other party confirms."""
        if not self.can_report:
            return self.can_report
        if action.status != CorrectiveAction.Status.OPEN:
            return Denied(_("It is not open."))
        if action.owner_party != self.party:
            return Denied(
                _("Only its owner, %(party)s, marks it done.") % {"party": action.get_owner_party_display()}
            )
        return True

    def can_confirm(self, action):
        """The party that does not own it confirms it is done, or reopens it: never the owner."""
        if not self.can_report:
            return self.can_report
        if action.status != CorrectiveAction.Status.DONE:
            return Denied(_("It is not marked done."))
        if action.confirming_party != self.party:
            return Denied(_("Only the other party confirms or reopens what its owner marked done."))
        return True


def _child_access(actor, agreement_pk, attribute, queryset, pk):
    monitoring_access = MonitoringAccess.for_actor(actor, agreement_pk)
    found = access.get_child(queryset, pk, agreement=monitoring_access.agreement)
    setattr(monitoring_access, attribute, found)
    return monitoring_access


def get_entry_access(actor, agreement_pk, entry_pk):
    """``actor``'s monitoring access with the agreement's progress entry ``entry_pk``; else 404."""
    return _child_access(actor, agreement_pk, "entry", ActivityProgress.objects.all(), entry_pk)


def get_value_access(actor, agreement_pk, value_pk):
    """``actor``'s monitoring access with the agreement's indicator value ``value_pk``; else 404."""
    return _child_access(actor, agreement_pk, "value", IndicatorValue.objects.all(), value_pk)


def get_report_access(actor, agreement_pk, reported_pk):
    """``actor``'s monitoring access with the deviation reported as ``reported_pk``; else 404."""
    return _child_access(actor, agreement_pk, "report", ReportedDeviation.objects.all(), reported_pk)


def get_action_access(actor, agreement_pk, action_pk):
    """``actor``'s monitoring access with the agreement's corrective action ``action_pk``; else 404."""
    return _child_access(actor, agreement_pk, "action", CorrectiveAction.objects.all(), action_pk)
