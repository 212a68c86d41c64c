"""Verification codes for approved documents: paper that can be checked.

When both parties have approved a version of an agreement, a plan revision, minutes or
an evaluation, it gets a code (``pendampingan.codes``: 80 random bits, written
"7K2M-QX9P-4TDV-8HNB").

The code is stored with a SHA-256 digest of the version's content in a canonical form:
plain data (texts, ISO dates, decimals as texts) serialised as JSON with sorted keys, so
the digest depends on what was approved, never on how a template prints it. Each
approvable model says what its approved content is, in ``canonical_content(version)``.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

import segno
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from pendampingan.codes import new_code, normalize, written
from pendampingan.models import Verification


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def canonical(content):
    """``content`` as the bytes its digest is taken of."""
    return json.dumps(_plain(content), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest(content):
    return hashlib.sha256(canonical(content)).hexdigest()


def issue(document, version):
    """The code of ``document``'s approved ``version``, issued now if it has none; call it in the
    approval's transaction, so the code exists exactly when the approval does."""
    existing = of(document, version)
    if existing is not None:
        return existing
    return Verification.objects.create(
        code=new_code(),
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        version=version,
        digest=digest(document.canonical_content(version)),
    )


# Lookups one address may make per minute on the public page: enough for a desk checking a
# pile of paper, far too few to guess a code among 2^80.
LOOKUPS_PER_MINUTE = 20


def too_many_lookups(address):
    """Count a lookup from ``address``; True once it has made more than its share this minute."""
    key = f"verify:{address}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=60)
        count = 1
    return count > LOOKUPS_PER_MINUTE


def find(code):
    """The verification of ``code`` as typed, or None."""
    normalized = normalize(code)
    if normalized is None:
        return None
    return Verification.objects.select_related("content_type").filter(code=normalized).first()


def of(document, version):
    """The verification of ``document``'s ``version``, or None while that version is not approved."""
    content_type = ContentType.objects.get_for_model(document)
    return Verification.objects.filter(
        content_type=content_type, object_id=document.pk, version=version
    ).first()


def address(code):
    """Where the code is checked, in full (what the QR code holds)."""
    return settings.SITE_URL.rstrip("/") + reverse("verify", args=[code])


@dataclass(frozen=True)
class Printed:
    """What a printed approved document shows beside its signatures."""

    code: str
    # When both parties' approval made the document what it is: what its paper is dated by, so
    # the file drawn from it is the same whenever it is drawn.
    approved_at: datetime.datetime

    @property
    def written(self):
        return written(self.code)

    @property
    def address(self):
        return address(self.code)

    @property
    def short_address(self):
        """The address as a person types it from paper: without "https://"."""
        return self.address.split("://", 1)[-1].rstrip("/")

    @property
    def short_address_html(self):
        """The short address, which a narrow column may wrap before the code but never inside it."""
        return format_html("{}<wbr>{}", self.short_address.removesuffix(self.code), self.code)

    @property
    def qr_svg(self):
        """The address as a QR code, an SVG drawn on the server: sharp at any size, no script,
        a millimetre per module, as large as phones read from paper at arm's length.

        Medium error correction survives a fold or a stamp across the code.
        """
        return mark_safe(
            segno.make(self.address, error="m").svg_inline(
                border=2, scale=1, unit="mm", svgclass="qr", lineclass=None
            )
        )


def printed(document, version):
    """What the print of ``document``'s ``version`` shows: its code, or None for a draft or a
    version still awaiting approval (printed with the "not yet approved" mark instead)."""
    found = of(document, version)
    return Printed(found.code, found.issued_at) if found is not None else None


# How each kind of document is printed: model -> fn(document, version) returning (template,
# context, filename), from the version's approved content only, never from a request. Each pillar
# registers its own (``<app>/printing.py``) from ready(); ``pendampingan.pdf`` draws through it.
printers = {}


def register_printer(model, function):
    printers[model] = function
    return function


def agreement_of(document):
    """The agreement a verified document belongs to: itself, or the one it is part of."""
    return getattr(document, "agreement", None) or document.plan.agreement
