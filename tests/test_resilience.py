"""When PostgreSQL goes away, patients get what was remembered or a 503 that says to come back, and the portal recovers."""

import json
import socket
import time
from http import HTTPStatus

from django.db import connection

from wagtail.models import Revision

import pytest

from portal.content_loader import DEFAULT_CONTENT_FILE, ContentLoader, read_content_file
from portal.models import ConditionPage
from portal.page_cache import clear_caches

URL = "/conditions/muscle-twitching/"


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_health_endpoint_reports_the_database_and_cache(client, db):
    response = client.get("/health/", headers={"Accept": "application/json"})
    assert response.status_code == HTTPStatus.OK
    assert json.loads(response.content) == {"Database(alias='default')": "OK", "Cache(alias='default')": "OK"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_database_outage_gives_503_and_the_portal_recovers_on_its_own(client):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server to take away (CI runs this on PostgreSQL)")
    ContentLoader(read_content_file(DEFAULT_CONTENT_FILE)).load()
    page = ConditionPage.objects.get()
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
        health = client.get("/health/", headers={"Accept": "application/json"})
        assert health.status_code >= 500
        assert json.loads(health.content)["Database(alias='default')"] != "OK"
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port

    began = time.monotonic()
    while client.get(URL).status_code != HTTPStatus.OK:
        assert time.monotonic() - began < 10, "the portal did not recover within 10 seconds"
        time.sleep(0.1)
    assert time.monotonic() - began < 5
    assert Revision.objects.filter(pk=revision.pk).exists()
