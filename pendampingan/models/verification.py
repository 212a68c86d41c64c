"""The verification codes of approved documents."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pendampingan import codes
from pendampingan.models.agreements import Agreement
from pendampingan.models.base import Party


class Verification(models.Model):
    """The verification code of one approved version of a document, with the digest of its content.

    Issued when both parties have approved (``pendampingan.verification``); never changed afterwards.
    """

    code = models.CharField(_("verification code"), max_length=16, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField(_("version"))
    digest = models.CharField(_("SHA-256 of the approved content"), max_length=64, editable=False)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now, editable=False)
    # The PDF drawn once when the version was approved; every later download is this file.
    pdf = models.FileField(_("kept PDF"), upload_to="verified/", blank=True, editable=False)
    pdf_sha256 = models.CharField(_("SHA-256 of the kept PDF"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "version"], name="one_code_per_approved_version"
            ),
        ]

    def __str__(self):
        return codes.written(self.code)

    def approvals(self):
        """The two approvals that made this version approved: (institution's, group's).

        A version of an agreement made by an amendment was approved on the amendment.
        """
        document, version = self.document, self.version
        subject, subject_version = document, version
        if isinstance(document, Agreement) and version > 1:
            adopted = document.amendments.filter(adopted_as_version=version).first()
            subject, subject_version = document.approved_through(version, adopted)
        return subject.approval_by(Party.INSTITUTION, subject_version), subject.approval_by(
            Party.GROUP, subject_version
        )
