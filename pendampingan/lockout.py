"""How django-axes tells phones apart and how long it pauses a login after wrong passwords.

A group's officers share one username and, in a village, often one address (a carrier
puts many phones behind it), so a lock on the username, or on the username and the
address, would let a stranger lock the group out. As OWASP recommends against online
guessing, a browser that has logged in to a username carries a signed *device cookie*
for it: its wrong passwords count against that device alone, wherever it is, and
nobody else's lock it. Every other client is counted by username and address
together, with a pause that is short at first and longer for an address that keeps
guessing. Axes keeps which client an attempt came from in its user-agent column.
"""

import datetime
import hashlib
import ipaddress
import secrets
from collections import defaultdict
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_credentials
from axes.models import AccessAttempt, AccessFailureLog
from axes.utils import reset
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

# How far back repeated lockouts make the pause longer, and its longest length.
MEMORY = datetime.timedelta(days=1)
# A device stays known this long after its last login.
DEVICE_COOKIE_AGE = datetime.timedelta(days=365)
DEVICE_SALT = "pendampingan.lockout.device"
DEVICE = "device "
UNTRUSTED = "untrusted"


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


def _cookie_name(username):
    # One cookie per username, so a phone lent to log in to another account stays known to its own.
    return "device_" + hashlib.sha256(username.encode()).hexdigest()[:16]


def device_of(request, username):
    """The id of this browser if it has logged in to ``username`` before, else None.

    A cookie that was altered, or signed for another username, names no device.
    """
    if not username:
        return None
    value = request.get_signed_cookie(
        _cookie_name(username), default=None, salt=DEVICE_SALT, max_age=DEVICE_COOKIE_AGE
    )
    owner, _colon, device = (value or "").rpartition(":")
    return device if device and owner == username else None


def trust_device(request, response, username):
    """Give the browser that just logged in to ``username`` its device cookie, or renew it."""
    device = device_of(request, username) or secrets.token_urlsafe(16)
    response.set_signed_cookie(
        _cookie_name(username),
        f"{username}:{device}",
        salt=DEVICE_SALT,
        max_age=DEVICE_COOKIE_AGE,
        path=reverse("login"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def client_of(request, credentials=None):
    """Which client tries the username: one of its own devices, or an untrusted one."""
    device = device_of(request, get_client_username(request, credentials))
    return DEVICE + device if device else UNTRUSTED


def lockout_parameters(request, credentials=None):
    """Axes' lockout parameters: a device on its own, wherever it is; other clients by address."""
    if getattr(request, "axes_user_agent", "").startswith(DEVICE):
        return [["username", "user_agent"]]
    return [["username", "ip_address", "user_agent"]]


class DeviceHandler(AxesDatabaseHandler):
    """Axes' database handler, told which client an attempt comes from before it counts."""

    def get_failures(self, request, credentials=None):
        request.axes_user_agent = client_of(request, credentials)
        return super().get_failures(request, credentials)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None:
            request.axes_user_agent = client_of(request, credentials)
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        request.axes_user_agent = client_of(request, get_credentials(user.get_username()))
        return super().user_logged_in(sender, request, user, **kwargs)


def cool_off(request=None):
    """The pause after too many wrong passwords: ``AXES_COOLOFF_MINUTES``, doubled for each
    earlier lockout of the same username from the same client in the last day."""
    base = datetime.timedelta(minutes=settings.AXES_COOLOFF_MINUTES)
    address = getattr(request, "axes_ip_address", None)
    username = get_client_username(request) if address else None
    if not username:
        return base
    values = {"username": username, "ip_address": address, "user_agent": request.axes_user_agent}
    (parameters,) = lockout_parameters(request)
    earlier = AccessFailureLog.objects.filter(
        **{name: values[name] for name in parameters}, attempt_time__gte=timezone.now() - MEMORY
    )
    # Counting the failure being recorded too keeps the answer the same while it is logged.
    failures = earlier.count() + 1
    doublings = min(max(failures // settings.AXES_FAILURE_LIMIT - 1, 0), 10)
    return min(base * 2**doublings, MEMORY)


def lift(username):
    """End every lockout of ``username``, on its own devices and at every address; False when
    no wrong password was counted against it."""
    return reset(username=username) > 0


@dataclass
class Lockout:
    """A login locked now: on how many of its own devices, and at how many addresses for the rest."""

    devices: int = 0
    addresses: int = 0
    until: datetime.datetime | None = None


def locked_logins(logins):
    """``[(user, Lockout)]`` for the users of ``logins`` (a query, in its order) locked now. Two queries."""
    live = AccessAttempt.objects.filter(expiration__expires_at__gt=timezone.now())
    attempts = live.filter(username__in=logins.values("username")).values_list(
        "username", "ip_address", "user_agent", "failures_since_start", "expiration__expires_at"
    )
    clients = defaultdict(lambda: [0, None])
    for username, address, client, failures, expires in attempts:
        # A device is counted wherever it was; anyone else per address, as in lockout_parameters.
        key = (username, client) if client.startswith(DEVICE) else (username, client, address)
        clients[key][0] += failures
        clients[key][1] = max(expires, clients[key][1] or expires)
    found = {}
    for (username, client, *_address), (failures, until) in clients.items():
        if failures < settings.AXES_FAILURE_LIMIT:
            continue
        login = found.setdefault(username, Lockout())
        if client.startswith(DEVICE):
            login.devices += 1
        else:
            login.addresses += 1
        login.until = max(until, login.until or until)
    users = logins.filter(username__in=live.values("username"))
    return [(user, found[user.username]) for user in users if user.username in found]
