from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pendampingan import (
    access,
    http,
    invitations,
    lockout,
    passwords,
    pdf,
    printing,
    regions,
    registry,
    reminders,
    services,
    share,
    verification,
)
from pendampingan.access import OFFICER_SESSION_KEY
from pendampingan.concurrency import save_edit
from pendampingan.filters import AgreementFilter
from pendampingan.formatting import person_name
from pendampingan.forms import (
    ActingOfficerForm,
    AgreementForm,
    AmendmentForm,
    CodeForm,
    CommunityGroupForm,
    EndEarlyForm,
    GroupAccountForm,
    HeldFileForm,
    InstitutionForm,
    LoginForm,
    MemberForm,
    NewInstitutionForm,
    PasswordChangeForm,
    SetPasswordForm,
    StaffForm,
)
from pendampingan.http import int_param, require_GET_or_POST
from pendampingan.models import (
    Agreement,
    AgreementAmendment,
    AgreementContent,
    Approval,
    CommunityGroup,
    Institution,
    Member,
    Party,
    Refused,
)
from pendampingan.versions import HISTORY_SHOWN, content_changes, history_entries


def _require_institution_staff(actor, coordinator=False):
    if actor.institution is None or (coordinator and not actor.is_coordinator):
        raise PermissionDenied


@login_required
@require_GET
def dashboard(request):
    actor = request.actor
    if actor.is_group and actor.officer is None:
        return redirect(reverse("core:acting_as") + "?next=" + reverse("core:dashboard"))
    agreements = list(
        access.visible_agreements(request.actor).with_parties().order_by("status", "-start_date")
    )
    waiting = reminders.waiting_for(actor, agreements)
    by_status = [
        (label, [a for a in agreements if a.status == value]) for value, label in Agreement.Status.choices
    ]
    return render(
        request,
        "pendampingan/dashboard.html",
        {"agreements": agreements, "waiting": waiting, "by_status": by_status},
    )


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


@login_required
@require_GET
def agreement_list(request):
    agreements = access.visible_agreements(request.actor)
    filterset = AgreementFilter(request.GET or None, queryset=agreements, request=request)
    invalid = filterset.is_bound and not filterset.is_valid()
    rows = [] if invalid else filterset.qs.with_parties().order_by("-start_date", "title")
    return render(
        request,
        "pendampingan/agreement_list.html",
        {"filter": filterset, "agreements": rows, "can_create": request.actor.is_coordinator},
    )


@login_required
@require_GET_or_POST
def agreement_create(request):
    actor = request.actor
    _require_institution_staff(actor, coordinator=True)
    groups = access.visible_groups(request.actor).filter(archived_at__isnull=True).order_by("name")
    form = AgreementForm(
        request.POST or None,
        institution=actor.institution,
        groups=groups,
        # From a group's page: that group chosen already.
        initial={"coordinator": request.user, "group": int_param(request, "group")},
    )
    if request.method == "POST" and form.is_valid():
        agreement = save_edit(
            form, services.agreement_create, user=request.user, actor=actor, institution=actor.institution
        )
        if agreement is not None:
            messages.success(
                request, _("The agreement was saved as a draft. Both parties can now approve it.")
            )
            return redirect("core:agreement_detail", pk=agreement.pk)
    return render(request, "pendampingan/agreement_form.html", {"form": form})


