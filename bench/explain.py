"""Which queries of the pages read a large table whole: every query of every page of each role
(``tests/pages.py``), explained by PostgreSQL on the scale data.

Run: ``BENCH_DATABASE_URL=postgres://… .venv/bin/python bench/explain.py`` after ``make bench`` (or
``seed_scale``) filled that database. A query is listed when its plan has a sequential scan of a
table holding more than ``BENCH_LARGE`` rows (10,000 by default), with the page that ran it.
"""

import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pendampingan.settings")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
LARGE = int(os.environ.get("BENCH_LARGE", "10000"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.pages import client_for, prepare  # noqa: E402
from tests.pages import agreement_pages, overview_pages  # noqa: E402


def large_tables():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND reltuples > %s", [LARGE]
        )
        return dict(cursor.fetchall())


def sequential_scans(plan, large):
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in large:
        found.append((plan["Relation Name"], plan.get("Filter", "")))
    for child in plan.get("Plans", []):
        found.extend(sequential_scans(child, large))
    return found


def main():
    assert connection.vendor == "postgresql", "EXPLAIN's plans are PostgreSQL's: set BENCH_DATABASE_URL"
    agreement, people = prepare()
    large = large_tables()
    listed = ", ".join(f"{name} ({rows:.0f})" for name, rows in sorted(large.items()))
    print(f"Tables over {LARGE} rows: {listed}")
    scans = defaultdict(set)
    for role, (user, officer) in people.items():
        client = client_for(user, officer)
        for name, url, _kind in agreement_pages(agreement) + overview_pages(role != "group"):
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            for query in captured:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                    plan = cursor.fetchone()[0][0]["Plan"]
                for table, condition in sequential_scans(plan, large):
                    scans[(table, condition)].add(f"{role}: {name}")
    if not scans:
        print("No page reads a large table whole.")
    for (table, condition), pages in sorted(scans.items()):
        shown = condition if len(condition) < 160 else condition[:157] + "…"
        print(f"- Seq Scan on {table} {shown}\n    by " + "; ".join(sorted(pages)))


if __name__ == "__main__":
    main()
