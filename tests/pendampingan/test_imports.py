"""What the code imports: the contracts `make test` checks with import-linter stay complete, and a
starting site loads neither the demo nor the libraries that only drawing PDFs and photos needs."""

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["pendampingan", "plans", "monitoring", "records", "evaluation"]


def contract(name):
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return next(c for c in config["contracts"] if c["name"] == name)


def modules(named):
    return {f"{app}.{path.stem}" for app in APPS for path in (ROOT / app).glob("*.py") if named(path.stem)}


def test_it_keeps_every_view_module_out_of_other_apps_reach():
    views = modules(lambda name: name == "views" or name.endswith("_views"))
    forbidden = contract("No app imports another app's views")
    assert "records.record_views" in views
    assert set(forbidden["forbidden_modules"]) == views
    assert set(forbidden["source_modules"]) == set(APPS)


def test_it_keeps_every_demo_out_of_other_apps_reach():
    forbidden = contract("No app imports another app's demo")
    demos = modules(lambda name: name == "demo")
    assert "monitoring.demo" in demos
    assert set(forbidden["forbidden_modules"]) == demos
    assert set(forbidden["source_modules"]) == set(APPS)


STARTED = """
import json, sys
import django
django.setup()
print(json.dumps(sorted(sys.modules)))
"""


def test_it_starts_without_the_demo_nor_weasyprint_nor_pillow():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pendampingan.settings"}
    run = subprocess.run(
        [sys.executable, "-c", STARTED], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    loaded = json.loads(run.stdout)
    assert "pendampingan.registry" in loaded and "records.hooks" in loaded
    assert [m for m in loaded if m.rsplit(".", 1)[-1].startswith("demo")] == []
    assert [m for m in loaded if m.split(".")[0] in {"weasyprint", "PIL"}] == []