@login_required
@require_GET
def agreement_detail(request, pk):
    agreement_access = access.get_agreement(request.actor, pk)
    agreement = agreement_access.agreement
    adopted = (
        agreement.amendments.filter(status=AgreementAmendment.Status.ADOPTED)
        .prefetch_related(Prefetch("approvals", queryset=Approval.objects.select_related("user")))
        .order_by("number")
    )
    records = agreement.history.select_related("history_user").order_by("-history_date", "-history_id")
    # One record more than shown, so the oldest shown entry can say what it changed.
    history = history_entries(records[: HISTORY_SHOWN + 1])[:HISTORY_SHOWN]
    return render(
        request,
        "pendampingan/agreement_detail.html",
        {
            "agreement": agreement,
            "access": agreement_access,
            "versions": agreement.versions(adopted),
            "amendment": agreement.proposed_amendment,
            "history": history,
            "sections": registry.agreement_sections.items(request.actor, agreement_access),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET_or_POST
def agreement_edit(request, pk):
    agreement_access = access.get_agreement(request.actor, pk)
    access.require(agreement_access.can_change)
    agreement = agreement_access.agreement
    form = AgreementForm(
        request.POST or None,
        instance=agreement,
        institution=agreement.institution,
        groups=None,
        can_assign=bool(agreement_access.can_assign),
        content=bool(agreement_access.can_edit),
    )
    if request.method == "POST" and form.is_valid():
        saved = save_edit(form, services.agreement_update, actor=request.actor, agreement=agreement)
        if saved is not None:
            agreement, new_version = saved
            if new_version:
                messages.info(
                    request,
                    _("The changes make version %(version)s, which both parties need to approve again.")
                    % {"version": agreement.version},
                )
            else:
                messages.success(request, _("The agreement was saved."))
            return redirect("core:agreement_detail", pk=agreement.pk)
    return render(
        request,
        "pendampingan/agreement_form.html",
        {"form": form, "agreement": agreement, "access": agreement_access},
    )


@login_required
@require_POST
def agreement_approve(request, pk):
    agreement_access = access.get_agreement(request.actor, pk)
    agreement = agreement_access.agreement
    response = http.approve_from_request(request, agreement, agreement_access.can_approve)
    return response or redirect("core:agreement_detail", pk=agreement.pk)


def _amendment_of(agreement, number):
    amendment = (
        agreement.amendments.filter(number=number)
        .prefetch_related(Prefetch("approvals", queryset=Approval.objects.select_related("user")))
        .select_related("created_by", "updated_by")
        .first()
    )
    if amendment is None:
        raise Http404
    amendment.agreement = agreement
    return amendment


@login_required
@require_GET_or_POST
def amendment_create(request, pk):
    agreement_access = access.get_agreement(request.actor, pk)
    access.require(agreement_access.can_propose_amendment)
    agreement = agreement_access.agreement
    if agreement.proposed_amendment is not None:
        messages.info(request, _("An amendment is already proposed; change that one."))
        return redirect("core:amendment_detail", pk=pk, number=agreement.proposed_amendment.number)
    form = AmendmentForm(request.POST or None, initial=agreement.content(), agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.amendment_propose(
                actor=request.actor, agreement=agreement, **form.cleaned_data
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _(
                    "Amendment %(number)s was proposed. "
                    "The agreement stays as it is until both parties approve it."
                )
                % {"number": amendment.number},
            )
            return redirect("core:amendment_detail", pk=pk, number=amendment.number)
    return render(request, "pendampingan/amendment_form.html", {"form": form, "agreement": agreement})


@login_required
@require_GET
def amendment_detail(request, pk, number):
    agreement_access = access.get_agreement(request.actor, pk)
    amendment = _amendment_of(agreement_access.agreement, number)
    return render(
        request,
        "pendampingan/amendment_detail.html",
        {
            "agreement": agreement_access.agreement,
            "amendment": amendment,
            "access": agreement_access,
            "can_edit": agreement_access.can_edit_amendment(amendment),
            "can_approve": agreement_access.can_approve_amendment(amendment),
            "changes": amendment_changes(agreement_access.agreement, amendment),
            "history": history_entries(
                amendment.history.select_related("history_user").order_by("-history_date", "-history_id")
            ),
        },
    )


def amendment_changes(agreement, amendment):
    """A proposal against what is in force; an amendment in force against the version it replaced."""
    if amendment.is_proposed:
        return content_changes(agreement, amendment, AgreementContent.CONTENT_FIELDS)
    if amendment.adopted_as_version:
        before = agreement.version_snapshot(amendment.adopted_as_version - 1)
        after = agreement.version_snapshot(amendment.adopted_as_version)
        if before is not None and after is not None:
            return content_changes(before, after, AgreementContent.CONTENT_FIELDS)
    return []


@login_required
@require_GET_or_POST
def amendment_edit(request, pk, number):
    agreement_access = access.get_agreement(request.actor, pk)
    amendment = _amendment_of(agreement_access.agreement, number)
    access.require(agreement_access.can_edit_amendment(amendment))
    form = AmendmentForm(request.POST or None, instance=amendment, agreement=agreement_access.agreement)
    if request.method == "POST" and form.is_valid():
        saved = save_edit(form, services.amendment_update, actor=request.actor, amendment=amendment)
        if saved is not None:
            amendment, new_version = saved
            if new_version:
                messages.info(
                    request,
                    _(
                        "The changes make version %(version)s of the amendment, "
                        "which both parties approve again."
                    )
                    % {"version": amendment.version},
                )
            else:
                messages.success(request, _("The amendment was saved."))
            return redirect("core:amendment_detail", pk=pk, number=number)
    return render(
        request,
        "pendampingan/amendment_form.html",
        {"form": form, "agreement": agreement_access.agreement, "amendment": amendment},
    )


@login_required
@require_POST
def amendment_approve(request, pk, number):
    agreement_access = access.get_agreement(request.actor, pk)
    amendment = _amendment_of(agreement_access.agreement, number)
    response = http.approve_from_request(
        request, amendment, agreement_access.can_approve_amendment(amendment)
    )
    return response or redirect("core:amendment_detail", pk=pk, number=number)


@login_required
@require_GET_or_POST
def amendment_withdraw(request, pk, number):
    agreement_access = access.get_agreement(request.actor, pk)
    amendment = _amendment_of(agreement_access.agreement, number)
    permission = agreement_access.can_edit_amendment(amendment)
    outdated = request.method == "POST" and agreement_access.is_party and not amendment.is_proposed
    if http.require_unless_outdated(request, permission, outdated=outdated):
        return redirect("core:amendment_detail", pk=pk, number=number)
    if request.method == "POST":
        try:
            services.amendment_withdraw(actor=request.actor, amendment=amendment)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The amendment was withdrawn. The agreement stays as it was."))
        return redirect("core:agreement_detail", pk=pk)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Withdraw amendment %(number)s?") % {"number": amendment.number},
            "what_goes": [
                _("The proposal stops waiting for approval; the agreement in force does not change.")
            ],
            "what_stays": [
                _("The amendment stays readable in the agreement's history, marked as withdrawn.")
            ],
            "submit": _("Withdraw the amendment"),
            "cancel_url": reverse("core:amendment_detail", kwargs={"pk": pk, "number": number}),
        },
    )


def _change_status(request, pk, change, done_message):
    agreement_access = access.get_agreement(request.actor, pk)
    access.require(agreement_access.can_manage)
    try:
        services.agreement_change_status(
            actor=request.actor, agreement=agreement_access.agreement, change=change
        )
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done_message)
    return redirect("core:agreement_detail", pk=pk)


