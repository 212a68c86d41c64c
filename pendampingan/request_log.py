"""What every log line of a request carries: the request's id, set at the edge and read by a filter.

The id comes from the proxy's ``X-Request-ID`` when it is a plain short token, so a line of the
proxy's log and the app's lines of the same request share it; otherwise one is made here.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

request_id = ContextVar("request_id", default=None)

SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def id_from(offered):
    """``offered`` (an incoming X-Request-ID or None) when it is a plain token, else a new id."""
    if offered and SANE_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on each record logged during it (``record.request_id``)."""

    def filter(self, record):
        current = request_id.get()
        if current is not None:
            record.request_id = current
        return True


class TextFormatter(logging.Formatter):
    """Lines to read while developing, their time in UTC as in the JSON lines."""

    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"
