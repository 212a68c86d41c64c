"""Files attached to records — photos, scanned lists, documents — for every pillar.

An upload is trusted for nothing it says about itself: its type is read from its
content, a photo is decoded and encoded again (turned upright, at most
``PHOTO_LONG_SIDE`` pixels, with its metadata — the phone's GPS position among
it — left behind), and its stored name is random. Files live in the default
storage (a local folder or S3-compatible) and are only ever served through a
view that reached their record through the access module (``pendampingan.files``),
never from MEDIA_URL. A storage that cannot be reached refuses the upload next to
its field, with nothing of the record saved.

A pillar inherits ``Attachment`` with a foreign key to each kind of record its
files back (``exactly_one`` holds that one is set), mixes ``AttachmentFormMixin``
into the record's form, calls ``change`` from the record's service and serves a
file with ``response``; see docs/pillar-kit.md.
"""

import functools
import io
import math
import operator
import unicodedata
import uuid
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree import ElementTree

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from pendampingan import bounds
from pendampingan.files import CANNOT_SAVE, StorageUnavailable, delete_later, reaching, serve
from pendampingan.models import Authored

MB = 1024 * 1024
PHOTO_LONG_SIDE = 1600
PHOTO_QUALITY = 82
THUMBNAIL_SIDE = 320
# More pixels than a 50-megapixel camera takes is refused before the photo is decoded.
MAX_PHOTO_PIXELS = 50_000_000
# MPO is how Pillow reads a phone's JPEG that carries a second picture (a depth map, a preview).
PHOTO_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An Office file is a zip archive whose [Content_Types].xml names the type of its main part.
OFFICE_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
# A real [Content_Types].xml is a few kilobytes; reading no more than this keeps zip bombs out.
CONTENT_TYPES_LIMIT = 256 * 1024
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", PDF: "pdf", DOCX: "docx", XLSX: "xlsx"}
KIND_LABELS = {"image/jpeg": "JPEG", "image/png": "PNG", PDF: "PDF", DOCX: "Word", XLSX: "Excel"}
ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.pdf,.docx,.xlsx"
ACCEPTED_TEXT = _("photos (JPEG, PNG, WebP), PDF, Word (.docx) and Excel (.xlsx) files")
TOO_MANY_PIXELS = _("%(name)s has too many pixels to be a photo.")


@dataclass
class Prepared:
    """An upload checked and made ready to store."""

    name: str
    content: bytes
    content_type: str
    width: int | None = None
    height: int | None = None
    thumbnail: bytes | None = None
    caption: str = ""

    @property
    def size(self):
        return len(self.content)


def clean_name(name):
    """The name a file came with, fit to show: no folder, no control or text-direction characters,
    at most ``bounds.FILE_NAME_LENGTH`` characters with its extension kept."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C"))
    name = " ".join(name.split()).strip(". ")
    limit = bounds.FILE_NAME_LENGTH
    if len(name) > limit:
        stem, dot, extension = name.rpartition(".")
        if not dot or len(extension) > 10:
            stem, extension = name, ""
        else:
            extension = "." + extension
        name = stem[: limit - len(extension)].rstrip(". ") + extension
    return name or "file"


def _megabytes(size, rounding=round):
    return number_format(rounding(size * 10 / MB) / 10, decimal_pos=1)


def _refuse(name, message, **params):
    raise ValidationError(message, params={"name": name, **params})


def _office_type(data):
    """The type of an Office Open XML file (.docx, .xlsx); None for any other zip archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_LIMIT:
                return None
            types = ElementTree.fromstring(archive.read(info))
            parts = set(archive.namelist())
    except (
        zipfile.BadZipFile,
        KeyError,
        RuntimeError,
        NotImplementedError,
        EOFError,
        OSError,
        ValueError,
        zlib.error,
        ElementTree.ParseError,
    ):
        return None
    for element in types.iter():
        if element.tag.rsplit("}", 1)[-1] != "Override":
            continue
        kind = OFFICE_MAIN_PARTS.get(element.get("ContentType"))
        if kind and element.get("PartName", "").lstrip("/") in parts:
            return kind
    return None


def _encode(image, transparent):
    out = io.BytesIO()
    if transparent:
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True)
    return out.getvalue()


def _upright_pixels(image):
    """The decoded photo turned upright, in RGB, or RGBA if it lets the background through anywhere."""
    from PIL import ImageOps

    scale = min(1, PHOTO_LONG_SIDE / max(image.size))
    # A JPEG decodes straight at a fraction of its size, sparing the memory of a full-size photo.
    image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    image = ImageOps.exif_transpose(image)
    if image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info:
        image = image.convert("RGBA")
        if image.getchannel("A").getextrema()[0] < 255:
            return image
    return image.convert("RGB")