@login_required
@require_POST
def agreement_activate(request, pk):
    agreement_access = access.get_agreement(request.actor, pk)
    access.require(agreement_access.can_manage)
    agreement = agreement_access.agreement
    early = agreement.can_activate() and agreement.start_date > timezone.localdate()
    if early and "early" not in request.POST:
        # Starting before the date both parties agreed is allowed, but only on purpose.
        messages.error(
            request,
            _(
                "The parties agreed to start on %(date)s. To start earlier, tick “Start before the agreed "
                "date” and press the button again."
            )
            % {"date": date_format(agreement.start_date)},
        )
        return redirect("core:agreement_detail", pk=pk)
    return _change_status(request, pk, "activate", _("The facilitation has started."))


@login_required
@require_POST
def agreement_complete(request, pk):
    return _change_status(request, pk, "complete", _("The agreement is marked as completed."))


@login_required
@require_GET_or_POST
def agreement_end(request, pk):
    agreement_access = access.get_agreement(request.actor, pk)
    agreement = agreement_access.agreement
    outdated = request.method == "POST" and agreement_access.is_approver and not agreement.is_open
    if http.require_unless_outdated(request, agreement_access.can_end, outdated=outdated):
        return redirect("core:agreement_detail", pk=pk)
    form = EndEarlyForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_change_status(
                actor=request.actor, agreement=agreement, change="end_early", **form.cleaned_data
            )
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The agreement has ended early."))
        return redirect("core:agreement_detail", pk=agreement.pk)
    return render(request, "pendampingan/agreement_end.html", {"form": form, "agreement": agreement})


