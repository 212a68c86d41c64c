"""Pages of the files made by a job (``pendampingan.prepared``): ask, watch it being made, download."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from pendampingan import files, prepared
from pendampingan.exports import XLSX_TYPE
from pendampingan.models import PreparedFile

CONTENT_TYPES = {"xlsx": XLSX_TYPE, "csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}
# How often, in seconds, the page of a file being made looks again.
REFRESH_SECONDS = 3


@login_required
@require_POST
def prepared_ask(request, kind, fmt):
    """Ask for a file of ``kind`` with the filters of the page it was asked on (``query``)."""
    if not prepared.askable(request.actor, kind, fmt):
        raise Http404
    query = request.POST.get("query", "")[:2000]
    found = prepared.ask(request.actor, kind, query, fmt)
    return redirect("core:prepared_file", pk=found.pk)


@login_required
@require_GET
def prepared_file(request, pk):
    found = prepared.of(request.actor, pk)
    if found is None:
        raise Http404
    context = {
        "file": found,
        "refresh": REFRESH_SECONDS if found.status == PreparedFile.Status.WAITING else None,
        "others": [f for f in prepared.latest(request.actor, found.kind) if f.pk != found.pk],
    }
    return render(request, "pendampingan/prepared_file.html", context)


@login_required
@require_GET
def prepared_download(request, pk):
    found = prepared.of(request.actor, pk)
    if found is None or found.status != PreparedFile.Status.READY:
        raise Http404
    try:
        return files.serve(
            found.file, found.filename, content_type=CONTENT_TYPES[found.fmt], as_attachment=True
        )
    except FileNotFoundError as missing:
        raise Http404 from missing
