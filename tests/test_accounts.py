"""Admin accounts: brute force is throttled without telling anyone which usernames exist."""

from http import HTTPStatus

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

import pytest

pytestmark = pytest.mark.django_db

PASSPHRASE = "a long admin passphrase"  # the superuser fixture's password


def log_in(client, username, password):
    return client.post(
        "/admin/account/login/",
        {"login_view-current_step": "auth", "auth-username": username, "auth-password": password},
    )


def test_a_real_login_works(client, superuser):
    assert log_in(client, "admin", PASSPHRASE).status_code == HTTPStatus.FOUND


def test_repeated_failures_lock_out_real_and_unknown_usernames_alike(client, superuser, settings):
    responses = {}
    for username in ("admin", "nobody-by-this-name"):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert log_in(client, username, "wrong guess").status_code == HTTPStatus.OK
        responses[username] = log_in(client, username, "the failure that reaches the limit")
    real, unknown = responses["admin"], responses["nobody-by-this-name"]
    assert real.status_code == unknown.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert real.content == unknown.content
    # Locked out even with the right passphrase until the cool-off ends.
    assert log_in(client, "admin", PASSPHRASE).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_passwords_must_be_long_and_passphrases_are_welcome():
    validate_password("my calves twitch after long walks")
    for weak in ["short1", "password123", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