@login_required
@require_GET
def agreement_version(request, pk, version):
    agreement = access.get_agreement(request.actor, pk).agreement
    snapshot = agreement.version_snapshot(version)
    if snapshot is None:
        raise Http404
    compare_to = int_param(request, "compare")
    other = None
    if compare_to is not None:
        other = agreement.version_snapshot(compare_to)
    elif version > 1:
        other = agreement.version_snapshot(version - 1)
    changes = content_changes(other, snapshot, AgreementContent.CONTENT_FIELDS) if other is not None else []
    adopted = agreement.amendments.filter(adopted_as_version=version).prefetch_related("approvals").first()
    subject, subject_version = agreement.approved_through(version, adopted)
    return render(
        request,
        "pendampingan/agreement_version.html",
        {
            "agreement": agreement,
            "snapshot": snapshot,
            "other": other,
            "changes": changes,
            "version_numbers": range(1, agreement.version + 1),
            "institution_approval": subject.approval_by(Party.INSTITUTION, subject_version),
            "group_approval": subject.approval_by(Party.GROUP, subject_version),
        },
    )


@login_required
@require_GET
def agreement_print(request, pk, version):
    agreement = access.get_agreement(request.actor, pk).agreement
    template, context, _filename = printing.agreement_printed(agreement, version)
    return render(request, template, context)


@login_required
@require_GET
def agreement_pdf(request, pk, version):
    agreement = access.get_agreement(request.actor, pk).agreement
    if agreement.version_snapshot(version) is None:
        raise Http404
    return pdf.document_pdf(agreement, version)


@login_required
@require_GET
def group_list(request):
    archived = "archived" in request.GET
    groups = (
        access.visible_groups(request.actor)
        .filter(archived_at__isnull=not archived)
        .annotate(active_member_count=Count("members", filter=Q(members__is_active=True), distinct=True))
        .order_by("name")
    )
    return render(
        request,
        "pendampingan/group_list.html",
        {"groups": groups, "archived": archived, "can_create": request.actor.is_coordinator},
    )


@login_required
@require_GET_or_POST
def group_delete(request, pk):
    """Ask, then remove a group registered by mistake; one with agreements can only be archived."""
    group_access = access.get_group(request.actor, pk)
    access.require(group_access.can_edit)
    group = group_access.group
    if request.method == "POST":
        try:
            services.group_delete(group=group)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("core:group_detail", pk=pk)
        messages.success(request, _("%(name)s was removed.") % {"name": group.name})
        return redirect("core:group_list")
    refused = None
    if group.agreements.exists():
        refused = services.keeps_agreements(group)
    goes = [
        _("The group %(name)s and its record.") % {"name": group.name},
        _("Its member list (%(count)s people).") % {"count": group.members.count()},
    ]
    if group.account is not None:
        goes.append(_("Its shared login %(username)s.") % {"username": group.account.username})
    return render(
        request,
        "confirm.html",
        {
            "title": _("Remove %(name)s?") % {"name": group.name},
            "what_goes": goes,
            "what_stays": [_("Nothing: use this only for a group registered by mistake.")],
            "refused": refused,
            "submit": _("Remove the group"),
            "cancel_url": reverse("core:group_detail", args=[pk]),
        },
    )


@login_required
@require_POST
def group_archive(request, pk, archived=True):
    group_access = access.get_group(request.actor, pk)
    access.require(group_access.can_edit)
    try:
        services.group_archive(group=group_access.group, archived=archived)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        done = _("%(name)s was archived.") if archived else _("%(name)s is back among the groups.")
        messages.success(request, done % {"name": group_access.group.name})
    return redirect("core:group_detail", pk=pk)


@login_required
@require_GET_or_POST
def group_create(request):
    actor = request.actor
    _require_institution_staff(actor, coordinator=True)
    form = CommunityGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = save_edit(form, services.group_create, institution=actor.institution)
        if group is not None:
            messages.success(request, _("The group was registered. Add its members and officers next."))
            return redirect("core:group_detail", pk=group.pk)
    return render(request, "pendampingan/group_form.html", {"form": form})


