from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pendampingan import paging
from records import journal
from records.access import RecordsAccess
from records.filters import JournalFilter


@login_required
@require_GET
def journal_page(request, pk):
    """The agreement's whole story, newest first, a page at a time: two queries, one to count."""
    records_access = RecordsAccess.for_actor(request.actor, pk)
    agreement = records_access.agreement
    asked = paging.without_page(request.GET)
    filterset = JournalFilter(asked or None)
    wanted = filterset.wanted()
    shown = None if wanted is None else journal.read(agreement, number=request.GET.get("page"), **wanted)
    context = {
        "access": records_access,
        "agreement": agreement,
        "filter": filterset,
        "entries": list(shown or []),
        "number": shown.number if shown else 1,
        "newer": shown.previous_page_number() if shown and shown.has_previous() else None,
        "older": shown.next_page_number() if shown and shown.has_next() else None,
        "page": shown,
        "query": asked.urlencode(),
    }
    return render(request, "records/journal.html", context)
