"""When PostgreSQL goes away, patients get what was remembered or a 503 that says to come back, and the portal recovers."""

import json
import socket
import time
from http import HTTPStatus

from django.db import connection

from wagtail.models import Revision

import pytest

from portal.caching.remember import clear_caches
from portal.content.loader import DEFAULT_CONTENT_FILE, ContentLoader, read_content_file
from portal.models import ConditionPage

URL = "/conditions/muscle-twitching/"


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


DETAILS = {"Database(alias='default')": "OK", "Cache(alias='default')": "OK"}


def health(client, address="127.0.0.1", **params):
    return client.get("/health/", params, headers={"Accept": "application/json"}, REMOTE_ADDR=address)


@pytest.mark.parametrize("format_", [None, "json", "text", "atom", "rss", "openmetrics"])
def test_health_endpoint_gives_the_public_a_bare_status(client, db, format_):
    response = health(client, **({"format": format_} if format_ else {}))
    assert response.status_code == HTTPStatus.OK
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_endpoint_reports_each_check_to_staff_and_monitoring_addresses(
    client, db, superuser, editor, settings
):
    client.force_login(editor)  # edits content, but is not staff
    assert json.loads(health(client).content) == {"status": "ok"}
    client.force_login(superuser)
    assert json.loads(health(client).content) == DETAILS
    client.logout()
    settings.HEALTH_CHECK_DETAIL_ADDRESSES = ["10.0.0.0/8", "192.0.2.7"]
    assert json.loads(health(client, "192.0.2.7").content) == DETAILS
    assert json.loads(health(client, "10.20.30.40").content) == DETAILS
    assert json.loads(health(client, "192.0.2.8").content) == {"status": "ok"}
    forged = client.get("/health/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.7")
    assert json.loads(forged.content) == {"status": "ok"}


@pytest.mark.django_db(transaction=True)
def test_database_outage_gives_503_and_the_portal_recovers_on_its_own(client, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server to take away (CI runs this on PostgreSQL)")
    ContentLoader(read_content_file(DEFAULT_CONTENT_FILE)).load()
    page = ConditionPage.objects.get(locale__language_code="en")
    page.summary = "A draft saved before the outage."
    revision = page.save_revision()
    assert client.get(URL).status_code == HTTPStatus.OK

    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = closed_port()
    try:
        client.raise_request_exception = False
        # A page read before the outage is still rendered from what was remembered of it: the
        # published version, never the draft.
        response = client.get(URL)
        assert response.status_code == HTTPStatus.OK
        assert b"Muscle twitching" in response.content
        assert b"A draft saved before the outage." not in response.content
        # Anything else, or everything once nothing is cached (a server that just started), is a 503.
        assert client.get("/treatments/muscle-relaxants/").status_code == HTTPStatus.SERVICE_UNAVAILABLE
        clear_caches()
        response = client.get(URL)
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert response["Retry-After"] == "30"
        assert b"temporarily unavailable" in response.content
        assert b"Traceback" not in response.content and b"connection" not in response.content.lower()
        # An editor's session is read before any view runs: still the friendly 503, not a 500.
        client.cookies[settings.SESSION_COOKIE_NAME] = "an-editors-session"
        assert client.get(URL).status_code == HTTPStatus.SERVICE_UNAVAILABLE
        del client.cookies[settings.SESSION_COOKIE_NAME]
        # The public learns that something is wrong, never where the database server is.
        public = health(client)
        assert public.status_code >= 500
        assert json.loads(public.content) == {"status": "unavailable"}
        settings.HEALTH_CHECK_DETAIL_ADDRESSES = ["127.0.0.1"]
        detailed = health(client)
        assert detailed.status_code >= 500
        assert json.loads(detailed.content)["Database(alias='default')"] != "OK"
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port

    began = time.monotonic()
    while client.get(URL).status_code != HTTPStatus.OK:
        assert time.monotonic() - began < 10, "the portal did not recover within 10 seconds"
        time.sleep(0.1)
    assert time.monotonic() - began < 5
    assert Revision.objects.filter(pk=revision.pk).exists()
