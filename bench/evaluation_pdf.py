"""What drawing the coordinator's evaluation report costs, against WeasyPrint drawing a plain table
document of the same number of pages in the same run.

Run: .venv/bin/python bench/evaluation_pdf.py
It loads the demo into a throwaway SQLite database in a temporary folder and renders the
report of the demo's largest agreement's plan cycle evaluation. Compare the two figures of
one run; absolute times vary from machine to machine.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="bench-evaluation-")
os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
os.environ["MEDIA_ROOT"] = f"{workdir}/media"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pendampingan.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from evaluation.models import Evaluation  # noqa: E402

ROUNDS = 5

call_command("migrate", verbosity=0)
settings.DEBUG = True
call_command("seed_demo", verbosity=0)
settings.DEBUG = False

evaluation = (
    Evaluation.objects.filter(level="cycle")
    .annotate(activities=Count("agreement__progress"))
    .order_by("-activities")
    .first()
)
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(evaluation.agreement.coordinator)
url = f"/agreements/{evaluation.agreement_id}/evaluations/{evaluation.pk}/report.pdf"


def timed(draw):
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        result = draw()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def report():
    response = client.get(url)
    assert response.status_code == 200
    return response.content


report_time, content = timed(report)
pages = len(PdfReader(io.BytesIO(content)).pages)


def plain_table(rows):
    body = "".join(f"<tr><td>{n}</td><td>Baris {n}</td><td>Rp{n * 1000:,}</td></tr>" for n in range(rows))
    return (
        "<style>@page{size:A4;margin:20mm}body{font-family:'DejaVu Sans';font-size:9pt}"
        "table{border-collapse:collapse;width:100%}td{border:1px solid #999;padding:3px}</style>"
        f"<h1>Tabel</h1><table>{body}</table>"
    )


# As many rows as fill the report's page count.
rows = 40
while len(PdfReader(io.BytesIO(HTML(string=plain_table(rows)).write_pdf())).pages) < pages:
    rows += 40
plain_time, _pdf = timed(lambda: HTML(string=plain_table(rows)).write_pdf())

print(f"evaluation report: {pages} pages, {report_time / pages:.3f} s per page (request to PDF)")
print(f"plain table of {pages} pages: {plain_time / pages:.3f} s per page")
print(f"ratio: {report_time / plain_time:.2f}×")
