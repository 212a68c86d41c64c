"""Every page costs the same whatever the record holds: measured on scale data (``seed_scale``) at two
sizes, for each party that opens it.

Each page of an agreement (``tests.pages``) and each page over all of a person's agreements runs
the same number of queries with three groups and with nine, and that number is the one pinned
here: a change that adds a query to a page updates its pin knowingly. The overview pages show a
page of rows (their page size lowered here so that nine groups fill several), so their HTML does
not grow with the number of agreements either.

The pages of an agreement are measured on a copied group written by ``seed_scale`` at each size,
whose PDFs nobody has drawn yet: the coordinator draws and keeps each approved document, the
facilitator and the group are served the kept file.
"""

import io

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pendampingan import paging
from pendampingan import views as core_views
from pendampingan.access import OFFICER_SESSION_KEY
from pendampingan.models import CommunityGroup
from tests.conftest import body
from tests.evaluation.test_seed_scale import demo_institution  # noqa: F401 (a fixture)
from tests.pages import HTML, agreement_pages, overview_pages

pytestmark = pytest.mark.django_db

ROLES = ("coordinator", "facilitator", "group")
# Queries of each page: (coordinator, facilitator, the group's login with an acting officer; None
# for a page of the institution's staff only). The group's login reads its acting officer and its
# group besides; the coordinator draws an approved document's PDF and keeps it (the agreement,
# the plan, the minutes, the evaluation report), the others are served the file kept.
PINNED = {
    "agreement": (28, 28, 30),
    "agreement version": (9, 9, 11),
    "journal": (9, 9, 11),
    "plan": (15, 15, 17),
    "plan revisions": (13, 13, 15),
    "plan revision": (15, 15, 17),
    "plan activities": (12, 12, 14),
    "plan print": (15, 15, 17),
    "progress": (9, 9, 11),
    "progress print": (22, 22, 24),
    "activity": (10, 10, 12),
    "new progress entry": (9, 9, 11),
    "indicators": (9, 9, 11),
    "indicator": (10, 10, 12),
    "health": (20, 20, 22),
    "deviations": (18, 18, 20),
    "corrective actions": (8, 8, 10),
    "corrective action": (11, 11, 13),
    "new corrective action": (9, 9, 11),
    "assessments": (12, 12, 14),
    "assessment round": (12, 12, 14),
    "meetings": (9, 9, 11),
    "meeting": (24, 24, 26),
    "minutes print": (15, 15, 17),
    "activity records": (11, 11, 13),
    "activity record": (12, 12, 14),
    "evaluations": (9, 9, 11),
    "evaluation": (11, 11, 13),
    "evaluation report": (12, 12, 14),
    "plan export": (13, 13, 15),
    "progress export": (11, 11, 13),
    "agreement PDF": (20, 9, 11),
    "plan PDF": (28, 10, 12),
    "progress PDF": (22, 22, 24),
    "minutes PDF": (21, 9, 11),
    "attendance PDF": (12, 12, 14),
    "evaluation report PDF": (27, 12, 14),
    "dashboard": (30, 28, 32),
    "waiting": (29, 27, 31),
    "agreements": (9, 9, 11),
    "groups": (5, 5, None),
    "portfolio": (11, 11, None),
    "portfolio, off track": (12, 12, None),
    "portfolio export": (5, 5, None),
    "evaluation portfolio": (16, 16, None),
    "evaluation portfolio PDF": (15, 15, None),
}
# How much an overview page's HTML may differ between the sizes: its page links gain a number or
# two, and the rows shown are other agreements, with names of other lengths. Listed whole, the six
# agreements more would add six rows: more than 1,500 bytes on each of these pages.
SLACK = 400
# The lists nine groups fill several pages of, pages of two rows: they show links to the others.
PAGED = ["waiting", "agreements", "groups", "portfolio", "evaluation portfolio"]


def clients(group):
    agreement = group.agreements.get()
    coordinator, facilitator, login = Client(), Client(), Client()
    coordinator.force_login(agreement.coordinator)
    facilitator.force_login(agreement.facilitators.order_by("pk").first())
    login.force_login(group.account)
    session = login.session
    session[OFFICER_SESSION_KEY] = group.members.get(position="chair").pk
    session.save()
    return dict(zip(ROLES, (coordinator, facilitator, login), strict=True))


def measure(group):
    """``{(page, role): (queries, HTML bytes, whether it links to other pages)}`` of each page each
    party opens, ``group``'s agreement's and those over all agreements."""
    # What a process reads once and keeps is no page's cost.
    ContentType.objects.get_for_models(*apps.get_models())
    seen = {}
    for role, client in clients(group).items():
        pages = agreement_pages(group.agreements.get()) + overview_pages(staff=role != "group")
        for name, url, _kind in pages:
            reset_queries()  # a full log (seed_scale's) would count nothing
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
                content = body(response)  # a streamed export reads its rows as it is sent
            assert response.status_code == 200, (name, role, response.status_code)
            seen[name, role] = (len(queries), len(content), b'<nav class="pager' in content)
    return seen


def scale(groups):
    call_command("seed_scale", groups=groups, prototypes=2, stdout=io.StringIO())
    return CommunityGroup.objects.filter(account__username__startswith="skala.").order_by("pk")


def test_every_page_costs_the_same_with_three_groups_as_with_nine(demo_institution, monkeypatch):  # noqa: F811
    monkeypatch.setattr(paging, "PER_PAGE", 2)
    monkeypatch.setattr(core_views, "SHOWN", 2)
    monkeypatch.setattr(core_views, "WAITING_PER_PAGE", 2)
    small = measure(scale(3)[2])
    big = measure(scale(9)[8])

    grown = {page: (small[page][0], big[page][0]) for page in small if small[page][0] != big[page][0]}
    assert not grown, f"queries at 3 and at 9 groups: {grown}"
    counted = {}
    for (name, role), (queries, _size, _paged) in small.items():
        counted.setdefault(name, [None] * len(ROLES))[ROLES.index(role)] = queries
    changed = {
        name: (PINNED.get(name), tuple(counts))
        for name, counts in counted.items()
        if PINNED.get(name) != tuple(counts)
    }
    assert not changed, f"pinned and counted: {changed}"

    overview = {name for name, _url, kind in overview_pages() if kind == HTML}
    larger = {
        (name, role): (small[name, role][1], big[name, role][1])
        for name, role in small
        if name in overview and big[name, role][1] > small[name, role][1] + SLACK
    }
    assert not larger, f"HTML bytes at 3 and at 9 groups: {larger}"
    assert all(big[name, "coordinator"][2] for name in PAGED)
