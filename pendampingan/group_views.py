"""Community groups: the list, each group's record, its shared login and handover slip, its members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pendampingan import (
    access,
    paging,
    passwords,
    services,
    share,
    sql,
)
from pendampingan.concurrency import save_edit
from pendampingan.forms import (
    CommunityGroupForm,
    GroupAccountForm,
    MemberForm,
)
from pendampingan.http import require_GET_or_POST
from pendampingan.models import (
    Member,
    Refused,
)


@login_required
@require_GET
def group_list(request):
    archived = "archived" in request.GET
    groups = (
        access.visible_groups(request.actor)
        .filter(archived_at__isnull=not archived)
        .annotate(active_member_count=sql.count_of(Member.objects.filter(is_active=True), "group"))
        .order_by("name", "pk")
    )
    page = paging.page_of(groups, request.GET.get("page"))
    context = {
        "groups": page.object_list,
        "page": page,
        "query": paging.without_page(request.GET).urlencode(),
        "archived": archived,
        "can_create": request.actor.is_coordinator,
    }
    return render(request, "pendampingan/group_list.html", context)


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
    access.require_institution_staff(actor, coordinator=True)
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
