"""Project-level promises: the committed API schema is current, deploy checks pass, roles exist."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from planportal import roles

ROOT = Path(__file__).resolve().parents[2]


def test_committed_openapi_schema_is_current(tmp_path, db):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate")
    committed = ROOT / "docs" / "openapi.yaml"
    assert committed.exists(), "docs/openapi.yaml is missing: run `make schema`"
    assert generated.read_text() == committed.read_text(), "docs/openapi.yaml is stale: run `make schema` and commit it"


def test_api_docs_page_works_offline(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "swagger-ui" in body and "cdn" not in body.lower()
    assert client.get("/api/schema/").status_code == 200


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "planportal.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "x7Kq9" * 10,
    "ALLOWED_HOSTS": "planportalen.example.org",
}


def _under_production_settings(*args, unset=()):
    """Runs Python with the production settings (DJANGO_ALLOW_ASYNC_UNSAFE is set for
    Playwright only, and `unset` names variables production must not inherit)."""
    drop = ("DJANGO_ALLOW_ASYNC_UNSAFE", *unset)
    env = {**{k: v for k, v in os.environ.items() if k not in drop}, **PRODUCTION_ENV}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_keeps_database_connections():
    """A new PostgreSQL session loads the Hunspell dictionary on its first search (~0.2 s):
    production must not open a connection per request."""
    code = "from django.conf import settings as s; d = s.DATABASES['default']; "
    code += "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    result = _under_production_settings("-c", f"import django; django.setup(); {code}", unset=("DB_CONN_MAX_AGE",))
    max_age, health_checks = result.stdout.split()
    assert int(max_age) >= 60 and health_checks == "True", result.stderr


def test_deploy_check_reports_nothing_under_production_settings():
    result = _under_production_settings("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_roles_exist_as_groups():
    # What migrate (and every flush, through post_migrate) runs; asserted directly so that a
    # transactional test's flush earlier in the run cannot decide the outcome.
    roles.sync_role_permissions()
    assert set(roles.ROLES) <= set(Group.objects.values_list("name", flat=True))


@pytest.mark.django_db
def test_role_helpers(planner, municipality, signed_in_user, administrator):
    assert roles.has_role(planner, roles.PLANNER)
    assert not roles.has_role(planner, roles.EDITOR)
    assert roles.user_organisation(planner) == municipality
    assert roles.user_organisation(signed_in_user) is None
    assert roles.has_role(administrator, roles.EDITOR)  # superusers hold every role
    from django.contrib.auth.models import AnonymousUser

    assert not roles.has_role(AnonymousUser(), roles.PLANNER)
    assert roles.user_organisation(AnonymousUser()) is None


def test_api_root_lists_every_part(client, db):
    root = client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    for name in ("documents", "layers", "organisations", "networks", "meetings", "municipalities", "rus"):
        assert root[name].startswith("http://testserver/api/v1/"), name
    assert client.get(root["rus"], HTTP_ACCEPT="application/json").json()["goals"].endswith("/api/v1/rus/goals/")
    assert client.get(root["documents"]).status_code == 200
