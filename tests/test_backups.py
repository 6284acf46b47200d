"""`make backup` and `make restore`: a backup restored into a scratch database holds the same site."""

import io
import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

import pytest

from portal.site.backups import Database

COUNTED_TABLES = [
    "wagtailcore_page",
    "wagtailcore_revision",
    "wagtailcore_modellogentry",
    "wagtailcore_pagelogentry",
]


def counts_in_postgres(database):
    import psycopg2

    with (
        psycopg2.connect(
            dbname=database.name,
            user=database.user or None,
            host=database.host or None,
            port=database.port or None,
        ) as connection,
        connection.cursor() as cursor,
    ):
        result = {}
        for table in COUNTED_TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            result[table] = cursor.fetchone()[0]
        cursor.execute("SELECT title FROM wagtailcore_page ORDER BY path")
        result["titles"] = [row[0] for row in cursor.fetchall()]
    connection.close()
    return result


def counts_in_sqlite(path):
    with sqlite3.connect(path) as connection:
        result = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in COUNTED_TABLES
        }
        result["titles"] = [
            row[0] for row in connection.execute("SELECT title FROM wagtailcore_page ORDER BY path")
        ]
    connection.close()
    return result


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "leaflet.txt").write_text("A leaflet for patients.")
    return settings.MEDIA_ROOT


def reload_content():
    from portal.content.loader import DEFAULT_CONTENT_FILE, ContentLoader, read_content_file

    ContentLoader(read_content_file(DEFAULT_CONTENT_FILE)).load()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump/pg_restore round trip (CI runs it on PostgreSQL)"
)
def test_a_postgres_backup_restores_into_a_scratch_database(tmp_path, media):
    reload_content()
    source = Database.from_settings()
    scratch = Database(**{**source.__dict__, "name": f"{source.name}_restore"})
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{scratch.name}"')
        cursor.execute(f'CREATE DATABASE "{scratch.name}"')
    try:
        out = io.StringIO()
        call_command("backup_portal", output=str(tmp_path / "backup"), stdout=out)
        assert "Backup written to" in out.getvalue()
        (media / "documents" / "leaflet.txt").write_text("changed after the backup")

        url = f"postgres://{scratch.user}@{scratch.host or 'localhost'}:{scratch.port or 5432}/{scratch.name}"
        call_command("restore_portal", str(tmp_path / "backup"), database_url=url, noinput=True, stdout=out)

        expected, restored = counts_in_postgres(source), counts_in_postgres(scratch)
        assert restored == expected
        assert expected["wagtailcore_revision"] > 0 and expected["wagtailcore_pagelogentry"] > 0
        assert (media / "documents" / "leaflet.txt").read_text() == "A leaflet for patients."
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch.name}" WITH (FORCE)')


def test_a_sqlite_backup_round_trips(tmp_path, media):
    source_path = tmp_path / "source.sqlite3"
    with sqlite3.connect(source_path) as db:
        db.executescript(
            "".join(
                f"CREATE TABLE {table} (id integer primary key, title text, path text);"
                for table in COUNTED_TABLES
            )
        )
        db.executemany(
            "INSERT INTO wagtailcore_page (title, path) VALUES (?, ?)",
            [("Home", "0001"), ("Muscle twitching", "00010001")],
        )
        db.execute("INSERT INTO wagtailcore_revision (title) VALUES ('r1')")
    db.close()
    source = Database(engine="sqlite", name=str(source_path))
    from portal.site.backups import back_up, restore

    back_up(tmp_path / "backup", source, media, report=lambda line: None)
    target_path = tmp_path / "restored.sqlite3"
    restore(
        tmp_path / "backup", Database(engine="sqlite", name=str(target_path)), media, report=lambda line: None
    )
    assert counts_in_sqlite(target_path) == counts_in_sqlite(source_path)


def test_restoring_asks_first_and_cancelling_changes_nothing(tmp_path, media, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore_portal", str(tmp_path / "missing"))


def test_a_missing_backup_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No backup folder"):
        call_command("restore_portal", str(tmp_path / "missing"), noinput=True)


def test_backups_are_kept_out_of_git():
    assert "backups/" in (Path(settings.BASE_DIR) / ".gitignore").read_text().split()
