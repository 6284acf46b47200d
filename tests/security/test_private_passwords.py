"""Passwords of private pages and documents: guessing is throttled like admin sign-in."""

from http import HTTPStatus

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest

from nutrition.models import NutrientPage
from portal.models import ConditionPage
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db

PASSWORD = "given to the support group"
PATIENT, ATTACKER = "203.0.113.10", "198.51.100.66"


@pytest.fixture
def private_page():
    page = ConditionPage.objects.live().get(slug="muscle-twitching")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password=PASSWORD)
    return page


def password_form(client, url):
    """The password form a visitor is shown: where it posts, and where it returns to."""
    form = soup(client.get(url, secure=True)).select_one("form[method=post]")
    return form["action"], form.select_one('input[name="return_url"]')["value"]


def try_password(client, action, return_url, password, address):
    return client.post(
        action, {"password": password, "return_url": return_url}, secure=True, REMOTE_ADDR=address
    )


def test_sixty_wrong_passwords_lock_that_address_out_of_the_page(client, production_security, private_page):
    action, return_url = password_form(client, private_page.url)
    statuses = [
        try_password(client, action, return_url, f"guess {attempt}", ATTACKER).status_code
        for attempt in range(60)
    ]
    limit = production_security.AXES_FAILURE_LIMIT
    assert statuses == [HTTPStatus.OK] * (limit - 1) + [HTTPStatus.TOO_MANY_REQUESTS] * (61 - limit)

    locked = try_password(client, action, return_url, PASSWORD, ATTACKER)
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many wrong passwords" in page_text(locked)
    assert "will not accept another try from your device or network for 1 hour" in page_text(locked)
    assert "twitch" not in page_text(client.get(private_page.url, secure=True)).lower()

    # A patient elsewhere, given the password, still gets in.
    patient = client.__class__()
    welcome = try_password(patient, action, return_url, PASSWORD, PATIENT)
    assert welcome.status_code == HTTPStatus.FOUND
    assert "Muscle twitching" in page_text(patient.get(private_page.url, secure=True))


def test_wrong_passwords_count_for_one_page_only(client, production_security, private_page):
    other = NutrientPage.objects.live().get(slug="potassium")
    PageViewRestriction.objects.create(page=other, restriction_type="password", password=PASSWORD)
    action, return_url = password_form(client, private_page.url)
    for attempt in range(production_security.AXES_FAILURE_LIMIT):
        try_password(client, action, return_url, f"guess {attempt}", ATTACKER)

    other_action, other_return_url = password_form(client, other.url)
    assert (
        try_password(client, other_action, other_return_url, PASSWORD, ATTACKER).status_code
        == HTTPStatus.FOUND
    )


def test_the_right_password_clears_earlier_mistakes(client, production_security, private_page):
    action, return_url = password_form(client, private_page.url)
    for _ in range(2):
        for attempt in range(production_security.AXES_FAILURE_LIMIT - 1):
            assert (
                try_password(client, action, return_url, f"typo {attempt}", PATIENT).status_code
                == HTTPStatus.OK
            )
        assert try_password(client, action, return_url, PASSWORD, PATIENT).status_code == HTTPStatus.FOUND


def test_behind_the_proxy_each_visitor_is_counted_on_their_own(client, production_security, private_page):
    production_security.TRUSTED_PROXY_HOPS = 1
    action, return_url = password_form(client, private_page.url)

    def through_proxy(password, visitor):
        return client.post(
            action,
            {"password": password, "return_url": return_url},
            secure=True,
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=visitor,
        )

    for attempt in range(production_security.AXES_FAILURE_LIMIT):
        attacker = through_proxy(f"guess {attempt}", ATTACKER)
    assert attacker.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert through_proxy(PASSWORD, PATIENT).status_code == HTTPStatus.FOUND


def test_wrong_passwords_for_private_documents_are_throttled_too(
    client, production_security, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    private = Collection.get_first_root_node().add_child(name="Support group handouts")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type="password", password=PASSWORD
    )
    document = Document.objects.create(
        title="Handout", file=SimpleUploadedFile("handout.txt", b"For the group."), collection=private
    )
    action, return_url = password_form(client, document.url)
    statuses = [
        try_password(client, action, return_url, f"guess {attempt}", ATTACKER).status_code
        for attempt in range(production_security.AXES_FAILURE_LIMIT + 1)
    ]
    assert statuses[-2:] == [HTTPStatus.TOO_MANY_REQUESTS] * 2
    assert (
        try_password(client, action, return_url, PASSWORD, ATTACKER).status_code
        == HTTPStatus.TOO_MANY_REQUESTS
    )
    assert try_password(client, action, return_url, PASSWORD, PATIENT).status_code == HTTPStatus.FOUND
