"""Admin accounts: brute force is throttled without telling anyone which usernames exist."""

from http import HTTPStatus

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db

PASSPHRASE = "a long admin passphrase"  # the superuser fixture's password


def log_in(client, username, password, **addresses):
    return client.post(
        "/admin/account/login/",
        {"login_view-current_step": "auth", "auth-username": username, "auth-password": password},
        **addresses,
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


# Behind a proxy every visitor connects from the proxy's address; the test client's REMOTE_ADDR plays it.
PROXY = "10.0.0.2"
REVIEWER_PASSPHRASE = "a reviewer passphrase"  # the reviewer fixture's password


def test_behind_the_proxy_a_stranger_cannot_lock_the_reviewer_out(client, reviewer, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    for attempt in range(settings.AXES_FAILURE_LIMIT + 3):
        attacker = log_in(
            client, "reviewer", f"guess {attempt}", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.66"
        )
    assert attacker.status_code == HTTPStatus.TOO_MANY_REQUESTS

    reviewer_signs_in = log_in(
        client, "reviewer", REVIEWER_PASSPHRASE, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.10"
    )
    assert reviewer_signs_in.status_code == HTTPStatus.FOUND


def test_behind_one_proxy_the_address_it_saw_counts_not_one_the_client_wrote(client, reviewer, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    # The attacker writes a new address of its own each time; the proxy appends the real one.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        attacker = log_in(
            client,
            "reviewer",
            f"guess {attempt}",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 198.51.100.66",
        )
    assert attacker.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.66"}

    # Nor can the attacker lock out the reviewer's address by writing it into the header.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(
            client,
            "reviewer",
            f"guess {attempt}",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.10, 198.51.100.66",
        )
    reviewer_signs_in = log_in(
        client, "reviewer", REVIEWER_PASSPHRASE, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.10"
    )
    assert reviewer_signs_in.status_code == HTTPStatus.FOUND


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(client, reviewer, settings):
    assert settings.TRUSTED_PROXY_HOPS == 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        attacker = log_in(
            client,
            "reviewer",
            f"guess {attempt}",
            REMOTE_ADDR="198.51.100.66",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )
    assert attacker.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.66"}

    reviewer_signs_in = log_in(client, "reviewer", REVIEWER_PASSPHRASE, REMOTE_ADDR="203.0.113.10")
    assert reviewer_signs_in.status_code == HTTPStatus.FOUND


def test_a_request_that_bypassed_the_proxy_counts_against_the_address_that_connected(client, settings):
    settings.TRUSTED_PROXY_HOPS = 2
    for forwarded in ("198.51.100.66", "not an address, 198.51.100.66"):
        log_in(client, "nobody", "guess", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=forwarded)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
