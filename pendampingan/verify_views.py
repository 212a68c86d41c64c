"""The public check of a printed document's verification code."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from pendampingan import (
    access,
    lockout,
    verification,
)
from pendampingan.forms import (
    CodeForm,
    HeldFileForm,
)
from pendampingan.http import require_GET_or_POST


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
