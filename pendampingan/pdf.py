"""Printed documents as PDF files, drawn by WeasyPrint from the same templates as the print pages."""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils._os import safe_join
from django.utils.text import slugify
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


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
    """The file on disk behind a static name: collected (with its hashed name) or in the sources."""
    if settings.STATIC_ROOT:
        collected = Path(safe_join(settings.STATIC_ROOT, name))
        if collected.is_file():
            return str(collected)
    return finders.find(name)


def render_pdf(request, template, context, filename):
    """``template`` rendered with ``context`` as a PDF download named ``filename``.pdf.

    The template extends print_base.html, which lays out A4 pages when ``pdf`` is true.
    """
    html = render_to_string(template, {**context, "pdf": True}, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=LocalFetcher())
    response = HttpResponse(document.write_pdf(), content_type="application/pdf")
    # "2026–2027" stays two years: slugify would drop the dash and join them.
    name = slugify(filename.replace("–", "-").replace("—", "-")) or "document"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
