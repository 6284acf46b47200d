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


# The account page (/admin/account/): its time zones and its way to two-factor authentication.


def test_every_time_zone_offered_is_one_a_browser_can_show(admin_client):
    from tests.html import soup

    page = soup(admin_client.get("/admin/account/"))
    offered = [option["value"] for option in page.select('select[name="locale-current_time_zone"] option')]
    assert "America/New_York" in offered and "UTC" in offered
    # Files of the system's zoneinfo directory that are no zone: the browser refused "localtime".
    assert not {"localtime", "posixrules"} & set(offered)


def test_the_account_page_links_two_factor_set_up_while_it_is_off(admin_client):
    from tests.html import soup

    panel = soup(admin_client.get("/admin/account/")).select_one("[data-two-factor-status]")
    assert "Two-factor authentication is off." in panel.get_text()
    assert panel.select_one("a")["href"] == "/admin/account/two_factor/setup/"


def test_with_an_authenticator_the_account_page_says_so_and_links_its_management(client, superuser):
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.html import soup
    from tests.security.test_two_factor import current_code

    device = TOTPDevice.objects.create(user=superuser, name="default", confirmed=True)
    codes = StaticDevice.objects.create(user=superuser, name="backup", confirmed=True)
    codes.token_set.create(token="abcd1234")
    codes.token_set.create(token="efgh5678")
    log_in(client, "admin", PASSPHRASE)
    client.post(
        "/admin/account/login/", {"login_view-current_step": "token", "token-otp_token": current_code(device)}
    )
    panel = soup(client.get("/admin/account/")).select_one("[data-two-factor-status]")
    text = " ".join(panel.get_text(" ").split())
    assert "Two-factor authentication is on." in text and "2 backup codes are left" in text
    assert panel.select_one("a")["href"] == "/admin/account/two_factor/"


def test_account_settings_still_save_with_the_two_factor_panel(admin_client, superuser):
    response = admin_client.post(
        "/admin/account/",
        {
            "name_email-first_name": "Ada",
            "name_email-last_name": "Admin",
            "name_email-email": "ada@example.org",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    superuser.refresh_from_db()
    assert superuser.first_name == "Ada"
