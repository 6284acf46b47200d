"""Settings come from the environment, and bad configuration fails with one clear line."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent

SHOW_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), 'host': db.get('HOST', ''), "
    "'port': db.get('PORT', ''), 'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS}))"
)


def run(args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, timeout=120
    )


def settings_under(module, **env):
    result = run(["-c", SHOW_SETTINGS], DJANGO_SETTINGS_MODULE=module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_database_url_is_honoured():
    shown = settings_under("portal.settings.dev", DATABASE_URL="postgres://someone:pw@db.example:6543/portal")
    assert shown["engine"] == "django.db.backends.postgresql"
    assert (shown["name"], shown["host"], shown["port"]) == ("portal", "db.example", 6543)


def test_sqlite_file_in_the_project_folder_is_the_default():
    shown = settings_under("portal.settings.dev")
    assert shown["engine"] == "django.db.backends.sqlite3"
    assert shown["name"] == str(PROJECT_DIR / "db.sqlite3")


def test_base_settings_are_safe_by_default():
    shown = settings_under("portal.settings.base")
    assert shown["debug"] is False
    assert shown["hosts"] == []
    result = run(["-c", "from portal.settings import base; print(repr(base.SECRET_KEY))"])
    assert result.stdout.strip() == "''"


def test_the_public_address_is_joined_to_paths_without_a_double_slash():
    program = "from portal.settings import base; print(base.WAGTAILADMIN_BASE_URL + '/admin/')"
    result = run(["-c", program], WAGTAILADMIN_BASE_URL="https://portal.example.org/")
    assert result.stdout.strip() == "https://portal.example.org/admin/"


def test_dev_opts_into_debug_and_allowed_hosts_come_from_env():
    assert settings_under("portal.settings.dev")["debug"] is True
    shown = settings_under("portal.settings.dev", ALLOWED_HOSTS="a.example,b.example", DEBUG="false")
    assert shown["hosts"] == ["a.example", "b.example"]
    assert shown["debug"] is False


@pytest.mark.parametrize(
    "url", ["not-a-url", "postgres://", "postgres://u:p@host:notaport/db", "nosuchdb://host/db"]
)
def test_malformed_database_url_gives_one_clear_line(url):
    result = run(["manage.py", "check"], DATABASE_URL=url)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Configuration error: DATABASE_URL is not a valid database URL")


def test_production_refuses_to_start_without_secret_key():
    result = run(["manage.py", "check"], DJANGO_SETTINGS_MODULE="portal.settings.production")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        line
        for line in result.stderr.strip().splitlines()
        if line.startswith("Configuration error: SECRET_KEY")
    ]


def test_production_passes_the_deployment_checks():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
        DATABASE_URL="sqlite:////tmp/portal-deploy-check.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("module", "has_bench"),
    [
        ("portal.settings.production", False),
        ("portal.settings.dev", True),
        ("portal.settings.test", True),
        ("bench.settings", True),
    ],
)
def test_the_benchmark_tooling_is_an_app_everywhere_but_in_production(module, has_bench):
    program = "from django.conf import settings; print('bench' in settings.INSTALLED_APPS)"
    result = run(["-c", program], DJANGO_SETTINGS_MODULE=module, SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(has_bench)


def test_the_api_rate_is_checked_when_the_portal_starts():
    program = "from portal.settings import base; print(base.PUBLIC_API_RATE)"
    assert run(["-c", program]).stdout.strip() == "120/minute"
    assert run(["-c", program], PUBLIC_API_RATE="").stdout.strip() == "120/minute"
    assert run(["-c", program], PUBLIC_API_RATE="30/second").stdout.strip() == "30/second"
    refused = run(["-c", program], PUBLIC_API_RATE="lots")
    assert refused.returncode != 0
    assert "PUBLIC_API_RATE must be a number of requests per second, minute, hour or day" in refused.stderr
