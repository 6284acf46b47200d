"""docker-compose cannot run here, so its promises to the settings are checked by reading it."""

import re
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent


def documented_variables():
    lines = (PROJECT_DIR / ".env.example").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if re.match(r"^[A-Z_]+=", line)}


def variables_read_by_settings():
    source = "".join(path.read_text() for path in (PROJECT_DIR / "portal" / "settings").glob("*.py"))
    return set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', source))


def test_every_variable_the_settings_read_is_documented_with_an_empty_value():
    assert variables_read_by_settings() <= documented_variables()
    for line in (PROJECT_DIR / ".env.example").read_text().splitlines():
        if re.match(r"^[A-Z_]+=", line):
            assert line.endswith("="), f"{line} should have an empty value"


def test_compose_web_service_passes_only_variables_the_settings_read():
    compose = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    passed = set(web["environment"])
    assert passed <= variables_read_by_settings() | {"DJANGO_SETTINGS_MODULE"}
    assert {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"} <= passed
    assert web["environment"]["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"


def test_compose_database_is_healthy_before_the_web_service_starts():
    compose = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())
    db, web = compose["services"]["db"], compose["services"]["web"]
    assert db["image"].startswith("postgres:")
    assert "healthcheck" in db
    assert any(volume.startswith("pgdata:") for volume in db["volumes"])
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    database_url = web["environment"]["DATABASE_URL"]
    assert (
        f"{db['environment']['POSTGRES_USER']}:{db['environment']['POSTGRES_PASSWORD']}@db:5432/"
        in database_url
    )
    assert database_url.endswith("/" + db["environment"]["POSTGRES_DB"])
    assert web["build"] == "."
    assert (PROJECT_DIR / "Dockerfile").exists()


def test_dockerfile_serves_with_gunicorn_after_migrating_and_loading_content():
    dockerfile = (PROJECT_DIR / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile
    assert "migrate --noinput" in dockerfile
    assert "load_portal_content" in dockerfile
    assert "gunicorn portal.wsgi:application" in dockerfile


def test_the_image_leaves_out_secrets_local_data_and_development_tooling():
    ignored = {
        line.strip()
        for line in (PROJECT_DIR / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".env", ".git", ".venv", "db.sqlite3", "media", "backups"} <= ignored
    # The benchmark tooling is not installed in production; its code does not ship either.
    assert {"tests", "bench"} <= ignored
    assert not {"portal", "treatments", "nutrition", "manage.py", "requirements.txt"} & ignored
