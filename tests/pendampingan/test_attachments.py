"""Uploaded files are judged by their content, photos are made small and lose their metadata."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from pendampingan import attachments, bounds
from tests.conftest import photo_bytes, upload

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
GPS = {1: "S", 2: (7.0, 21.0, 0.0), 3: "E", 4: (109.0, 14.0, 0.0)}  # a village in Banyumas
ORIENTATION, GPS_INFO = 0x0112, 0x8825


def office(main_type, part="word/document.xml", types=None):
    """A zip archive laid out like an Office file whose main part ``part`` has the type ``main_type``."""
    types = types or (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr(part, "<w:document/>")
    return out.getvalue()


def refusal(name, content):
    with pytest.raises(ValidationError) as refused:
        attachments.prepare(upload(name, content, "image/jpeg"))
    [message] = refused.value.messages
    assert name in message
    return message


def opened(content):
    return Image.open(io.BytesIO(content))


def test_it_refuses_a_file_named_jpg_that_is_really_html():
    message = refusal("foto.jpg", b"<html><script>alert(1)</script></html>")
    assert "JPEG" in message and "PDF" in message  # says what it does accept


def test_it_refuses_text_named_jpg():
    refusal("foto.jpg", "Catatan rapat, 12 Mei: tujuh anggota hadir — Sumarni.\n".encode())


def test_it_takes_a_pdf_named_jpg_for_the_pdf_it_is():
    prepared = attachments.prepare(upload("foto.jpg", PDF, "image/jpeg"))
    assert (prepared.content_type, prepared.content) == ("application/pdf", PDF)


def test_it_accepts_word_and_excel_files():
    assert attachments.prepare(upload("laporan.docx", office(WORD_MAIN))).content_type == attachments.DOCX
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    assert attachments.prepare(upload("kas.xlsx", out.getvalue())).content_type == attachments.XLSX


@pytest.mark.parametrize(
    "content",
    [
        office("text/plain"),
        office("application/vnd.ms-word.document.macroEnabled.main+xml"),  # a .docm, macros and all
        office(WORD_MAIN, part="elsewhere.xml"),  # names a main part it does not hold
        office(WORD_MAIN, types="<Types><Override"),  # not XML
        b"PK\x03\x04" + b"\x00" * 100,  # not a zip at all
    ],
)
def test_it_refuses_any_other_zip(content):
    refusal("arsip.docx", content)


def test_it_refuses_a_zip_bomb_without_unpacking_it():
    padding = " " * (attachments.CONTENT_TYPES_LIMIT + 1)
    refusal("bom.docx", office(WORD_MAIN, types=f"<Types>{padding}</Types>"))


def test_a_file_over_the_limit_is_refused_saying_its_size_and_the_limit():
    message = refusal("foto.jpg", b"%PDF-" + b"0" * (bounds.MAX_FILE_SIZE - 4))
    # Just over the limit reads as over it, in Indonesian figures.
    assert "10,1 MB" in message and "10 MB" in message


def test_a_file_at_the_limit_is_accepted():
    assert attachments.prepare(upload("a.pdf", b"%PDF-" + b"0" * (bounds.MAX_FILE_SIZE - 5))).size == (
        bounds.MAX_FILE_SIZE
    )


def test_a_large_photo_comes_back_phone_sized_without_its_gps_position():
    exif = Image.Exif()
    exif[GPS_INFO] = GPS
    exif[0x010F] = "Samsung"  # the maker, one of the many things a phone writes
    original = photo_bytes((4000, 3000), exif=exif)
    assert opened(original).getexif().get_ifd(GPS_INFO)
    prepared = attachments.prepare(upload("sawah.jpg", original))
    image = opened(prepared.content)
    assert (prepared.width, prepared.height) == (1600, 1200) == image.size
    assert prepared.content_type == "image/jpeg" and image.format == "JPEG"
    assert not image.getexif() and "exif" not in image.info
    assert b"Samsung" not in prepared.content
    assert opened(prepared.thumbnail).size == (320, 240)


def test_a_photo_taken_sideways_comes_back_upright():
    image = Image.new("RGB", (400, 300), (200, 0, 0))
    image.paste((0, 0, 200), (200, 0, 400, 300))  # red left half, blue right half
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # to be shown turned a quarter clockwise
    exif[GPS_INFO] = GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    prepared = attachments.prepare(upload("samping.jpg", out.getvalue()))
    upright = opened(prepared.content)
    assert upright.size == (300, 400)
    red, blue = upright.getpixel((150, 50)), upright.getpixel((150, 350))
    assert red[0] > 150 > red[2] and blue[2] > 150 > blue[0]
    assert ORIENTATION not in upright.getexif()


def test_a_photo_small_enough_keeps_its_size():
    prepared = attachments.prepare(upload("kecil.jpg", photo_bytes((800, 600))))
    assert (prepared.width, prepared.height) == (800, 600)


def test_a_png_with_transparency_stays_a_png_and_an_opaque_one_becomes_a_jpeg():
    out = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(out, "PNG")
    assert attachments.prepare(upload("logo.png", out.getvalue())).content_type == "image/png"
    out = io.BytesIO()
    Image.new("RGBA", (50, 50), (10, 20, 30, 255)).save(out, "PNG")
    assert attachments.prepare(upload("layar.png", out.getvalue())).content_type == "image/jpeg"


def test_a_webp_photo_is_accepted_as_a_jpeg():
    prepared = attachments.prepare(upload("foto.webp", photo_bytes(fmt="WEBP")))
    assert prepared.content_type == "image/jpeg" and opened(prepared.content).format == "JPEG"


def test_a_phone_photo_with_a_second_picture_inside_is_accepted():
    out = io.BytesIO()
    first, depth = Image.new("RGB", (640, 480), (90, 150, 70)), Image.new("RGB", (640, 480))
    first.save(out, "MPO", save_all=True, append_images=[depth])
    assert opened(out.getvalue()).format == "MPO"
    assert attachments.prepare(upload("kamera.jpg", out.getvalue())).content_type == "image/jpeg"


@pytest.mark.parametrize("size", [(10_000, 10_000), (8_000, 7_000)])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(size):
    out = io.BytesIO()
    Image.new("1", size).save(out, "PNG")
    refusal("bom.png", out.getvalue())


def test_a_damaged_photo_is_refused_with_a_message():
    out = io.BytesIO()
    Image.effect_noise((64, 48), 60).save(out, "PNG")
    damaged = bytearray(out.getvalue())
    damaged[-40] ^= 0xFF  # a bit of the picture flipped: its checksum no longer holds
    refusal("rusak.png", bytes(damaged))


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("C:\\Users\\Sumarni\\Pictures\\foto.jpg", "foto.jpg"),
        ("../../etc/passwd", "passwd"),
        ("  laporan\u202egpj.exe ", "laporangpj.exe"),  # no text turned round to hide what it is
        ("daftar\x00hadir.pdf", "daftarhadir.pdf"),
        ("...", "file"),
        ("a" * 300 + ".pdf", "a" * (bounds.FILE_NAME_LENGTH - 4) + ".pdf"),
    ],
)
def test_the_name_a_file_came_with_is_cleaned(sent, kept):
    assert attachments.clean_name(sent) == kept


def test_the_field_reports_every_bad_file_and_keeps_none():
    field = attachments.MultipleFileField()
    with pytest.raises(ValidationError) as refused:
        field.clean([upload("a.jpg", photo_bytes()), upload("b.exe", b"MZ\x90\x00"), upload("c.txt", b"x")])
    messages = refused.value.messages
    assert len(messages) == 2 and "b.exe" in messages[0] and "c.txt" in messages[1]


def test_the_field_takes_at_most_ten_files_at_once():
    field = attachments.MultipleFileField()
    assert len(field.clean([upload(f"{n}.pdf", PDF) for n in range(bounds.MAX_FILES)])) == bounds.MAX_FILES
    with pytest.raises(ValidationError):
        field.clean([upload(f"{n}.pdf", PDF) for n in range(bounds.MAX_FILES + 1)])


def test_the_field_says_which_types_it_accepts():
    html = str(attachments.MultipleFileField().widget.render("files", None))
    assert 'accept="image/jpeg,image/png,image/webp,application/pdf' in html and "multiple" in html
