"""How django-axes tells phones apart and how long it pauses a login after wrong passwords.

A group's officers share one username, so a lock on the username alone would let
anyone lock the group out. Axes counts a username together with the address it is
tried from; this module reads that address right behind our proxies, and makes the
pause short at first and longer for an address that keeps guessing.
"""

import datetime
import ipaddress

from axes.helpers import get_client_username
from axes.models import AccessFailureLog
from axes.utils import reset
from django.conf import settings
from django.utils import timezone

# How far back repeated lockouts make the pause longer, and its longest length.
MEMORY = datetime.timedelta(days=1)


def client_ip(request):
    """The visitor's address: behind ``PROXY_COUNT`` proxies, the one the outermost proxy saw.

    Each proxy appends the address it received the request from to X-Forwarded-For,
    so the visitor is the ``PROXY_COUNT``-th entry from the right; the entries to its
    left were sent by the visitor and can be anything.
    """
    remote = request.META.get("REMOTE_ADDR")
    if not settings.PROXY_COUNT:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < settings.PROXY_COUNT:
        return remote
    candidate = forwarded[-settings.PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def cool_off(request=None):
    """The pause after too many wrong passwords: ``AXES_COOLOFF_MINUTES``, doubled for each
    earlier lockout of the same username from the same address in the last day."""
    base = datetime.timedelta(minutes=settings.AXES_COOLOFF_MINUTES)
    address = getattr(request, "axes_ip_address", None)
    username = get_client_username(request) if address else None
    if not username:
        return base
    earlier = AccessFailureLog.objects.filter(
        username=username, ip_address=address, attempt_time__gte=timezone.now() - MEMORY
    )
    # Counting the failure being recorded too keeps the answer the same while it is logged.
    failures = earlier.count() + 1
    doublings = min(max(failures // settings.AXES_FAILURE_LIMIT - 1, 0), 10)
    return min(base * 2**doublings, MEMORY)


def lift(username):
    """Forget the wrong passwords tried for ``username``, so a new password works at once."""
    reset(username=username)
