"""Back up and restore the portal: the database (pg_dump / pg_restore, or SQLite's backup API) and the media files.

A backup is a folder holding `database.dump` (PostgreSQL, custom format) or `database.sqlite3`,
and `media.tar.gz`. Restoring replaces the target database's contents and the media folder.
"""

import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

import environ

POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"


@dataclass
class Database:
    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls):
        config = settings.DATABASES["default"]
        return cls.from_config(config)

    @classmethod
    def from_url(cls, url):
        return cls.from_config(environ.Env.db_url_config(url))

    @classmethod
    def from_config(cls, config):
        engine = config["ENGINE"].rsplit(".", 1)[-1]
        return cls(
            engine="sqlite" if engine == "sqlite3" else engine,
            name=str(config["NAME"]),
            user=config.get("USER") or "",
            password=config.get("PASSWORD") or "",
            host=str(config.get("HOST") or ""),
            port=str(config.get("PORT") or ""),
        )

    def client_arguments(self):
        arguments = ["--dbname", self.name]
        for flag, value in (("--username", self.user), ("--host", self.host), ("--port", self.port)):
            if value:
                arguments += [flag, value]
        return arguments

    def client_environment(self):
        environment = dict(os.environ)
        if self.password:
            environment["PGPASSWORD"] = self.password
        return environment


def run_client(program, arguments, database):
    if not shutil.which(program):
        raise CommandError(f"{program} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run(
        [program, *arguments], env=database.client_environment(), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise CommandError(f"{program} failed: {result.stderr.strip()[-2000:]}")


def back_up(folder, database, media_root, report=print):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=False)
    if database.engine == "postgresql":
        target = folder / POSTGRES_DUMP
        run_client(
            "pg_dump",
            ["--format=custom", "--no-owner", "--file", str(target), *database.client_arguments()],
            database,
        )
    elif database.engine == "sqlite":
        target = folder / SQLITE_COPY
        with sqlite3.connect(database.name) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        copy.close()
    else:
        raise CommandError(f"Backups support PostgreSQL and SQLite, not {database.engine}.")
    report(f"Database {database.name}: {target.stat().st_size:,} bytes -> {target}")
    media_root = Path(media_root)
    with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    files = sum(1 for path in media_root.rglob("*") if path.is_file()) if media_root.exists() else 0
    report(f"Media {media_root}: {files} files -> {folder / MEDIA_ARCHIVE}")
    return folder


def restore(folder, database, media_root, report=print):
    folder = Path(folder)
    if not folder.is_dir():
        raise CommandError(f"No backup folder at {folder}.")
    if database.engine == "postgresql":
        dump = folder / POSTGRES_DUMP
        if not dump.exists():
            raise CommandError(f"{folder} holds no PostgreSQL dump ({POSTGRES_DUMP}).")
        run_client(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *database.client_arguments(),
                str(dump),
            ],
            database,
        )
    elif database.engine == "sqlite":
        copy = folder / SQLITE_COPY
        if not copy.exists():
            raise CommandError(f"{folder} holds no SQLite copy ({SQLITE_COPY}).")
        with sqlite3.connect(copy) as source, sqlite3.connect(database.name) as target:
            source.backup(target)
        target.close()
    else:
        raise CommandError(f"Backups support PostgreSQL and SQLite, not {database.engine}.")
    report(f"Database {database.name} restored from {folder}")
    archive_path = folder / MEDIA_ARCHIVE
    if archive_path.exists():
        media_root = Path(media_root)
        staging = media_root.with_name(f"{media_root.name}.restoring")
        shutil.rmtree(staging, ignore_errors=True)
        with tarfile.open(archive_path) as archive:
            archive.extractall(staging, filter="data")
        shutil.rmtree(media_root, ignore_errors=True)
        restored = staging / "media"
        if restored.exists():
            restored.rename(media_root)
        else:
            media_root.mkdir(parents=True)
        shutil.rmtree(staging, ignore_errors=True)
        report(f"Media restored to {media_root}")
