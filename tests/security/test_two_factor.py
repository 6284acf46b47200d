"""Two-factor sign-in: open to every admin user, required of reviewers and superusers in production."""

import re
from base64 import b32decode
from http import HTTPStatus

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

LOGIN = "/admin/account/login/"
SETUP = "/admin/account/two_factor/setup/"


def sign_in(client, username, password):
    return client.post(
        LOGIN, {"login_view-current_step": "auth", "auth-username": username, "auth-password": password}
    )


def current_code(device):
    return str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)).zfill(
        device.digits
    )


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    return settings


def test_production_requires_two_factor_by_default(production_settings):
    assert production_settings["TWO_FACTOR_REQUIRED"] is True


def test_wagtails_password_only_form_leads_to_the_two_step_sign_in(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{LOGIN}?next=/admin/pages/"


@pytest.mark.parametrize("account", ["reviewer", "superuser"])
def test_reviewers_and_superusers_must_set_up_a_second_factor(client, required, request, account):
    user = request.getfixturevalue(account)
    client.force_login(user)
    response = client.get("/admin/pages/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{SETUP}?next=/admin/pages/"
    assert client.get(SETUP).status_code == HTTPStatus.OK


def test_editors_may_work_without_a_second_factor(client, required, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == HTTPStatus.OK
    # ...and may set one up from their account.
    assert client.get(SETUP).status_code == HTTPStatus.OK


def test_nothing_is_required_where_the_setting_is_off(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/admin/").status_code == HTTPStatus.OK


def test_a_reviewer_sets_up_an_authenticator_app_and_then_works(client, required, reviewer):
    sign_in(client, "reviewer", "a reviewer passphrase")
    assert client.get("/admin/")["Location"].startswith(SETUP)

    client.post(SETUP, {"setup_view-current_step": "welcome"})
    response = client.post(SETUP, {"setup_view-current_step": "method", "method-method": "generator"})
    secret = response.context["secret_key"]
    key = b32decode(secret + "=" * (-len(secret) % 8))
    code = str(totp(key)).zfill(6)
    response = client.post(SETUP, {"setup_view-current_step": "generator", "generator-token": code})
    assert response.status_code == HTTPStatus.FOUND
    assert TOTPDevice.objects.filter(user=reviewer, confirmed=True).exists()
    assert client.get("/admin/").status_code == HTTPStatus.OK


def test_an_account_with_a_device_signs_in_with_its_code(client, required, reviewer):
    device = TOTPDevice.objects.create(user=reviewer, name="default", confirmed=True)
    response = sign_in(client, "reviewer", "a reviewer passphrase")
    assert response.status_code == HTTPStatus.OK
    assert re.search(rb'name="token-otp_token"', response.content)
    wrong = client.post(LOGIN, {"login_view-current_step": "token", "token-otp_token": "000000"})
    assert wrong.status_code == HTTPStatus.OK and client.get("/admin/").status_code == HTTPStatus.FOUND
    # A wrong code slows down further guesses (django-otp's throttling); let the wait pass.
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttle_reset()

    response = client.post(
        LOGIN, {"login_view-current_step": "token", "token-otp_token": current_code(device)}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.get("/admin/").status_code == HTTPStatus.OK


def test_a_session_signed_in_without_the_code_is_sent_back_to_sign_in(client, required, reviewer):
    TOTPDevice.objects.create(user=reviewer, name="default", confirmed=True)
    client.force_login(reviewer)
    response = client.get("/admin/pages/")
    assert response["Location"] == f"{LOGIN}?next=/admin/pages/"
    assert "_auth_user_id" not in client.session
