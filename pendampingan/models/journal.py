"""The journal: one event for every change to an agreement's record."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pendampingan.formatting import person_name
from pendampingan.models.agreements import Agreement
from pendampingan.models.base import Party, officer_field, officer_label


class JournalEvent(models.Model):
    """One change to an agreement's record, written by the service that made it, in its transaction.

    The agreement's journal page, a "changed since" feed and the audit trail read this one table.
    An event is never changed or removed; like an approval it keeps the acting officer's name and
    position as they were. ``summary`` holds plain values (a title, a status, an amount as text),
    not text for a page: each pillar's journal renderer tells the event in the reader's language.
    """

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="journal_events",
        db_index=False,
        verbose_name=_("agreement"),
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    officer = officer_field(_("acting officer"))
    officer_name = models.CharField(_("acting officer's name"), max_length=150, blank=True)
    officer_position = models.CharField(_("acting officer's position"), max_length=12, blank=True)
    # The party that acted, or "" for what both did together (a meeting held, minutes confirmed).
    party = models.CharField(_("party"), max_length=12, choices=Party.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    summary = models.JSONField(_("summary"), encoder=DjangoJSONEncoder, default=dict, blank=True)

    class Meta:
        verbose_name = _("journal event")
        verbose_name_plural = _("journal events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["agreement", "-occurred_at", "-id"], name="journal_agreement_newest"),
            models.Index(fields=["agreement", "kind"], name="journal_agreement_kind"),
            models.Index(fields=["occurred_at"], name="journal_occurred_at"),
        ]

    def __str__(self):
        return self.kind

    @property
    def who(self):
        """ "Siti Aminah (Ketua)" on a group's login, else the user's name."""
        if self.officer_name:
            return officer_label(self.officer_name, self.officer_position)
        return person_name(self.user) if self.user_id else ""
