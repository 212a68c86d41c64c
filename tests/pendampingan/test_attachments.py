"""Uploaded files are judged by their content, photos are made small and lose their metadata."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from pendampingan import attachments
from tests.conftest import photo_bytes, upload

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def office(main_part):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", f'<Types><Override ContentType="{main_part}"/></Types>')
        archive.writestr("word/document.xml", "<w/>")
    return out.getvalue()


def test_a_file_named_jpg_that_is_html_is_refused():
    with pytest.raises(ValidationError) as refused:
        attachments.prepare(upload("foto.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"))
    assert "foto.jpg" in refused.value.messages[0]


def test_a_pdf_named_jpg_is_taken_for_the_pdf_it_is():
    prepared = attachments.prepare(upload("foto.jpg", PDF, "image/jpeg"))
    assert prepared.content_type == "application/pdf"


def test_word_and_excel_files_are_accepted_and_other_zips_refused():
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    assert attachments.prepare(upload("laporan.docx", office(docx))).content_type == attachments.DOCX
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    assert attachments.prepare(upload("kas.xlsx", office(xlsx))).content_type == attachments.XLSX
    with pytest.raises(ValidationError):
        attachments.prepare(upload("arsip.zip", office("text/plain")))


def test_a_file_over_the_limit_is_refused_saying_its_size(settings):
    big = upload("video.pdf", b"%PDF-" + b"0" * attachments.MAX_FILE_SIZE)
    with pytest.raises(ValidationError) as refused:
        attachments.prepare(big)
    message = refused.value.messages[0]
    assert "video.pdf" in message and ("10,0" in message or "10.0" in message)


def test_a_large_photo_comes_back_phone_sized_upright_and_without_its_metadata():
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone turned: to be rotated a quarter turn
    exif[0x8825] = {1: "S", 2: (7.0, 21.0, 0.0)}  # a GPS position
    prepared = attachments.prepare(upload("sawah.jpg", photo_bytes((4000, 3000), exif=exif)))
    image = Image.open(io.BytesIO(prepared.content))
    assert (prepared.width, prepared.height) == (1200, 1600) == image.size
    assert not image.getexif()
    assert prepared.thumbnail and max(Image.open(io.BytesIO(prepared.thumbnail)).size) == 320


def test_a_png_with_transparency_stays_a_png():
    out = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(out, "PNG")
    assert attachments.prepare(upload("logo.png", out.getvalue())).content_type == "image/png"


def test_a_decompression_bomb_is_refused():
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")
    with pytest.raises(ValidationError):
        attachments.prepare(upload("bom.png", out.getvalue()))


def test_the_field_reports_every_bad_file_and_keeps_none():
    field = attachments.MultipleFileField()
    with pytest.raises(ValidationError) as refused:
        field.clean([upload("a.jpg", photo_bytes()), upload("b.exe", b"MZ\x90\x00")])
    assert len(refused.value.messages) == 1 and "b.exe" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        field.clean([upload(f"{n}.pdf", PDF) for n in range(attachments.MAX_FILES + 1)])
