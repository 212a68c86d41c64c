import logging
import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.functional import LazyObject, SimpleLazyObject, empty
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from pendampingan import files, request_log
from pendampingan.access import OFFICER_SESSION_KEY, Actor, Role, role_of
from pendampingan.text import plain_text

access_log = logging.getLogger("pendampingan.requests")

# Views that answer the same whoever asks and never open the session: a load balancer's probe.
SESSIONLESS_VIEWS = {"health_check"}
# Views whose address holds a secret (a password reset link's token): logged as their pattern.
SECRET_IN_PATH_VIEWS = {"password_reset_confirm"}
# Views a group's shared login may post to before choosing who is acting.
OFFICERLESS_VIEWS = {"acting_as", "logout", "set_language", "login"}
# What a group whose password is still the handed-over one may open before setting its own.
HANDOVER_VIEWS = OFFICERLESS_VIEWS | {"password_change", "password_change_done"}


def actor_for(request):
    """The actor behind ``request``: built here, at the edge, and passed down to every rule."""
    user = request.user
    officer = None
    if role_of(user) == Role.GROUP:
        officer_id = request.session.get(OFFICER_SESSION_KEY)
        if officer_id is not None:
            # The stored choice is checked on every request: a member who left
            # office, or one of another group, is never the acting officer.
            officer = user.community_group.officers().filter(pk=officer_id).first()
    return Actor.of(user, officer)


def _logged_path(request):
    match = request.resolver_match
    if match is not None and match.view_name in SECRET_IN_PATH_VIEWS:
        return "/" + match.route
    return request.path


def _user_id(request):
    """The user's id if the request looked at who it is; the log never opens a session for it."""
    user = getattr(request, "user", None)
    if isinstance(user, LazyObject) and user._wrapped is empty:
        return None
    return getattr(user, "pk", None)


class RequestLogMiddleware:
    """Gives each request an id and writes the access log: one line per request answered.

    The id is the proxy's ``X-Request-ID`` when that is a plain short token, else a new one; every
    log line written during the request carries it, and so does the response's ``X-Request-ID``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_log.id_from(request.headers.get("X-Request-ID"))
        token = request_log.request_id.set(request_id)
        try:
            started = time.perf_counter()
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request_id
            path = _logged_path(request)
            access_log.info(
                "%s %s %s %s ms",
                request.method,
                path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            request_log.request_id.reset(token)


class PlainTextInputMiddleware:
    """Every form's posted text arrives plain, whatever the form (the admin's too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in {
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        }:
            cleaned = request.POST.copy()
            for key, values in cleaned.lists():
                cleaned.setlist(key, [plain_text(v) for v in values])
            cleaned._mutable = False
            request.POST = cleaned
        return self.get_response(request)


class ActorMiddleware:
    """Puts ``request.actor`` on every request and keeps group logins from writing anonymously.

    A group's shared login must say which officer is acting before any write, so
    every record it makes names a person.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: actor_for(request))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_name = request.resolver_match.view_name if request.resolver_match else None
        if view_name in SESSIONLESS_VIEWS or not request.user.is_authenticated:
            return None
        url_name = request.resolver_match.url_name if request.resolver_match else None
        if (
            url_name not in HANDOVER_VIEWS
            and request.actor.is_group
            and request.actor.group.password_is_temporary
        ):
            # The password on the handover slip opens the door once: the group sets its own first.
            if request.actor.officer is None:
                # The officer is chosen first, so the new password is recorded as theirs.
                then = urlencode({"next": reverse("password_change")})
                return redirect(reverse("core:acting_as") + "?" + then)
            return redirect("password_change")
        if request.method != "POST":
            return None
        if request.resolver_match and request.resolver_match.url_name in OFFICERLESS_VIEWS:
            return None
        if request.resolver_match and request.resolver_match.namespace == "admin":
            return None
        actor = request.actor
        if actor.is_group and actor.officer is None:
            messages.warning(request, _("Choose which officer is acting before saving anything."))
            # The post itself cannot be replayed: come back to the page it was sent from.
            back = request.META.get("HTTP_REFERER") or reverse("core:dashboard")
            target = reverse("core:acting_as") + "?" + urlencode({"next": back})
            return redirect(target)
        return None


class LanguageMiddleware:
    """Bahasa Indonesia unless the person chose another language at the foot of a page.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    phones bought abroad or set to English would otherwise show a village group
    a language it did not choose.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class PrivateCacheMiddleware:
    """Keeps private pages out of shared caches and downloads out of every cache.

    A page for a logged-in user is ``Cache-Control: private`` unless its view chose
    otherwise; a file download is also ``no-store``, so a shared phone or an office
    proxy does not keep an exported plan for the next person.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Disposition", "").lower().startswith("attachment"):
            patch_cache_control(response, private=True, no_store=True)
        elif not response.has_header("Cache-Control") and request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response


class StorageUnavailableMiddleware:
    """A page that could not reach the file storage answers 503 with a plain explanation, not a 500."""

    retry_after_seconds = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, files.StorageUnavailable):
            return None
        response = render(request, "pendampingan/storage_unavailable.html", status=503)
        response["Retry-After"] = str(self.retry_after_seconds)
        return response
