"""Institutions and their staff: the record, staff and their invitations, locked logins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pendampingan import (
    access,
    invitations,
    lockout,
    services,
    share,
)
from pendampingan.formatting import person_name
from pendampingan.forms import (
    InstitutionForm,
    NewInstitutionForm,
    StaffForm,
)
from pendampingan.http import require_GET_or_POST, save_posted
from pendampingan.models import (
    Agreement,
    Institution,
    Refused,
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
    if save_posted(
        request, form, services.record_update, _("The institution was saved."), instance=institution
    ):
        return redirect("core:institution_detail", pk=pk)
    return render(request, "pendampingan/institution_form.html", {"form": form, "institution": institution})


@login_required
@require_GET_or_POST
def staff_create(request, pk):
    institution_access = access.get_institution(request.actor, pk)
    access.require(institution_access.can_edit)
    institution = institution_access.institution
    form = StaffForm(request.POST or None)
    if staff := save_posted(request, form, services.staff_create, institution=institution):
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
