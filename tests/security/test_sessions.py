"""Admin sessions: they end when the editor leaves (idle or closing the browser) and only on purpose."""

import datetime
import os
import subprocess
import sys
from contextlib import contextmanager
from http import HTTPStatus
from unittest import mock

from django.urls import reverse
from django.utils import timezone

from wagtail.admin.models import EditingSession

import pytest

from portal.models import ConditionPage

pytestmark = pytest.mark.django_db

LOGIN = "/admin/account/login/"


@pytest.fixture
def signed_in(client, editor):
    response = client.post(
        LOGIN,
        {
            "login_view-current_step": "auth",
            "auth-username": "editor",
            "auth-password": "an editor passphrase",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    return response


@contextmanager
def minutes_later(minutes):
    """The clock, as Django's sessions read it, moved forward."""
    later = timezone.now() + datetime.timedelta(minutes=minutes)
    with mock.patch("django.utils.timezone.now", return_value=later):
        yield


def signed_in_to_the_admin(client):
    response = client.get("/admin/")
    if response.status_code == HTTPStatus.FOUND:
        assert response["Location"].startswith(f"{LOGIN}?next=")
        return False
    assert response.status_code == HTTPStatus.OK
    return True


def test_an_editor_at_work_stays_signed_in_and_one_who_leaves_is_signed_out(client, signed_in, settings):
    assert settings.SESSION_IDLE_TIMEOUT_MINUTES == 30
    with minutes_later(25):
        assert signed_in_to_the_admin(client)
    with minutes_later(50):
        assert signed_in_to_the_admin(client)
    with minutes_later(50 + 31):
        assert not signed_in_to_the_admin(client)


def test_an_edit_page_left_open_does_not_keep_the_session_alive(client, signed_in):
    page = ConditionPage.objects.get(slug="muscle-twitching")
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == HTTPStatus.OK
    editing_session = EditingSession.objects.get(user__username="editor")
    ping = reverse(
        "wagtailadmin_editing_sessions:ping", args=("wagtailcore", "page", page.pk, editing_session.pk)
    )
    for minutes in (10, 20, 29):
        with minutes_later(minutes):
            assert client.post(ping).status_code == HTTPStatus.OK
    with minutes_later(31):
        assert not signed_in_to_the_admin(client)


def test_the_session_ends_when_the_browser_closes(signed_in):
    cookie = signed_in.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_the_idle_timeout_is_configurable(client, signed_in, settings):
    program = (
        "import django; from django.conf import settings; django.setup(); print(settings.SESSION_COOKIE_AGE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        env={**os.environ, "SESSION_IDLE_TIMEOUT_MINUTES": "5"},
        capture_output=True,
        text=True,
        check=True,
    )
    settings.SESSION_COOKIE_AGE = int(result.stdout)
    client.get("/admin/")
    with minutes_later(6):
        assert not signed_in_to_the_admin(client)


def test_patients_still_get_no_session_cookie(client):
    for url in ("/", "/conditions/muscle-twitching/", "/search/?q=cramp"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_only_a_post_signs_out(client, signed_in, method):
    response = getattr(client, method)("/admin/logout/")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert signed_in_to_the_admin(client)

    response = client.post("/admin/logout/")
    assert response.status_code == HTTPStatus.FOUND
    assert not signed_in_to_the_admin(client)