@login_required
@require_GET
def group_detail(request, pk):
    group_access = access.get_group(request.actor, pk)
    group = group_access.group
    agreements = access.visible_agreements(request.actor).filter(group=group).select_related("institution")
    return render(
        request,
        "pendampingan/group_detail.html",
        {
            "group": group,
            "access": group_access,
            "members": Member.in_order(group.members.filter(is_active=True)),
            "former_members": Member.in_order(group.members.filter(is_active=False)),
            "agreements": agreements,
        },
    )


@login_required
@require_GET_or_POST
def group_edit(request, pk):
    group_access = access.get_group(request.actor, pk)
    access.require(group_access.can_edit)
    form = CommunityGroupForm(request.POST or None, instance=group_access.group)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_edit(form, services.record_update, instance=group_access.group) is not None
    ):
        messages.success(request, _("The group was saved."))
        return redirect("core:group_detail", pk=pk)
    return render(request, "pendampingan/group_form.html", {"form": form, "group": group_access.group})


@login_required
@require_GET_or_POST
def group_account(request, pk):
    """Create the group's shared login; once it exists, the page offers a new password instead."""
    group_access = access.get_group(request.actor, pk)
    access.require(group_access.can_edit)
    group = group_access.group
    form = GroupAccountForm(request.POST or None) if group.account is None else None
    if request.method == "POST" and group.account is not None:
        # Sent from a page opened before the login was made (another tab): say so, change nothing.
        messages.error(request, services.account_exists(group.account))
    if form is not None and request.method == "POST" and form.is_valid():
        password = passwords.readable_password()
        if save_edit(form, services.group_account_create, group=group, password=password) is not None:
            return _handover_slip(request, group, password)
    return render(request, "pendampingan/group_account.html", {"form": form, "group": group})


def _handover_slip(request, group, password):
    """The login's address, username and the password to hand over, printable, shown this once."""
    login_url = request.build_absolute_uri(reverse("login"))
    response = render(
        request,
        "pendampingan/group_slip.html",
        {
            "group": group,
            "password": password,
            "login_url": login_url,
            "message": share.group_login(group, login_url, password),
            "chair": group.members.filter(is_active=True, position=Member.Position.CHAIR).first(),
            "printed_at": timezone.now(),
        },
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def group_password_reset(request, pk):
    """Give the group's login a generated password, shown on this response only and stored hashed."""
    group_access = access.get_group(request.actor, pk)
    access.require(group_access.can_edit)
    group = group_access.group
    if group.account is None:
        return redirect("core:group_account", pk=pk)
    password = passwords.readable_password()
    services.group_password_set(group=group, password=password)
    return _handover_slip(request, group, password)


@login_required
@require_GET_or_POST
def member_create(request, pk):
    group_access = access.get_group(request.actor, pk)
    access.require(group_access.can_manage_members)
    form = MemberForm(request.POST or None, group=group_access.group)
    if request.method == "POST" and form.is_valid():
        member = save_edit(form, services.member_create, user=request.user, group=group_access.group)
        if member is not None:
            messages.success(request, _("%(name)s was added.") % {"name": member.name})
            # Entering a member list from paper: the next empty form, one tap away.
            return redirect("core:member_create" if "another" in request.POST else "core:group_detail", pk=pk)
    return render(request, "pendampingan/member_form.html", {"form": form, "group": group_access.group})


@login_required
@require_GET_or_POST
def member_edit(request, pk, member_pk):
    group_access, member = access.get_member(request.actor, pk, member_pk)
    access.require(group_access.can_manage_members)
    form = MemberForm(request.POST or None, instance=member, group=group_access.group)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_edit(form, services.member_update, member=member) is not None
    ):
        messages.success(request, _("%(name)s was saved.") % {"name": member.name})
        return redirect("core:group_detail", pk=pk)
    return render(
        request,
        "pendampingan/member_form.html",
        {"form": form, "group": group_access.group, "member": member},
    )


