"""Every page of the demo, for each role that may open it, is valid HTML and light enough for a phone."""

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings

from tests.e2e.demo_pages import render_all

# .ci/run installs the Nu HTML checker here from the npm registry, beside axe-core.
VNU = Path(__file__).resolve().parents[2] / ".ci/node/node_modules/vnu-jar/build/dist/vnu.jar"
MOST_BYTES = 60 * 1024

# The pages are rendered once for the module, in the fixture below; the mark has the test database made.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo seeded and every page rendered once for the whole module, then the data rolled back."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        pages, never_opened = render_all()
        transaction.set_rollback(True)
    return pages, never_opened


@pytest.fixture
def demo_pages(rendered):
    return rendered[0]


def test_it_opens_a_page_of_every_kind_for_every_role(rendered, demo_pages):
    assert rendered[1] == [], "no role could open these pages"
    roles = {page.role for page in demo_pages}
    assert roles == {"anonymous", "koordinator", "pendamping", "kelompok", "koordinator2", "admin"}
    assert len(demo_pages) > 250


def test_it_finds_no_html_error_on_any_page(demo_pages, tmp_path):
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.skip("the Nu HTML checker needs Java and vnu-jar: npm install --prefix .ci/node vnu-jar")
    where = {}
    for page in demo_pages:
        # The same HTML twice (a print page is one for every role) is checked once.
        name = hashlib.sha1(page.html.encode()).hexdigest()[:16] + ".html"
        if name not in where:
            (tmp_path / name).write_text(page.html)
            where[name] = f"{page.role} {page.path}"
    checked = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *sorted(where)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stdout)["messages"]
    errors = [
        f"{where.get(Path(m.get('url', '')).name)}, line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == []


def test_it_keeps_every_page_under_60_kb(demo_pages):
    heavy = [
        f"{page.role} {page.path}: {len(page.html.encode()) // 1024} KB"
        for page in demo_pages
        if len(page.html.encode()) > MOST_BYTES
    ]
    assert heavy == []
