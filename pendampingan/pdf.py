"""Printed documents as PDF files, drawn by WeasyPrint from the same templates as the print pages.

An approved version of a document is drawn once, when both parties have approved it, and
kept in the media storage: every later download of that version is that same file, so a
file someone holds can be compared byte for byte with it (``pendampingan.verification``).
"""

import hashlib
import logging
import mimetypes
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils._os import safe_join
from django.utils.text import slugify
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from pendampingan import verification

logger = logging.getLogger(__name__)


class LocalFetcher(URLFetcher):
    """Reads /static/ files from disk and refuses every other address.

    A PDF is drawn while its request waits: fetching our own stylesheets over HTTP
    would tie up a second worker, and fetching anything else would let a document
    reach the network.
    """

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = unquote(urlsplit(url).path)
        prefix = "/" + settings.STATIC_URL.lstrip("/")
        if not path.startswith(prefix):
            raise ValueError(f"Only static files go into a PDF, not {url}")
        filename = static_file(path.removeprefix(prefix))
        if filename is None:
            raise FileNotFoundError(path)
        mime_type, _encoding = mimetypes.guess_type(filename)
        headers = {"Content-Type": mime_type or "application/octet-stream"}
        return URLFetcherResponse(url, Path(filename).read_bytes(), headers)


def static_file(name):
    """The file on disk behind a static name: in the sources, or collected (under its hashed name).

    The sources come first, so a folder collected before a change cannot print an old stylesheet.
    """
    found = finders.find(name)
    if found:
        return found
    if settings.STATIC_ROOT:
        collected = Path(safe_join(settings.STATIC_ROOT, name))
        if collected.is_file():
            return str(collected)
    return None


def draw(request, template, context):
    """The PDF's bytes: ``template`` (extending print_base.html, which lays out A4 pages when
    ``pdf`` is true) rendered with ``context``."""
    html = render_to_string(template, {**context, "pdf": True}, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=LocalFetcher())
    return document.write_pdf()


def file_name(filename):
    # "2026–2027" stays two years: slugify would drop the dash and join them.
    return (slugify(filename.replace("–", "-").replace("—", "-")) or "document") + ".pdf"


def render_pdf(request, template, context, filename):
    """``template`` rendered with ``context`` as a PDF download named ``filename``.pdf."""
    return download(draw(request, template, context), file_name(filename))


def download(data, name):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def document_pdf(request, document, version, printed=None):
    """The PDF of ``document``'s ``version``: the file kept since its approval, or, for a draft or
    a version awaiting approval, drawn now with the "not yet approved" mark.

    ``printed()`` gives (template, context, filename); by default the function registered for
    the document's kind (``verification.register_printer``) is asked. The caller has checked
    that ``request``'s user may see the document.
    """
    if printed is None:
        printed = partial(verification.printers[type(document)], request, document, version)
    found = verification.of(document, version)
    if found is None:
        return render_pdf(request, *printed())
    found = keep(request, found, printed)
    with found.pdf.open("rb") as kept:
        return download(kept.read(), Path(found.pdf.name).name)


def keep(request, found, printed=None):
    """Draw the approved version ``found`` (a Verification) and keep the file, unless kept already.

    Under the verification's row lock, so two first downloads at once keep one file. It is
    drawn in the site's language whoever asks first: the kept file is the same for everyone.
    """
    with transaction.atomic():
        found = found.__class__.objects.select_for_update().get(pk=found.pk)
        if found.pdf:
            return found
        if printed is None:
            document = found.document
            printed = partial(verification.printers[type(document)], request, document, found.version)
        with translation.override(settings.LANGUAGE_CODE):
            template, context, filename = printed()
            data = draw(request, template, context)
        found.pdf.save(f"{found.code}/{file_name(filename)}", ContentFile(data), save=False)
        found.pdf_sha256 = hashlib.sha256(data).hexdigest()
        found.save(update_fields=["pdf", "pdf_sha256"])
    return found


def keep_approved(request, subject):
    """Keep the PDFs of what ``subject``'s approval by both parties made approved, once it is saved.

    A failure here does not undo the approval: the first download draws the file instead.
    """

    def kept():
        for document, version in subject.verified_documents():
            found = verification.of(document, version)
            if found is None:
                continue
            try:
                keep(request, found)
            except Exception:
                logger.exception("Could not keep the PDF of %s version %s", document, version)

    transaction.on_commit(kept)
