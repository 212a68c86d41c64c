"""Printed documents as PDF files, drawn by WeasyPrint from the same templates as the print pages.

An approved version of a document is drawn once, when both parties have approved it, and
kept in the file storage: every later download of that version is that same file, so a
file someone holds can be compared byte for byte with it (``pendampingan.verification``). A kept
file gone from the storage is drawn again from the same approved content.
"""

import contextlib
import hashlib
import logging
import threading
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django_tasks import task

from pendampingan import files, jobs, verification

logger = logging.getLogger(__name__)


def draw(template, context):
    """The PDF's bytes: ``template`` (extending print_base.html, which lays out A4 pages when
    ``pdf`` is true) rendered with ``context``. No request is involved: a job or the approval of a
    document draws the same file as a page does."""
    html = render_to_string(template, {**context, "pdf": True})
    # Here rather than at the top: only a process that draws a PDF loads WeasyPrint.
    from pendampingan import pdf_engine

    return pdf_engine.pdf_bytes(html)


def file_name(filename):
    # "2026–2027" stays two years: slugify would drop the dash and join them.
    return (slugify(filename.replace("–", "-").replace("—", "-")) or "document") + ".pdf"


def render_pdf(template, context, filename):
    """``template`` rendered with ``context`` as a PDF download named ``filename``.pdf."""
    return download(draw(template, context), file_name(filename))


def download(data, name):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def document_pdf(document, version):
    """The PDF of ``document``'s ``version``: the file kept since its approval, or, for a draft or
    a version awaiting approval, drawn now with the "not yet approved" mark.

    The caller has checked that whoever asks may see the document.
    """
    found = verification.of(document, version)
    if found is None:
        return render_pdf(*verification.printers[type(document)](document, version))
    if found.pdf:
        try:
            return _served(found)
        except FileNotFoundError:
            logger.warning("The kept PDF of %s is gone from the storage: drawn again", found)
            found = keep(found, gone=found.pdf.name)
    else:
        # Keeping it at the approval failed every time: this is one more try, drawn from the
        # same approved content, so it is the file the approval would have kept.
        found = keep(found)
    return _served(found)


def _served(found):
    return files.serve(
        found.pdf, Path(found.pdf.name).name, content_type="application/pdf", as_attachment=True
    )


def keep(found, gone=None):
    """Draw the approved version ``found`` (a Verification) and keep the file, unless kept already
    (a file named ``gone``, found missing from the storage, is drawn and kept again).

    Drawn before the verification's row is locked, so a second or so of layout never holds up
    other writers; kept under the lock, so two tries at once keep one file. It is drawn in the
    site's language: the kept file is the same for everyone. A storage that cannot be reached
    raises ``files.StorageUnavailable`` and keeps nothing.
    """
    document = found.document
    with translation.override(settings.LANGUAGE_CODE):
        template, context, filename = verification.printers[type(document)](document, found.version)
        data = draw(template, context)
    with transaction.atomic():
        found = found.__class__.objects.select_for_update().get(pk=found.pk)
        if found.pdf and found.pdf.name != gone:
            return found
        with files.reaching():
            found.pdf.save(f"{found.code}/{file_name(filename)}", ContentFile(data), save=False)
        found.pdf_sha256 = hashlib.sha256(data).hexdigest()
        found.save(update_fields=["pdf", "pdf_sha256"])
    return found


# How often the approval tries to keep a file before leaving it to ``manage.py keep_pdfs``.
KEEP_TRIES = 3


def keep_now(found):
    """Keep ``found``'s file, trying again after a failure; True once it exists."""
    for attempt in range(1, KEEP_TRIES + 1):
        try:
            keep(found)
            return True
        except Exception:
            logger.exception("Could not keep the PDF of %s (try %s of %s)", found, attempt, KEEP_TRIES)
    return False


_deferred = threading.local()


@contextlib.contextmanager
def kept_later():
    """Approvals inside leave their PDFs to ``manage.py keep_pdfs`` (or the first download) instead
    of drawing them as they commit: for a channel that approves thousands of documents at once, such
    as ``seed_scale``. The approvals, their codes and their records are the same."""
    _deferred.on = True
    try:
        yield
    finally:
        _deferred.on = False


def keep_approved(subject):
    """Keep the PDFs of what ``subject``'s approval by both parties made approved: a job queued in
    the approval's transaction (``keep_pdfs``), so the approval never waits for the drawing and
    the job exists exactly when the approval does. Called by the approval itself, whatever channel
    approved. The worker tries again after a failure; the first download draws a file still missing.
    """
    if getattr(_deferred, "on", False):
        return
    approved = [verification.of(document, version) for document, version in subject.verified_documents()]
    pks = [found.pk for found in approved if found is not None]
    if pks:
        jobs.later(keep_pdfs, pks, slow=True)


def missing():
    """The approved versions whose file is not kept yet."""
    from pendampingan.models import Verification

    return Verification.objects.filter(pdf="").order_by("issued_at", "pk")


@task()
def keep_pdfs(verification_pks):
    """The job keeping the PDF of each approved version named (``Verification`` pks), unless kept."""
    from pendampingan.models import Verification

    for found in Verification.objects.filter(pk__in=verification_pks, pdf="").order_by("pk"):
        keep(found)


@jobs.daily("keep_missing_pdfs")
@task()
def keep_missing_pdfs():
    """The daily job keeping the approved versions' files still missing (tries that failed)."""
    keep_pdfs.call(list(missing().values_list("pk", flat=True)))
