"""The home page and the login: the dashboard, choosing the acting officer, passwords, village lookup."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pendampingan import (
    access,
    lockout,
    paging,
    regions,
    standing,
)
from pendampingan.access import OFFICER_SESSION_KEY
from pendampingan.forms import (
    ActingOfficerForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from pendampingan.http import require_GET_or_POST
from pendampingan.models import (
    Agreement,
    CommunityGroup,
)
from pendampingan.waiting import waiting_for

# How many of each list the dashboard shows; the rest are on the pages its links lead to.
SHOWN = 10
WAITING_PER_PAGE = 10


def _waiting_agreements(actor):
    """``actor``'s open agreements where something waits for them (nothing waits in a closed one),
    from the kept counts (``pendampingan.standing``), and how many things wait in all."""
    found, total = standing.waiting_in(actor, access.visible_agreements(actor).open())
    return found.with_parties().order_by("-start_date", "title", "pk"), total


@login_required
@require_GET
def dashboard(request):
    actor = request.actor
    if actor.is_group and actor.officer is None:
        return redirect(reverse("core:acting_as") + "?next=" + reverse("core:dashboard"))
    # The items of the first few agreements where something waits, as many as the kept counts say
    # make SHOWN items: never every agreement's record.
    waiting_in, waiting_total = _waiting_agreements(actor)
    waiting_shown = waiting_for(actor, standing.enough(waiting_in[:SHOWN], SHOWN))[:SHOWN]
    # How many of each status (one query), and the latest SHOWN of each (one query per status,
    # read from the agreements' ordering index: never every agreement sorted).
    visible = access.visible_agreements(actor)
    counts = dict(visible.order_by().values_list("status").annotate(count=Count("pk")))
    by_status = [
        (
            value,
            label,
            counts[value],
            list(
                visible.filter(status=value)
                .select_related("institution", "group")
                .order_by("-start_date", "title", "pk")[:SHOWN]
            ),
        )
        for value, label in Agreement.Status.choices
        if counts.get(value)
    ]
    context = {
        "waiting_shown": waiting_shown,
        "waiting_total": waiting_total,
        "agreements": [a for _value, _label, _count, latest in by_status for a in latest],
        "by_status": by_status,
    }
    return render(request, "pendampingan/dashboard.html", context)


@login_required
@require_GET
def waiting(request):
    """Everything waiting for the person, a page at a time; the dashboard shows the first few."""
    actor = request.actor
    if actor.is_group and actor.officer is None:
        return redirect(reverse("core:acting_as") + "?next=" + reverse("core:waiting"))
    waiting_in, _total = _waiting_agreements(actor)
    # A page of the agreements where something waits, with all that waits in each: each agreement's
    # whole record is read to list its items, so a page holds fewer agreements than other lists.
    page = paging.page_of(waiting_in, request.GET.get("page"), per_page=WAITING_PER_PAGE)
    waiting = waiting_for(actor, list(page.object_list))
    return render(request, "pendampingan/waiting.html", {"page": page, "waiting": waiting})


def _acting_as_next(request):
    """Where to go once the officer is chosen, never back to this page itself.

    A next pointing here (a "Change" link followed from this page, or an old bookmark)
    is unwrapped to the next it carries, so the page does not send people in circles.
    """
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    while urlsplit(next_url).path == reverse("core:acting_as"):
        next_url = QueryDict(urlsplit(next_url).query).get("next", "")
    if not next_url or not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return reverse("core:dashboard")
    return next_url


@login_required
@require_GET_or_POST
def acting_as(request):
    actor = request.actor
    if not actor.is_group:
        raise PermissionDenied
    next_url = _acting_as_next(request)
    form = ActingOfficerForm(request.POST or None, group=actor.group, initial={"officer": actor.officer})
    if request.method == "POST" and form.is_valid():
        request.session[OFFICER_SESSION_KEY] = form.cleaned_data["officer"].pk
        messages.success(request, _("You are acting as %(name)s.") % {"name": form.cleaned_data["officer"]})
        return redirect(next_url)
    return render(request, "pendampingan/acting_as.html", {"form": form, "next": next_url})


class LoginView(auth_views.LoginView):
    """The login page; the browser that logs in becomes a known device of that username (lockout.py)."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        lockout.trust_device(self.request, response, form.get_user().get_username())
        return response


class LiftLockoutMixin:
    """A new password ends any pause on the login after wrong passwords."""

    def form_valid(self, form):
        response = super().form_valid(form)
        lockout.lift(form.user.get_username())
        return response


class PasswordChangeView(LiftLockoutMixin, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def form_valid(self, form):
        response = super().form_valid(form)
        # A group that set its own password no longer uses the one on the handover slip.
        CommunityGroup.objects.filter(account=self.request.user, password_is_temporary=True).update(
            password_is_temporary=False
        )
        return response


class PasswordResetConfirmView(LiftLockoutMixin, auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm


@login_required
@require_GET
def region_search(request):
    """Villages matching what was typed, for the region box's suggestions."""
    text = request.GET.get("q", "")
    found = regions.villages_matching(text, limit=15) if len(text.strip()) >= 3 else []
    return JsonResponse({"results": [{"code": r.code, "label": f"{r.path} ({r.code})"} for r in found]})
