import pytest
from django.core.exceptions import SuspiciousFileOperation

from pendampingan.pdf import render_pdf
from pendampingan.pdf_engine import LocalFetcher


def test_it_reads_static_files_from_disk():
    response = LocalFetcher().fetch("http://testserver/static/css/app.css")
    assert b".money" in response.read()
    assert response.headers.get_content_type() == "text/css"


@pytest.mark.parametrize("url", ["http://testserver/media/foto.jpg", "file:///etc/passwd"])
def test_it_fetches_nothing_else(url):
    with pytest.raises(ValueError):
        LocalFetcher().fetch(url)


def test_it_never_goes_to_the_network():
    # Another host's /static/ address is looked up on our disk, where it is missing.
    with pytest.raises(FileNotFoundError):
        LocalFetcher().fetch("https://example.com/static/logo.png")


def test_it_stays_inside_the_static_files():
    with pytest.raises((SuspiciousFileOperation, FileNotFoundError)):
        LocalFetcher().fetch("http://testserver/static/../pendampingan/settings.py")


def test_it_names_the_download_after_the_document(settings, tmp_path):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    (tmp_path / "doc.html").write_text("<p>{{ text }}</p>")
    response = render_pdf("doc.html", {"text": "Berita acara"}, "Rencana 2026–2027 / Tahap 1")
    assert response["Content-Disposition"] == 'attachment; filename="rencana-2026-2027-tahap-1.pdf"'
    assert response.content.startswith(b"%PDF")
