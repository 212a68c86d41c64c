"""What the code imports: the contracts `make test` checks with import-linter stay complete."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["pendampingan", "plans", "monitoring", "records", "evaluation"]


def contract(name):
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return next(c for c in config["contracts"] if c["name"] == name)


def test_it_keeps_every_view_module_out_of_other_apps_reach():
    views = {
        f"{app}.{path.stem}"
        for app in APPS
        for path in (ROOT / app).glob("*.py")
        if path.stem == "views" or path.stem.endswith("_views")
    }
    forbidden = contract("No app imports another app's views")
    assert "records.record_views" in views
    assert set(forbidden["forbidden_modules"]) == views
    assert set(forbidden["source_modules"]) == set(APPS)
