"""Files attached to records — photos, scanned lists, documents — for every pillar.

An upload is trusted for nothing it says about itself: its type is read from its
content, a photo is decoded and encoded again (turned upright, at most
``PHOTO_LONG_SIDE`` pixels, with its metadata — the phone's GPS position among
it — left behind), and its stored name is random. Files live in the default
storage (a local folder or S3-compatible), and are only ever served through a
view that reached their record through the access module.
"""

import io
import uuid
import warnings
import zipfile
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from pendampingan.models import Authored

MB = 1024 * 1024
MAX_FILE_SIZE = 10 * MB
MAX_FILES = 10
PHOTO_LONG_SIDE = 1600
THUMBNAIL_SIDE = 320
# A photo of more pixels than a 50-megapixel camera takes is refused before it is decoded.
Image.MAX_IMAGE_PIXELS = 50_000_000

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf", DOCX: "docx", XLSX: "xlsx"}
KIND_LABELS = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/pdf": "PDF",
    DOCX: "Word",
    XLSX: "Excel",
}
# What the main part of an Office file is called in its [Content_Types].xml.
OFFICE_PARTS = {
    b"wordprocessingml.document.main+xml": DOCX,
    b"spreadsheetml.sheet.main+xml": XLSX,
}
ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.docx,.xlsx"
ACCEPTED_TEXT = _("photos (JPEG, PNG, WebP), PDF, Word (.docx) and Excel (.xlsx) files")


@dataclass
class Prepared:
    """An upload checked and made ready to store."""

    name: str
    content: bytes
    content_type: str
    width: int | None = None
    height: int | None = None
    thumbnail: bytes | None = None

    @property
    def size(self):
        return len(self.content)


def _megabytes(size):
    return number_format(size / MB, decimal_pos=1)


def _refuse(name, message, **params):
    raise ValidationError(message, params={"name": name, **params})


def _office_type(data, name):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, RuntimeError, ValueError):
        return None
    return next((kind for part, kind in OFFICE_PARTS.items() if part in types), None)


def _encode(image, transparent):
    out = io.BytesIO()
    if transparent:
        image.save(out, "PNG", optimize=True)
    else:
        image.convert("RGB").save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()


def _photo(data, name):
    """The photo upright, small enough for a phone, without its metadata; None if not a photo."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in {"JPEG", "PNG", "WEBP"}:
                    return None
                probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(name, _("%(name)s has too many pixels to be a photo."))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    image = ImageOps.exif_transpose(image)
    transparent = image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info)
    image.thumbnail((PHOTO_LONG_SIDE, PHOTO_LONG_SIDE))
    content = _encode(image, transparent)
    small = image.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    return Prepared(
        name=name,
        content=content,
        content_type="image/png" if transparent else "image/jpeg",
        width=image.width,
        height=image.height,
        thumbnail=_encode(small, transparent),
    )


def prepare(upload):
    """Check an uploaded file by its content and make it ready to store; a ``ValidationError`` if not."""
    name = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:120] or "file"
    if upload.size > MAX_FILE_SIZE:
        _refuse(
            name,
            _("%(name)s is %(size)s MB; a file may be at most %(limit)s MB."),
            size=_megabytes(upload.size),
            limit=MAX_FILE_SIZE // MB,
        )
    upload.seek(0)
    data = upload.read()
    if data.startswith(b"%PDF-"):
        return Prepared(name=name, content=data, content_type="application/pdf")
    if data.startswith(b"PK\x03\x04"):
        kind = _office_type(data, name)
        if kind:
            return Prepared(name=name, content=data, content_type=kind)
    else:
        photo = _photo(data, name)
        if photo is not None:
            return photo
    _refuse(name, _("%(name)s is not a file this accepts: %(accepted)s."), accepted=ACCEPTED_TEXT)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, each checked by ``prepare``; cleans to a list of ``Prepared``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("Photos or documents, at most %(count)s files of %(limit)s MB each.")
            % {"count": MAX_FILES, "limit": MAX_FILE_SIZE // MB},
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        if len(uploads) > MAX_FILES:
            raise ValidationError(_("At most %(count)s files at once."), params={"count": MAX_FILES})
        prepared, errors = [], []
        for upload in uploads:
            upload = super().clean(upload, initial)
            try:
                prepared.append(prepare(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return prepared


def _path(instance, filename):
    now = timezone.now()
    extension = filename.rsplit(".", 1)[-1]
    return f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Attachment(Authored):
    """A file attached to a record. Concrete models add the foreign key to what it belongs to."""

    file = models.FileField(_("file"), upload_to=_path, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def is_image(self):
        return self.content_type.startswith("image/")

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.content_type, self.content_type)

    @property
    def size_label(self):
        if self.size < MB:
            return f"{number_format(self.size / 1024, decimal_pos=0)} KB"
        return f"{_megabytes(self.size)} MB"


def attach(model, *, actor, prepared, **parent):
    """Store ``prepared`` as a new ``model`` attachment of ``parent``, written by ``actor``."""
    attachment = model(
        **parent,
        original_name=prepared.name,
        content_type=prepared.content_type,
        size=prepared.size,
        width=prepared.width,
        height=prepared.height,
    )
    attachment.stamp(actor)
    extension = EXTENSIONS.get(prepared.content_type, "bin")
    attachment.file.save(f"f.{extension}", ContentFile(prepared.content), save=False)
    if prepared.thumbnail:
        attachment.thumbnail.save(f"t.{extension}", ContentFile(prepared.thumbnail), save=False)
    attachment.save()
    return attachment


def remove(attachments):
    """Delete ``attachments``; their stored files go once the transaction has committed."""
    names = [(a.file.storage, a.file.name) for a in attachments]
    names += [(a.thumbnail.storage, a.thumbnail.name) for a in attachments if a.thumbnail]
    for attachment in attachments:
        attachment.delete()

    def delete_files():
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)


def response(attachment, thumbnail=False):
    """The stored file, served so that a browser shows it as what it was checked to be and nothing else."""
    stored = attachment.thumbnail if thumbnail and attachment.thumbnail else attachment.file
    inline = attachment.is_image or attachment.content_type == "application/pdf"
    served = FileResponse(
        stored.storage.open(stored.name, "rb"),
        content_type=attachment.content_type,
        as_attachment=not inline,
        filename=attachment.original_name,
    )
    served["X-Content-Type-Options"] = "nosniff"
    served["Content-Security-Policy"] = "sandbox"
    served["Cache-Control"] = "private, max-age=3600"
    return served
