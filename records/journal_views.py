from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from records import journal
from records.access import RecordsAccess
from records.filters import JournalFilter


@login_required
@require_GET
def journal_page(request, pk):
    """The agreement's whole story, newest first, a page at a time: one query per source."""
    records_access = RecordsAccess.for_actor(request.actor, pk)
    agreement = records_access.agreement
    filterset = JournalFilter({k: v for k, v in request.GET.items() if k != "page"} or None)
    try:
        number = max(1, min(int(request.GET.get("page", "1")), journal.MAX_PAGE))
    except ValueError:
        number = 1
    wanted = filterset.wanted()
    entries, more = journal.page(agreement, number=number, **wanted) if wanted is not None else ([], False)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "access": records_access,
        "agreement": agreement,
        "filter": filterset,
        "entries": entries,
        "number": number,
        "newer": number - 1 if number > 1 else None,
        "older": number + 1 if more else None,
        "query": query.urlencode(),
    }
    return render(request, "records/journal.html", context)
