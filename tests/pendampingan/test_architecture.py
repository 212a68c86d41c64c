"""One domain layer under every channel: only the web edge ever sees a request.

Access, services, approvals, printing, exports and hooks take an actor and plain data,
so the demo, a job, an import or the API call the same rules as a page does.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["pendampingan", "plans", "monitoring", "records", "evaluation"]
# The edge: views, forms, filters, middleware, the admin, template tags, URL maps, the views'
# shared helpers (http.py), management commands, and the module of what Django's login hooks
# (django-axes) are handed: they are called with a request, by Django.
EDGE = re.compile(
    r"(^|/)((\w+_)?views|forms|filters|middleware|admin|http|urls|core_urls|lockout)\.py$"
    r"|/templatetags/|/management/|/migrations/"
)


def below_the_edge():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if not EDGE.search(relative):
                yield relative, ast.parse(path.read_text(), relative)


def requests_seen(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            arguments = node.args
            names = [a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]
            if "request" in names:
                yield node.lineno, f"{getattr(node, 'name', 'lambda')}() takes a request"
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "request"
        ):
            yield node.lineno, f"reads request.{node.attr}"


def test_the_walk_reads_the_domain_layer():
    modules = {name for name, _tree in below_the_edge()}
    assert {"pendampingan/access.py", "pendampingan/approvals.py", "plans/services.py"} <= modules
    assert "pendampingan/views.py" not in modules and "monitoring/action_views.py" not in modules


def test_no_rule_below_the_edge_takes_or_reads_a_request():
    found = [f"{name}:{line} {what}" for name, tree in below_the_edge() for line, what in requests_seen(tree)]
    assert found == []


def test_the_walk_would_see_a_request_slipping_in():
    tree = ast.parse("def get_thing(request, pk):\n    return request.user\n")
    assert [what for _line, what in requests_seen(tree)] == [
        "get_thing() takes a request",
        "reads request.user",
    ]
