from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class PreparedFile(models.Model):
    """A file a person asked for that takes a while to make (an export of many agreements), made by
    a job (``pendampingan.prepared``) and then theirs to download."""

    class Status(models.TextChoices):
        WAITING = "waiting", pgettext_lazy("file", "Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be prepared")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("asked by")
    )
    kind = models.CharField(_("kind"), max_length=40)
    # What was asked, as the page's query string: the filters of the list exported.
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    fmt = models.CharField(_("format"), max_length=8)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.WAITING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(_("file"), upload_to="prepared/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("prepared file")
        verbose_name_plural = _("prepared files")
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-asked_at"], name="prepared_by_owner")]

    def __str__(self):
        return f"{self.kind} {self.fmt} ({self.status})"

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0
