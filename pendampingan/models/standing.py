"""How many things wait in an agreement for each side, kept between visits.

Working out what waits in an agreement reads its whole record (deviations, minutes, feedback,
approvals), so the dashboard and the waiting list must not do it for every agreement a
coordinator sees. Each agreement's counts are kept here: marked outdated by every change to the
agreement (its journal event), recounted on the next read or by ``manage.py refresh_standings``
(daily, since a date passing also makes things wait). The pages then work out the items of the
few agreements they show.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pendampingan.models.agreements import Agreement


class Standing(models.Model):
    AUDIENCES = ("coordinator", "facilitator", "group")

    agreement = models.OneToOneField(
        Agreement,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="standing",
        verbose_name=_("agreement"),
    )
    counted_on = models.DateField(_("counted on"))
    outdated = models.BooleanField(_("changed since counted"), default=False)
    # Every change adds one: a count taken while the agreement changed does not clear ``outdated``.
    changes = models.PositiveIntegerField(default=0)
    waiting_coordinator = models.PositiveIntegerField(default=0)
    waiting_facilitator = models.PositiveIntegerField(default=0)
    waiting_group = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("standing")
        verbose_name_plural = _("standings")
        indexes = [models.Index(fields=["outdated", "counted_on"], name="standing_to_recount")]

    def __str__(self):
        return f"{self.agreement_id}: {self.counted_on}"

    @classmethod
    def changed(cls, agreement_id):
        """Mark ``agreement_id``'s counts outdated; called in the transaction of every change
        (``journal.record``)."""
        cls.objects.filter(pk=agreement_id).update(outdated=True, changes=models.F("changes") + 1)

    @staticmethod
    def waiting_field(role):
        return f"waiting_{role}"
