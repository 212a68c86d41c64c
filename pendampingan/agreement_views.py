"""Agreements: the list, each agreement with its versions and amendments, approval, start and end, print."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pendampingan import (
    access,
    http,
    paging,
    pdf,
    printing,
    registry,
    services,
)
from pendampingan.concurrency import save_edit
from pendampingan.filters import AgreementFilter
from pendampingan.forms import (
    AgreementForm,
    AmendmentForm,
    EndEarlyForm,
)
from pendampingan.http import int_param, require_GET_or_POST
from pendampingan.models import (
    AgreementAmendment,
    AgreementContent,
    Approval,
    Party,
    Refused,
)
from pendampingan.versions import HISTORY_SHOWN, content_changes, history_entries


@login_required
@require_GET
def agreement_list(request):
    agreements = access.visible_agreements(request.actor)
    asked = paging.without_page(request.GET)
    filterset = AgreementFilter(asked or None, queryset=agreements, request=request)
    invalid = filterset.is_bound and not filterset.is_valid()
    found = agreements.none() if invalid else filterset.qs.order_by("-start_date", "title", "pk")
    page = paging.page_of(found.with_parties(), request.GET.get("page"))
    context = {
        "filter": filterset,
        "agreements": page.object_list,
        "page": page,
        "query": asked.urlencode(),
        "can_create": request.actor.is_coordinator,
    }
    return render(request, "pendampingan/agreement_list.html", context)


@login_required
@require_GET_or_POST
def agreement_create(request):
    actor = request.actor
    access.require_institution_staff(actor, coordinator=True)
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
