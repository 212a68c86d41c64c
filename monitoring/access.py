"""What a user may do with progress: decided through the agreement's access, like every pillar."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from monitoring.models import ActivityProgress, IndicatorValue
from pendampingan import access
from pendampingan.access import Denied


@dataclass
class MonitoringAccess(access.ContentAccess):
    entry: ActivityProgress | None = None
    value: IndicatorValue | None = None

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


def get_monitoring_access(request, agreement_pk, entry_pk=None, value_pk=None):
    """The agreement's monitoring access, with its progress entry ``entry_pk`` or indicator value
    ``value_pk``; else 404."""
    monitoring_access = MonitoringAccess.for_request(request, agreement_pk)
    if entry_pk is not None:
        monitoring_access.entry = access.get_child(
            ActivityProgress.objects.all(), entry_pk, agreement=monitoring_access.agreement
        )
    if value_pk is not None:
        monitoring_access.value = access.get_child(
            IndicatorValue.objects.all(), value_pk, agreement=monitoring_access.agreement
        )
    return monitoring_access
