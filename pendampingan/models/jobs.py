from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyRun(models.Model):
    """A daily job queued for a day (``pendampingan.jobs.queue_daily``): claimed by the first
    worker to look, so that two workers queue it once."""

    name = models.CharField(_("job"), max_length=64)
    day = models.DateField(_("day"))
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("daily job run")
        verbose_name_plural = _("daily job runs")
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="daily_job_once_a_day")]

    def __str__(self):
        return f"{self.name} {self.day}"
