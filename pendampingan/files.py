"""Stored files (uploaded attachments, kept PDFs, files made by a job) given to someone a view has
let see them.

Files live in the default storage: this machine's disk (``MEDIA_ROOT``), or an S3-compatible
object storage that every app server shares (``S3_BUCKET``). Neither is ever reachable from a
public address: a view reaches the file's record through the access module and calls ``serve``,
which picks one policy per storage. From the disk the file is streamed by the app. From object
storage the browser is sent to an address signed for ``SIGNED_SECONDS``, carrying the file's type
and name, so the bytes never pass through an app server's worker; a copied address soon stops
working.

A storage that cannot be reached, or refuses, raises ``StorageUnavailable`` (``reaching``): an
upload says so next to its field, and any page meeting it answers 503
(``pendampingan.middleware.StorageUnavailableMiddleware``) instead of failing with a 500.
"""

import contextlib
import logging
import sys

from django.db import transaction
from django.http import FileResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

SIGNED_SECONDS = 60
# A file shown in place may be kept a while by the browser that asked for it; a download is not kept
# (as ``PrivateCacheMiddleware`` has it for every download the app sends itself).
PRIVATE_CACHING = "private, max-age=3600"
NOT_KEPT = "private, no-store"
CANNOT_SAVE = _("The file cannot be saved right now; try again in a moment.")


class StorageUnavailable(Exception):
    """The storage could not be reached, or refused: nothing was read or written."""


def _storage_errors():
    errors = [OSError]
    # Loaded only where S3 is configured: boto3 takes long to import.
    if "storages.backends.s3" in sys.modules:
        from boto3.exceptions import Boto3Error
        from botocore.exceptions import BotoCoreError, ClientError

        errors += [Boto3Error, BotoCoreError, ClientError]
    return tuple(errors)


@contextlib.contextmanager
def reaching():
    """Turn a storage's failure inside into ``StorageUnavailable``; a missing file stays a
    ``FileNotFoundError``."""
    try:
        yield
    except FileNotFoundError:
        raise
    except _storage_errors() as error:
        logger.warning("Storage unavailable: %s: %s", type(error).__name__, error)
        raise StorageUnavailable from error


def _signs_addresses(storage):
    s3 = sys.modules.get("storages.backends.s3")
    return s3 is not None and isinstance(storage, s3.S3Storage)


def serve(field_file, filename, *, content_type, as_attachment):
    """``field_file`` (a FieldFile) as a download named ``filename`` of type ``content_type``,
    shown in place unless ``as_attachment``. The caller has checked that whoever asks may see it.

    A file gone from the storage raises ``FileNotFoundError``; a storage that cannot be reached,
    ``StorageUnavailable``.
    """
    storage, name = field_file.storage, field_file.name
    if _signs_addresses(storage):
        with reaching():
            if not storage.exists(name):
                raise FileNotFoundError(name)
            address = storage.url(
                name,
                parameters={
                    "ResponseContentType": content_type,
                    "ResponseContentDisposition": content_disposition_header(as_attachment, filename),
                    "ResponseCacheControl": NOT_KEPT if as_attachment else PRIVATE_CACHING,
                },
                expire=SIGNED_SECONDS,
            )
        response = HttpResponseRedirect(address)
        # The address expires within a minute: no browser may keep the way to it.
        response["Cache-Control"] = NOT_KEPT
        return response
    with reaching():
        opened = storage.open(name, "rb")
    response = FileResponse(opened, content_type=content_type, as_attachment=as_attachment, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser took it for a page, it could run nothing and reach nothing of the site.
    response["Content-Security-Policy"] = "sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = PRIVATE_CACHING
    return response


def delete_later(field_files):
    """Delete the stored ``field_files`` once the transaction around has committed; a storage that
    cannot be reached then leaves them, as nothing refers to them any more."""
    names = [(f.storage, f.name) for f in field_files if f]

    def delete():
        for storage, name in names:
            try:
                with reaching():
                    storage.delete(name)
            except StorageUnavailable:
                logger.warning("Could not delete %s from the storage: left there", name)

    transaction.on_commit(delete)