@login_required
@require_GET
def institution_detail(request, pk):
    institution_access = access.get_institution(request.actor, pk)
    institution = institution_access.institution
    staff = institution.staff.select_related("user").order_by("-user__is_active", "role", "user__first_name")
    can_edit = institution_access.can_edit
    return render(
        request,
        "pendampingan/institution_detail.html",
        {
            "institution": institution,
            "staff": staff,
            "can_edit": can_edit,
            "to_reassign": services.staff_to_reassign(institution) if can_edit else [],
            "locked": lockout.locked_logins(
                access.logins_kept_by(institution).select_related("community_group").order_by("first_name")
            )
            if can_edit
            else [],
        },
    )


@login_required
@require_POST
def login_unlock(request, pk, user_pk):
    """Let a login of the institution in again at once, on every device; its password stays."""
    institution_access = access.get_institution(request.actor, pk)
    access.require(institution_access.can_edit)
    user = get_object_or_404(access.logins_kept_by(institution_access.institution), pk=user_pk)
    name = person_name(user)
    if services.login_unlock(actor=request.actor, user=user):
        messages.success(request, _("%(name)s can log in again on every device.") % {"name": name})
    else:
        messages.info(request, _("%(name)s was not locked (any more).") % {"name": name})
    return redirect("core:institution_detail", pk=pk)


@login_required
@require_GET_or_POST
def staff_deactivate(request, pk, staff_pk):
    """Ask, then stop a person of the institution from logging in; their agreements are then listed
    on the institution's page for reassignment."""
    institution_access = access.get_institution(request.actor, pk)
    access.require(institution_access.can_edit)
    institution = institution_access.institution
    staff = get_object_or_404(institution.staff.select_related("user"), pk=staff_pk, user__is_active=True)
    name = person_name(staff.user)
    if request.method == "POST":
        try:
            services.staff_set_active(actor=request.actor, staff=staff, active=False)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("%(name)s can no longer log in. Reassign the agreements listed below.") % {"name": name},
            )
        return redirect("core:institution_detail", pk=pk)
    named = (
        Agreement.objects.filter(institution=institution)
        .open()
        .filter(Q(coordinator=staff.user) | Q(facilitators=staff.user))
        .distinct()
        .order_by("title")
    )
    stays = [_("Everything %(name)s wrote, recorded and approved, under their name.") % {"name": name}]
    stays += [
        _("Agreement “%(title)s”, until you reassign it.") % {"title": agreement.title} for agreement in named
    ]
    return render(
        request,
        "confirm.html",
        {
            "title": _("Deactivate %(name)s?") % {"name": name},
            "what_goes": [
                _("%(name)s can no longer log in; a session open on a phone ends too.") % {"name": name},
                _("%(name)s is no longer offered as a coordinator or facilitator.") % {"name": name},
            ],
            "what_stays": stays,
            "submit": _("Deactivate"),
            "cancel_url": reverse("core:institution_detail", args=[pk]),
        },
    )


@login_required
@require_POST
def staff_reactivate(request, pk, staff_pk):
    institution_access = access.get_institution(request.actor, pk)
    access.require(institution_access.can_edit)
    staff = get_object_or_404(institution_access.institution.staff.select_related("user"), pk=staff_pk)
    services.staff_set_active(actor=request.actor, staff=staff, active=True)
    messages.success(request, _("%(name)s can log in again.") % {"name": person_name(staff.user)})
    return redirect("core:institution_detail", pk=pk)


@login_required
@require_GET
def institution_list(request):
    """Every institution using the application, for the administrator who lets them in."""
    access.require(access.can_add_institutions(request.actor))
    institutions = Institution.objects.annotate(
        staff_count=Count("staff", filter=Q(staff__user__is_active=True), distinct=True),
        group_count=Count("registered_groups", distinct=True),
    ).order_by("name")
    return render(request, "pendampingan/institution_list.html", {"institutions": institutions})


