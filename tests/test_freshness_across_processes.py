"""Once a change commits, no gunicorn worker serves what it replaced, whichever process made it.

Real gunicorn with production settings and 2 workers, each keeping its own memory, and once more
with Redis shared by them as well (when REDIS_URL is set, as .ci/run sets it), on a
PostgreSQL database of its own with the portal's content. Every change is made by another
process, as cron's publish_scheduled, manage.py or a second server would make it. Each check
samples requests, each on a new connection and two at once, until the access log shows both
workers answering; a worker that kept the old state would be caught.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
WORKERS = 2
SAMPLES = 48
MAX_BATCHES = 5
CONDITION = "/conditions/muscle-twitching/"
MEDICATION = "/treatments/anticonvulsants/"

pytestmark = pytest.mark.slow


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True, capture_output=True, text=True
    ).stdout


class Portal:
    """A deployment: gunicorn's workers on one database, and a way to change it from outside."""

    def __init__(self, env, port, access_log):
        self.env = env
        self.port = port
        self.access_log = access_log

    def manage(self, *args):
        return manage(self.env, *args)

    def change(self, code):
        """Run Django code in a process of its own, as a cron job or a second server would."""
        self.manage("shell", "-c", code)

    def get(self, path, sample):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            headers={"X-Forwarded-Proto": "https", "X-Sample": sample, "Connection": "close"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sample(self, path):
        """Answers for path, SAMPLES at a time and two at once, until the access log shows that
        every worker gave some (each worker keeps its own memory, so each must be heard)."""
        answers = []
        for _ in range(MAX_BATCHES):
            marker = uuid.uuid4().hex
            with ThreadPoolExecutor(max_workers=WORKERS) as pool:
                answers += pool.map(self.get, [path] * SAMPLES, [marker] * SAMPLES)
            if len(self.workers_that_answered(marker)) == WORKERS:
                return answers
        pytest.fail(f"only one worker answered {path} in {len(answers)} requests")

    def workers_that_answered(self, marker):
        deadline = time.monotonic() + 2
        while True:
            served_by = set(re.findall(rf"^<(\d+)> {marker}$", self.access_log.read_text(), re.MULTILINE))
            if len(served_by) == WORKERS or time.monotonic() > deadline:
                return served_by
            time.sleep(0.1)

    def warm(self, *paths):
        for path in paths:
            for status, _ in self.sample(path):
                assert status == 200, path


def production_env(database_url, redis):
    """The environment of a production deployment on the database, with Redis or without."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "PAGE_CACHE_SECONDS", "CACHE_KEY_PREFIX", "REDIS_URL"}
    }
    if redis:
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        PAGE_CACHE_SECONDS="600",
        CACHE_KEY_PREFIX=f"portal-processes-{os.getpid()}",
    )
    return env


def psql(server_url, statement):
    subprocess.run(["psql", f"{server_url}/postgres", "-q", "-c", statement], check=True)


@pytest.fixture(scope="module")
def content_database():
    """A database migrated and loaded with the portal's content once, from which each deployment's
    own database is copied (migrating and loading take over a minute; a copy, a second)."""
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL (CI runs this against it)")
    server_url, _, _ = database_url.rpartition("/")
    database = f"portal_processes_content_{os.getpid()}"
    psql(server_url, f"CREATE DATABASE {database}")
    try:
        env = production_env(f"{server_url}/{database}", redis=False)
        for command in (["migrate", "--noinput"], ["load_portal_content"], ["collectstatic", "--noinput"]):
            manage(env, *command, "-v0")
        yield server_url, database
    finally:
        psql(server_url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


@pytest.fixture(scope="module", params=["memory", "redis"])
def portal(request, tmp_path_factory, content_database):
    if request.param == "redis" and not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL (CI sets it when Redis answers)")
    server_url, template = content_database
    database = f"portal_processes_{request.param}_{os.getpid()}"
    env = production_env(f"{server_url}/{database}", redis=request.param == "redis")
    psql(server_url, f"CREATE DATABASE {database} TEMPLATE {template}")
    access_log = tmp_path_factory.mktemp("gunicorn") / "access.log"
    access_log.touch()
    port = free_port()
    deployment = Portal(env, port, access_log)
    server = None
    try:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                f"--workers={WORKERS}",
                f"--bind=127.0.0.1:{port}",
                f"--access-logfile={access_log}",
                "--access-logformat=%(p)s %({x-sample}i)s",
                "--log-level=warning",
            ],
            cwd=PROJECT,
            env=env,
            start_new_session=True,
        )
        for _ in range(150):
            try:
                deployment.get("/robots.txt", "start")
                break
            except OSError:
                time.sleep(0.2)
        yield deployment
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        psql(server_url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def test_a_page_made_password_protected_is_never_served_whole_again(portal):
    uncached = CONDITION + "?from=a-link"
    for path in (CONDITION, uncached):
        assert all("Magnesium" in html for _, html in portal.sample(path))
    portal.change(
        "from wagtail.models import Page, PageViewRestriction; "
        f"PageViewRestriction.objects.create(page=Page.objects.get(url_path='/home{CONDITION}'), "
        "restriction_type='password', password='for staff only')"
    )
    for path in (CONDITION, uncached):
        answers = portal.sample(path)
        assert all("This page needs a password" in html for _, html in answers), path
        assert not any("Magnesium" in html for _, html in answers), path


def test_an_unpublished_page_is_gone_from_every_worker_and_from_the_pages_that_linked_to_it(portal):
    portal.warm(MEDICATION, "/treatments/")
    assert all("Anticonvulsants" in html for _, html in portal.sample("/treatments/"))
    portal.change(
        f"from wagtail.models import Page; Page.objects.get(url_path='/home{MEDICATION}').unpublish()"
    )
    assert {status for status, _ in portal.sample(MEDICATION)} == {404}
    assert not any("Anticonvulsants" in html for _, html in portal.sample("/treatments/"))


def test_a_page_is_withdrawn_at_its_expiry_time_without_waiting_for_cron(portal):
    path = "/treatments/stress-management/"
    portal.change(
        "import datetime; from django.utils import timezone; from wagtail.models import Page; "
        f"page = Page.objects.get(url_path='/home{path}').specific; "
        "page.expire_at = timezone.now() + datetime.timedelta(seconds=4); "
        "page.save_revision().publish()"
    )
    portal.warm(path)
    time.sleep(5)
    assert {status for status, _ in portal.sample(path)} == {404}
    # Withdrawn once, as publish_scheduled would have: logged, and nothing left for cron to do.
    portal.manage("publish_scheduled")
    withdrawals = portal.manage(
        "shell",
        "-c",
        "from wagtail.models import PageLogEntry; "
        f"print(PageLogEntry.objects.filter(page__url_path='/home{path}', action='wagtail.unpublish.scheduled').count())",
    )
    assert withdrawals.split()[-1] == "1"


def test_a_page_expired_by_publish_scheduled_is_gone_from_every_worker(portal):
    path = "/treatments/physical-therapy/"
    portal.warm(path)
    # As if the page expired while the portal's own check had not yet run: the expiry is written
    # straight into the database, so only publish_scheduled withdraws it.
    portal.change(
        "import datetime; from django.utils import timezone; from wagtail.models import Page; "
        f"Page.objects.filter(url_path='/home{path}').update(expire_at=timezone.now() - datetime.timedelta(minutes=1))"
    )
    portal.manage("publish_scheduled")
    assert {status for status, _ in portal.sample(path)} == {404}


def test_a_renamed_symptom_shows_on_every_worker(portal):
    portal.warm("/symptoms/", "/symptoms/eyelid-twitching/")
    portal.change(
        "from portal.models import Symptom; symptom = Symptom.objects.get(slug='eyelid-twitching'); "
        "symptom.name = 'Eyelid twitching (renamed)'; symptom.save()"
    )
    for path in ("/symptoms/", "/symptoms/eyelid-twitching/"):
        assert all("Eyelid twitching (renamed)" in html for _, html in portal.sample(path)), path


def test_a_document_moved_into_a_private_collection_leaves_the_api_listing(portal):
    portal.change(
        "from django.core.files.base import ContentFile; from wagtail.documents.models import Document; "
        "from wagtail.models import Collection; "
        "Document.objects.create(title='Leaflet for staff', file=ContentFile(b'leaflet', name='leaflet.txt'), "
        "collection=Collection.get_first_root_node())"
    )
    assert all("Leaflet for staff" in html for _, html in portal.sample("/api/v2/documents/"))
    portal.change(
        "from wagtail.documents.models import Document; "
        "from wagtail.models import Collection, CollectionViewRestriction; "
        "private = Collection.get_first_root_node().add_child(name='Staff only'); "
        "CollectionViewRestriction.objects.create(collection=private, restriction_type='login'); "
        "document = Document.objects.get(title='Leaflet for staff'); document.collection = private; document.save()"
    )
    assert not any("Leaflet for staff" in html for _, html in portal.sample("/api/v2/documents/"))
