"""Two-factor sign-in: open to every admin user, required of reviewers and superusers in production."""

import re
import socket
from base64 import b32decode
from http import HTTPStatus

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import ConditionPage

pytestmark = pytest.mark.django_db

LOGIN = "/admin/account/login/"
SETUP = "/admin/account/two_factor/setup/"


def sign_in(client, username, password):
    return client.post(
        LOGIN, {"login_view-current_step": "auth", "auth-username": username, "auth-password": password}
    )


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def test_production_requires_it_of_editors_as_well_as_reviewers(client, editor, production_security):
    """Editors see drafts and restricted content: a password alone must not open the admin to them."""
    assert set(production_security.TWO_FACTOR_REQUIRED_GROUPS) == {"Clinical reviewers", "Clinical editors"}
    client.force_login(editor)
    response = client.get("/admin/pages/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(SETUP)


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


def test_editors_may_work_without_a_second_factor_where_operators_exempt_their_group(
    client, required, editor
):
    required.TWO_FACTOR_REQUIRED_GROUPS = ["Clinical reviewers"]
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


# An attacker who knows (or has phished) the password of an account that must use a second
# factor, but not its code: nothing they can do with the password alone may count as signed in.
PASSPHRASE = "a long admin passphrase"  # the superuser fixture's


@pytest.fixture
def browser(production_security):
    """The attacker's browser, on the production site over HTTPS with production's settings."""
    return Client(HTTP_HOST="portal.example", HTTP_X_FORWARDED_PROTO="https")


@pytest.fixture
def protected_admin(superuser):
    """A superuser who set up an authenticator app."""
    TOTPDevice.objects.create(user=superuser, name="default", confirmed=True)
    return superuser


@pytest.fixture
def restricted_page():
    page = ConditionPage.objects.get(slug="muscle-twitching")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


@pytest.fixture
def private_document(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    private = Collection.get_first_root_node().add_child(name="Reviewers only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    return Document.objects.create(
        title="Draft leaflet",
        file=SimpleUploadedFile("draft.txt", b"not for patients yet"),
        collection=private,
    )


# Wagtail's account page, filled in with the attacker's own email address.
ACCOUNT_TAKEOVER = {
    "name_email-first_name": "Eve",
    "name_email-last_name": "Attacker",
    "name_email-email": "attacker@example.net",
    "locale-preferred_language": "",
    "locale-current_time_zone": "",
    "theme-theme": "system",
    "theme-contrast": "system",
    "theme-density": "default",
}


def walk_setup_wizard(client):
    """Post each step of the authenticator set-up, reading the secret the wizard shows."""
    client.post(SETUP, {"setup_view-current_step": "welcome"})
    response = client.post(SETUP, {"setup_view-current_step": "method", "method-method": "generator"})
    secret = response.context and response.context.get("secret_key")
    if not secret:
        return response
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return client.post(
        SETUP, {"setup_view-current_step": "generator", "generator-token": str(totp(key)).zfill(6)}
    )


def assert_signed_out_of_the_admin(client):
    response = client.get("/admin/users/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(f"{LOGIN}?next=")


def test_the_front_end_sign_in_with_a_password_cannot_add_a_device_or_reach_the_admin(
    browser, protected_admin
):
    browser.post("/_util/login/", {"username": "admin", "password": PASSPHRASE})
    walk_setup_wizard(browser)

    assert TOTPDevice.objects.filter(user=protected_admin).count() == 1
    assert_signed_out_of_the_admin(browser)


def test_the_front_end_sign_in_is_the_two_step_sign_in(browser, protected_admin, restricted_page):
    response = browser.get(restricted_page.url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{LOGIN}?next={restricted_page.url}"
    assert browser.get("/_util/login/?next=/conditions/")["Location"] == f"{LOGIN}?next=/conditions/"


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", SETUP, {}),
        ("get", "/admin/account/two_factor/", {}),
        ("get", "/admin/account/two_factor/backup/tokens/", {}),
        ("post", "/admin/account/two_factor/backup/tokens/", {}),
        ("post", "/admin/account/two_factor/disable/", {"understand": "on"}),
        # Wagtail's own account page: changing the email address or password would let the
        # attacker take the account over through a password reset.
        ("post", "/admin/account/", ACCOUNT_TAKEOVER),
    ],
    ids=["setup", "profile", "backup tokens", "new backup tokens", "disable", "account details"],
)
def test_a_session_without_the_code_can_change_nothing_about_the_account(
    browser, protected_admin, method, url, data
):
    backup = StaticDevice.objects.create(user=protected_admin, name="backup")
    backup.token_set.create(token="abcd1234")
    browser.force_login(protected_admin)

    response = getattr(browser, method)(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(f"{LOGIN}?next=")
    assert b"abcd1234" not in response.content
    assert set(StaticToken.objects.values_list("token", flat=True)) == {"abcd1234"}
    assert TOTPDevice.objects.filter(user=protected_admin).count() == 1
    protected_admin.refresh_from_db()
    assert protected_admin.email == "admin@example.org"
    assert_signed_out_of_the_admin(browser)


def test_an_account_yet_to_set_up_its_second_factor_may_only_set_it_up(browser, reviewer):
    browser.force_login(reviewer)
    response = browser.post("/admin/account/", ACCOUNT_TAKEOVER)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{SETUP}?next=/admin/account/"
    reviewer.refresh_from_db()
    assert reviewer.email == "reviewer@example.org"
    assert browser.get(SETUP).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "account", ["protected_admin", "reviewer"], ids=["with a device", "yet to set one up"]
)
def test_restricted_content_needs_the_second_factor(
    browser, request, account, restricted_page, private_document
):
    browser.force_login(request.getfixturevalue(account))

    page = browser.get(restricted_page.url)
    assert page.status_code == HTTPStatus.FOUND and page["Location"].startswith(LOGIN)
    document = browser.get(private_document.url)
    assert document.status_code == HTTPStatus.FOUND and document["Location"].startswith(LOGIN)


def test_restricted_content_opens_once_signed_in_with_the_code(browser, protected_admin, restricted_page):
    device = TOTPDevice.objects.get(user=protected_admin)
    browser.post(
        LOGIN, {"login_view-current_step": "auth", "auth-username": "admin", "auth-password": PASSPHRASE}
    )
    browser.post(LOGIN, {"login_view-current_step": "token", "token-otp_token": current_code(device)})
    assert browser.get(restricted_page.url).status_code == HTTPStatus.OK
    assert browser.get("/admin/users/").status_code == HTTPStatus.OK


def test_wagtails_own_sign_in_form_signs_no_one_in(browser, protected_admin):
    response = browser.post("/admin/login/", {"username": "admin", "password": PASSPHRASE})
    assert response.status_code == HTTPStatus.FOUND and response["Location"].startswith(LOGIN)
    assert_signed_out_of_the_admin(browser)


def test_a_password_reset_still_asks_for_the_code(browser, protected_admin):
    browser.post("/admin/password_reset/", {"email": "admin@example.org"})
    link = re.search(r"https?://[^/\s]+(/admin/password_reset/confirm/\S+)", mail.outbox[-1].body).group(1)
    form = browser.get(link, follow=True)
    new_passphrase = "a fresh admin passphrase after the reset"
    browser.post(
        form.request["PATH_INFO"], {"new_password1": new_passphrase, "new_password2": new_passphrase}
    )
    assert_signed_out_of_the_admin(browser)

    response = browser.post(
        LOGIN, {"login_view-current_step": "auth", "auth-username": "admin", "auth-password": new_passphrase}
    )
    assert re.search(rb'name="token-otp_token"', response.content)
    assert_signed_out_of_the_admin(browser)


def test_editors_can_be_required_to_use_a_second_factor(client, required, editor):
    required.TWO_FACTOR_REQUIRED_GROUPS = ["Clinical reviewers", "Clinical editors"]
    client.force_login(editor)
    response = client.get("/admin/pages/")
    assert response["Location"] == f"{SETUP}?next=/admin/pages/"


def test_an_editor_who_set_up_a_device_must_use_it_even_where_it_is_optional(client, editor):
    TOTPDevice.objects.create(user=editor, name="default", confirmed=True)
    client.force_login(editor)
    walk_setup_wizard(client)
    assert TOTPDevice.objects.filter(user=editor).count() == 1
    assert client.get("/admin/")["Location"] == f"{LOGIN}?next=/admin/"


def test_the_account_holder_is_told_when_a_device_or_backup_codes_are_added(
    client, required, reviewer, django_capture_on_commit_callbacks
):
    sign_in(client, "reviewer", "a reviewer passphrase")
    with django_capture_on_commit_callbacks(execute=True):
        walk_setup_wizard(client)
    assert TOTPDevice.objects.filter(user=reviewer).exists()
    (device_notice,) = mail.outbox
    assert device_notice.to == ["reviewer@example.org"]
    assert "authenticator" in device_notice.subject.lower()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/account/two_factor/backup/tokens/")
    assert response.status_code == HTTPStatus.FOUND
    assert StaticToken.objects.filter(device__user=reviewer).count() == 10
    assert len(mail.outbox) == 2
    tokens_notice = mail.outbox[1]
    assert tokens_notice.to == ["reviewer@example.org"]
    assert "backup codes" in tokens_notice.subject.lower()
    # The notice says what happened, never the codes themselves.
    assert not any(
        token in tokens_notice.body for token in StaticToken.objects.values_list("token", flat=True)
    )


def test_a_mail_server_that_is_down_loses_the_notice_not_the_new_device_or_codes(
    client, required, reviewer, settings, django_capture_on_commit_callbacks
):
    """The outside review got a 500 here: the notice was queued in a way Django could not log."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 1
    sign_in(client, "reviewer", "a reviewer passphrase")
    with django_capture_on_commit_callbacks(execute=True):
        walk_setup_wizard(client)
    assert TOTPDevice.objects.filter(user=reviewer, confirmed=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/account/two_factor/backup/tokens/")
    assert response.status_code == HTTPStatus.FOUND
    assert StaticToken.objects.filter(device__user=reviewer).count() == 10