@login_required
@require_GET_or_POST
def institution_create(request):
    """A new institution and its first coordinator, who gets a link to set their own password."""
    access.require(access.can_add_institutions(request.actor))
    form = NewInstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            staff = services.institution_create(**form.service_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was created.") % {"name": staff.institution.name})
            return _invitation(request, staff)
    return render(request, "pendampingan/institution_new.html", {"form": form})


@login_required
@require_GET_or_POST
def institution_edit(request, pk):
    institution_access = access.get_institution(request.actor, pk)
    access.require(institution_access.can_edit)
    institution = institution_access.institution
    form = InstitutionForm(request.POST or None, instance=institution)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_edit(form, services.record_update, instance=institution) is not None
    ):
        messages.success(request, _("The institution was saved."))
        return redirect("core:institution_detail", pk=pk)
    return render(request, "pendampingan/institution_form.html", {"form": form, "institution": institution})


@login_required
@require_GET_or_POST
def staff_create(request, pk):
    institution_access = access.get_institution(request.actor, pk)
    access.require(institution_access.can_edit)
    institution = institution_access.institution
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        staff = save_edit(form, services.staff_create, institution=institution)
        if staff is not None:
            return _invitation(request, staff)
    return render(request, "pendampingan/staff_form.html", {"form": form, "institution": institution})


@login_required
@require_POST
def staff_invite(request, pk, staff_pk):
    """A new link for someone who has not set their password yet (the first was lost or expired)."""
    institution_access = access.get_institution(request.actor, pk)
    access.require(institution_access.can_edit)
    staff = get_object_or_404(
        institution_access.institution.staff.select_related("user", "institution"),
        pk=staff_pk,
        user__is_active=True,
    )
    if staff.user.has_usable_password():
        messages.info(request, _("%(name)s has set a password already.") % {"name": person_name(staff.user)})
        return redirect("core:institution_detail", pk=pk)
    return _invitation(request, staff)


def _invitation(request, staff):
    """The page with the link to set a password, shown once to the coordinator; e-mailed if possible."""
    link, sent = invitations.send(staff)
    context = {"staff": staff, "link": link, "sent": sent, "message": share.staff_invitation(staff, link)}
    response = render(request, "pendampingan/staff_invitation.html", context)
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
def region_search(request):
    """Villages matching what was typed, for the region box's suggestions."""
    text = request.GET.get("q", "")
    found = regions.villages_matching(text, limit=15) if len(text.strip()) >= 3 else []
    return JsonResponse({"results": [{"code": r.code, "label": f"{r.path} ({r.code})"} for r in found]})


@require_GET
def verify_lookup(request):
    """Where a person types the code printed on a document."""
    form = CodeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("verify", code=form.cleaned_data["code"])
    return render(request, "pendampingan/verify_lookup.html", {"form": form})


@require_GET_or_POST
def verify(request, code):
    """The public check of a printed document's code: what it is, who approved it when, whether it
    is still in force, and the digest of its content. Nothing else of the agreement is shown.
    A visitor may also send the PDF they hold, to learn whether it is the file kept at approval.

    Whatever is typed that is not a code the visitor may check gets the same "not found"; an
    institution that turned the public check off lets only those who may see the agreement check.
    """
    if verification.too_many_lookups(lockout.client_ip(request)):
        response = render(request, "pendampingan/verify_slow_down.html", status=429)
        response["Retry-After"] = "60"
        return response
    found = verification.find(code)
    document = found.document if found is not None else None
    agreement = verification.agreement_of(document) if document is not None else None
    if agreement is not None and not agreement.institution.public_verification:
        allowed = request.user.is_authenticated and access.visible_agreements(request.actor).filter(
            pk=agreement.pk
        )
        if not allowed:
            agreement = None
    if agreement is None:
        return render(request, "pendampingan/verify_not_found.html", status=404)
    held = HeldFileForm.for_request(request) if request.method == "POST" else HeldFileForm()
    same_file = None
    if held.is_bound and held.is_valid():
        same_file = bool(found.pdf_sha256) and held.sha256() == found.pdf_sha256
    institution_approval, group_approval = found.approvals()
    context = {
        "verification": found,
        "written": verification.written(found.code),
        "kind": document._meta.verbose_name,
        "title": document.verified_title(found.version),
        "agreement": agreement,
        "institution_approval": institution_approval,
        "group_approval": group_approval,
        "superseded_at": document.superseded_at(found.version),
        "held": held,
        "same_file": same_file,
    }
    return render(request, "pendampingan/verify.html", context)
