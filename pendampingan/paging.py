"""Lists that grow with the record, shown a page at a time, the same way on every page.

``page_of(items, asked)`` is the page asked for in ``?page=``: anything that is not a page
number shows the first page, a number past the last the last page, so an edited or stale
address is never an error. The template ``_pagination.html`` draws the links, keeping the
list's filters (``without_page``) in them.
"""

from django.core.paginator import Paginator

PER_PAGE = 25
# More digits than any page count: such a number asks for the last page.
_DIGITS = 18


def page_of(items, asked, per_page=None):
    """The ``django.core.paginator.Page`` of ``items`` (a queryset or a list) that ``asked`` (the
    raw ``?page=`` value, or a number) names: two queries for a queryset, one to count it.

    Its ``links`` are the page numbers to offer, None where a run of them is left out.
    """
    paginator = Paginator(items, per_page or PER_PAGE)
    text = str(asked or "").strip()
    if text.isascii() and text.isdigit():
        number = int(text) if len(text) <= _DIGITS else paginator.num_pages
    else:
        number = 1
    page = paginator.page(min(max(number, 1), paginator.num_pages))
    # One page either side and one at each end: a row that fits a phone's width.
    page.links = [
        None if n == paginator.ELLIPSIS else n
        for n in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return page


def page_of_keys(rows, asked, per_page=None, before_read=None):
    """``page_of`` a queryset of wide rows (parties joined, records prefetched): the database orders
    and picks the page by the keys alone, then reads only the page's rows, in that order. Sorting
    thousands of rows joined to everything they show is what costs; one query more.
    ``before_read(keys)``, if given, is called with the page's keys before its rows are read (to
    bring up to date what they show)."""
    page = page_of(rows.values_list("pk", flat=True), asked, per_page)
    if before_read is not None:
        before_read(list(page.object_list))
    found = {row.pk: row for row in rows.order_by().filter(pk__in=list(page.object_list))}
    page.object_list = [found[pk] for pk in page.object_list]
    return page


def without_page(query):
    """``query`` (a request's ``GET``) without its page number: what a list's filter reads, and what
    its page links keep (``.urlencode()``)."""
    query = query.copy()
    query.pop("page", None)
    return query
