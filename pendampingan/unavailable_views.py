"""What a person sees while the database is down: a 503 page that gives back what they typed.

While PostgreSQL restarts or cannot be reached, every query raises ``OperationalError`` or
``InterfaceError``, wherever it runs: in a view, or in the session and authentication middleware
finding out who is asking. Django turns an exception raised inside a middleware into a response at
that middleware's own layer, so no other middleware ever sees it; the one place every layer's
uncaught exception passes through is the 500 handler, called while the exception is still being
handled (``handler500`` in ``pendampingan/urls.py``). There a database error becomes a 503 with
``Retry-After``, rendered from a standalone template with a plain context: the session, the user
and the context processors would each ask the database again. Any other error gets the 500 page.

A request used to log two tracebacks, each opening with ``'SessionStore' object has no attribute
'_session_cache'``. That AttributeError is only the context of the database error (the store looks
for its cache, finds none, loads, and the load raises); a store whose load raised keeps no cache,
so the next look at ``request.user``, the private-cache middleware's on the way out, loads and fails
again. A request is now logged once however many layers meet the error, and the page is
``no-store``: it may hold what was typed. With DEBUG on, Django shows its traceback page instead.
"""

import logging
import sys

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views import defaults

logger = logging.getLogger("pendampingan.unavailable")

RETRY_AFTER_SECONDS = 10
# Fields never shown back: secrets (the CSRF token among them), and the hidden keys the app's forms
# carry for themselves.
SECRET_WORDS = ("password", "token", "secret")
HIDDEN_FIELDS = {"submission", "lock_version", "version", "started_from", "read_count", "read", "next"}


def server_error(request):
    """Django's 500 handler, but a database that is down answers 503 (see the module's docstring)."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return unavailable(request, error)
    return defaults.server_error(request)


def unavailable(request, error):
    if not getattr(request, "_database_down_logged", False):
        request._database_down_logged = True
        first_line = next(iter(str(error).strip().splitlines()), "")
        # As Django logs a path: a newline in it cannot start a forged log line.
        path = request.path.encode("unicode_escape").decode("ascii")
        logger.warning(
            "Database unavailable: %s %s: %s: %s", request.method, path, type(error).__name__, first_line
        )
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    with translation.override(language):
        content = render_to_string(
            "503.html",
            {
                "language": language,
                "is_write": request.method not in {"GET", "HEAD", "OPTIONS"},
                "typed": typed_fields(request),
            },
        )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # The page may hold what the person typed: no cache keeps it.
    patch_cache_control(response, private=True, no_store=True)
    # Logged above in one line: Django would log it again with the traceback.
    response._has_been_logged = True
    return response


def typed_fields(request):
    """The posted fields as (name, value) pairs, to copy from the page; never a secret or a hidden key.

    Uploaded files arrive in ``request.FILES``, never here.
    """
    if request.method != "POST":
        return []
    try:
        posted = request.POST
    except (MultiPartParserError, SuspiciousOperation, OSError):
        # A body that cannot be read again has nothing to give back; the page still answers.
        return []
    return [
        (name, value)
        for name, values in posted.lists()
        if name not in HIDDEN_FIELDS and not any(word in name.lower() for word in SECRET_WORDS)
        for value in values
        if value.strip()
    ]