def _photo(data, name):
    """The photo upright, small enough for a phone, without its metadata; None if it is not a photo."""
    # Pillow is loaded by the first photo a process receives, not by every process that starts.
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow's own guard against decompression bombs, as an error rather than a warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind, (width, height) = probe.format, probe.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(name, TOO_MANY_PIXELS)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    if kind not in PHOTO_FORMATS:
        return None
    if width * height > MAX_PHOTO_PIXELS:
        _refuse(name, TOO_MANY_PIXELS)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as opened:
            image = _upright_pixels(opened)
    except Exception:
        # Pillow reports a damaged or cut-short file with many kinds of error; all mean the same here.
        _refuse(name, _("%(name)s could not be read as a photo; it may be damaged or incomplete."))
    transparent = image.mode == "RGBA"
    # Only the pixels go on: the metadata (EXIF, XMP, the GPS position in them) stays behind.
    image.info = {}
    image.thumbnail((PHOTO_LONG_SIDE, PHOTO_LONG_SIDE))
    small = image.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    return Prepared(
        name=name,
        content=_encode(image, transparent),
        content_type="image/png" if transparent else "image/jpeg",
        width=image.width,
        height=image.height,
        thumbnail=_encode(small, transparent),
    )


def prepare(upload):
    """Check an uploaded file by its content and make it ready to store; a ``ValidationError`` if not."""
    name = clean_name(upload.name)
    upload.seek(0)
    data = upload.read(bounds.MAX_FILE_SIZE + 1)
    size = max(upload.size or 0, len(data))
    if size > bounds.MAX_FILE_SIZE:
        _refuse(
            name,
            _("%(name)s is %(size)s MB; a file may be at most %(limit)s MB."),
            # Rounded up, so that a file just over the limit never reads as within it.
            size=_megabytes(size, math.ceil),
            limit=bounds.MAX_FILE_SIZE // MB,
        )
    if data.startswith(b"%PDF-"):
        return Prepared(name=name, content=data, content_type=PDF)
    if data.startswith(b"PK\x03\x04"):
        kind = _office_type(data)
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
    """Several files in one field, each checked by ``prepare``; cleans to a list of ``Prepared``.

    Every file is checked and every refusal reported together, so a person with
    one bad photo among five learns it at once; none is kept until all pass.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("Accepted: %(accepted)s. At most %(count)s files, each at most %(limit)s MB.")
            % {"accepted": ACCEPTED_TEXT, "count": bounds.MAX_FILES, "limit": bounds.MAX_FILE_SIZE // MB},
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        if len(uploads) > bounds.MAX_FILES:
            raise ValidationError(_("At most %(count)s files at once."), params={"count": bounds.MAX_FILES})
        prepared, errors = [], []
        for upload in uploads:
            try:
                prepared.append(prepare(super().clean(upload, initial)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return prepared


class RemoveFilesField(forms.ModelMultipleChoiceField):
    """A record's attachments, each with a box to tick to remove it."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("label", _("Remove these files"))
        kwargs.setdefault("required", False)
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj):
        return obj.description


class AttachmentFormMixin:
    """Files to add to a record, with one caption for them all, and on a saved record the files to remove.

    Cleans to ``files`` (a list of ``Prepared``, each carrying the caption) and
    ``remove`` (attachments of this record): the keyword data a service hands to
    ``change``. ``attachment_relation`` names the record's attachments (the
    ``related_name`` of their foreign key).
    """

    attachment_relation = None
    files_label = _("Photos or documents")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"] = MultipleFileField(label=self.files_label)
        self.fields["files_caption"] = forms.CharField(
            label=_("Caption of the files added"),
            required=False,
            max_length=bounds.CAPTION_LENGTH,
            help_text=_("What they show, for example “Pelatihan kompos, 12 Mei”."),
        )
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and self.attachment_relation:
            existing = getattr(instance, self.attachment_relation).all()
            if existing.exists():
                self.fields["remove"] = RemoveFilesField(existing)

    def clean(self):
        cleaned = super().clean()
        caption = cleaned.pop("files_caption", "")
        for prepared in cleaned.get("files") or []:
            prepared.caption = caption
        return cleaned


def _path(instance, filename):
    """A random name in the model's ``upload_folder``, by month: never the name the file came with."""
    extension = filename.rsplit(".", 1)[-1]
    return f"{instance.upload_folder}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def attached_to(model, verbose_name, related_name):
    """The nullable foreign key from an attachment to one kind of record it can back; a file backs
    one record, which ``exactly_one`` holds."""
    return models.ForeignKey(
        model,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )


def exactly_one(fields, *, name):
    """A constraint that exactly one of the nullable foreign keys ``fields`` is set: a file backs one
    record. Another kind of record is one more field in the list (and a migration)."""
    return models.CheckConstraint(
        condition=functools.reduce(
            operator.or_,
            (Q(**{f"{other}__isnull": other != field for other in fields}) for field in fields),
        ),
        name=name,
    )


