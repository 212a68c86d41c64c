"""compose.yaml is the production layout docs/deploy.md describes, with the variables the settings
read: checked here, since no container runs on the machines the suite runs on (the two-server test,
tests/pendampingan/test_two_servers.py, is the layout's working proof)."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
DEPLOY = (ROOT / "docs" / "deploy.md").read_text()
SETTINGS = (ROOT / "pendampingan" / "settings.py").read_text()
APP = ("app1", "app2", "worker", "migrate")


def read_by_settings():
    return set(
        re.findall(r'(?:env(?:int|bool|list)?\(|environ\.get\(|environ\[)\s*"([A-Z][A-Z0-9_]*)"', SETTINGS)
    )


def test_it_has_the_proxy_two_app_servers_the_worker_the_database_and_the_store():
    assert {"proxy", "app1", "app2", "worker", "db", "storage", "migrate"} <= set(SERVICES)
    for server in ("app1", "app2"):
        assert (
            SERVICES[server]["command"][0] == "gunicorn"
            and "pendampingan.wsgi" in SERVICES[server]["command"]
        )
    assert SERVICES["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert SERVICES["db"]["image"].startswith("postgres:15")
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "app1:8000" in caddyfile and "app2:8000" in caddyfile and "health_uri /health/" in caddyfile


def test_every_part_of_the_app_runs_with_the_same_environment():
    environments = [SERVICES[name]["environment"] for name in APP]
    assert all(environment == environments[0] for environment in environments)
    environment = environments[0]
    assert environment["DEBUG"] == "0" and environment["JOBS"] == "worker"
    assert (
        "@db:5432/" in environment["DATABASE_URL"] and environment["S3_ENDPOINT_URL"] == "http://storage:9000"
    )


def test_its_variables_are_the_ones_the_settings_read_and_the_deploy_guide_names():
    environment = SERVICES["app1"]["environment"]
    read = read_by_settings()
    assert {"DATABASE_URL", "SECRET_KEY", "S3_BUCKET", "JOBS", "LOG_FORMAT"} <= read
    assert set(environment) <= read, set(environment) - read
    for name in environment:
        assert f"`{name}`" in DEPLOY, name


def test_every_variable_the_settings_read_is_in_the_deploy_guide():
    missing = {name for name in read_by_settings() if f"`{name}`" not in DEPLOY}
    assert missing == set()
