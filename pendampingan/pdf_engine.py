"""WeasyPrint behind one function, loaded by ``pendampingan.pdf`` only when a PDF is drawn.

WeasyPrint takes about half a second to load: a web process that never prints, a reminder
job or a management command does not pay for it.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils._os import safe_join
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


def pdf_bytes(html):
    """The PDF of the page ``html``, with its stylesheets and images from the static files only."""
    return HTML(string=html, base_url=settings.SITE_URL, url_fetcher=LocalFetcher()).write_pdf()