class Attachment(Authored):
    """A file attached to a record. Concrete models add the foreign keys to what it belongs to."""

    # The folder of the storage the files go in, by month: "evidence/2026/05/…".
    upload_folder = "attachments"

    file = models.FileField(_("file"), upload_to=_path, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=bounds.FILE_NAME_LENGTH)
    caption = models.CharField(_("caption"), max_length=bounds.CAPTION_LENGTH, blank=True)
    # As read from the content, never as the browser said.
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def is_image(self):
        return self.content_type.startswith("image/")

    @property
    def shows_inline(self):
        """Whether a browser shows it in place (a photo, a PDF) rather than saving it."""
        return self.is_image or self.content_type == PDF

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.content_type, self.content_type)

    @property
    def size_label(self):
        if self.size < MB:
            return f"{number_format(max(1, math.ceil(self.size / 1024)))} KB"
        return f"{_megabytes(self.size)} MB"

    @property
    def description(self):
        """As a list shows it: "laporan.pdf · PDF · 1,2 MB"."""
        return f"{self.original_name} · {self.kind_label} · {self.size_label}"

    @property
    def download_name(self):
        """The name it came with, its extension made to match what it was found to be."""
        extension = EXTENSIONS.get(self.content_type, "bin")
        stem, dot, current = self.original_name.rpartition(".")
        if dot and current.lower() in {extension, "jpeg" if extension == "jpg" else extension}:
            return self.original_name
        return f"{stem if dot and stem else self.original_name}.{extension}"


def attach(model, *, actor, prepared, **parent):
    """Store ``prepared`` as a new ``model`` attachment of ``parent`` (its foreign keys), by ``actor``.

    A storage that cannot be reached raises ``StorageUnavailable``, with nothing of this
    attachment left stored.
    """
    attachment = model(
        **parent,
        original_name=prepared.name,
        caption=prepared.caption[: bounds.CAPTION_LENGTH],
        content_type=prepared.content_type,
        size=prepared.size,
        width=prepared.width,
        height=prepared.height,
    )
    attachment.stamp(actor)
    extension = EXTENSIONS[prepared.content_type]
    try:
        with reaching():
            attachment.file.save(f"file.{extension}", ContentFile(prepared.content), save=False)
            if prepared.thumbnail:
                small = ContentFile(prepared.thumbnail)
                attachment.thumbnail.save(f"thumbnail.{extension}", small, save=False)
    except StorageUnavailable:
        _forget([attachment])
        raise
    attachment.save()
    return attachment


def _forget(stored):
    """Delete at once what was stored for the attachments ``stored``, whose rows will not be kept."""
    for field_file in [f for a in stored for f in (a.file, a.thumbnail) if f]:
        try:
            with reaching():
                field_file.storage.delete(field_file.name)
        except StorageUnavailable:
            # Nothing refers to it: a file left behind is never served.
            continue


def delete(attachments):
    """Delete ``attachments``; their stored files go once the transaction has committed."""
    stored = [a.file for a in attachments] + [a.thumbnail for a in attachments if a.thumbnail]
    for attachment in attachments:
        attachment.delete()
    delete_later(stored)


def change(model, *, actor, existing, files=(), remove=(), **parent):
    """Remove ``remove`` from a record's attachments ``existing`` and add ``files`` as new ``model``
    attachments of ``parent``, by ``actor``; whether anything changed.

    A record holds at most ``bounds.MAX_FILES``: more is a ``ValidationError`` on
    ``files``, raised before anything is stored. Call it in the transaction that
    writes the record, with the record locked, so two saves cannot both add the tenth.
    """
    existing = list(existing)
    removed = [a for a in existing if a in remove]
    kept = len(existing) - len(removed)
    if kept + len(files) > bounds.MAX_FILES:
        if kept >= bounds.MAX_FILES:
            message = _("This already holds %(count)s files, the most it may; remove one to add another.")
        else:
            message = _("At most %(count)s files each: %(kept)s are here already, so add at most %(room)s.")
        params = {"count": bounds.MAX_FILES, "kept": kept, "room": bounds.MAX_FILES - kept}
        raise ValidationError({"files": ValidationError(message, params=params)})
    delete(removed)
    added = []
    try:
        for prepared in files:
            added.append(attach(model, actor=actor, prepared=prepared, **parent))
    except StorageUnavailable:
        # The record's transaction is rolled back by the error: its files go too.
        _forget(added)
        raise ValidationError({"files": CANNOT_SAVE}) from None
    return bool(removed or files)


def response(attachment, thumbnail=False):
    """The stored file, served so that a browser shows it as what it was checked to be and nothing else
    (``pendampingan.files.serve``); a file gone from the storage is a 404."""
    stored = attachment.thumbnail if thumbnail and attachment.thumbnail else attachment.file
    try:
        return serve(
            stored,
            attachment.download_name,
            content_type=attachment.content_type,
            as_attachment=not attachment.shows_inline,
        )
    except FileNotFoundError as missing:
        raise Http404 from missing
