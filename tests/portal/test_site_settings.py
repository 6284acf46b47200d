"""The emergency number is a site setting administrators edit; patients see it where it matters."""

from http import HTTPStatus

from django.urls import reverse

from wagtail.models import Site

import pytest

from portal.models import SafetySettings
from tests.html import soup

pytestmark = pytest.mark.django_db

CONDITION = "/conditions/muscle-twitching/"


def edit_url():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["portal", "safetysettings", site.pk])


def emergency_card_and_footer(client, url=CONDITION):
    html = soup(client.get(url))
    card = html.select_one("#when-to-seek-help .care-card--emergency .care-card__heading")
    return (card.get_text() if card else None), html.footer.get_text(" ", strip=True)


def test_the_default_emergency_number_is_911_in_the_emergency_card_and_the_footer(client):
    card, footer = emergency_card_and_footer(client)
    assert card == "Immediate action required: Call 911 now if:"
    assert "In an emergency, call 911." in footer


def test_an_administrator_changes_the_number_in_the_admin(admin_client, client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert emergency_card_and_footer(client)[0] == "Immediate action required: Call 911 now if:"
    response = admin_client.post(edit_url(), {"emergency_number": "112"})
    assert response.status_code == HTTPStatus.FOUND
    assert SafetySettings.for_site(Site.objects.get(is_default_site=True)).emergency_number == "112"
    card, footer = emergency_card_and_footer(client)
    assert card == "Immediate action required: Call 112 now if:"
    assert "In an emergency, call 112." in footer
    assert "call 112" in soup(client.get("/no-such-page/")).select_one("main").get_text()


def test_the_admin_form_refuses_a_number_patients_cannot_dial(admin_client):
    response = admin_client.post(edit_url(), {"emergency_number": "call us"})
    assert response.status_code == HTTPStatus.OK
    assert "digits and spaces only" in response.content.decode()
    assert SafetySettings.for_site(Site.objects.get(is_default_site=True)).emergency_number == "911"


def test_clinical_editors_cannot_change_the_emergency_number(client, editor):
    client.force_login(editor)
    response = client.post(edit_url(), {"emergency_number": "000"})
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    assert SafetySettings.for_site(Site.objects.get(is_default_site=True)).emergency_number == "911"


def test_a_medicine_page_gives_the_site_number_with_the_side_effects_that_need_help_at_once(
    admin_client, client
):
    def urgent_card():
        html = soup(client.get("/treatments/anticonvulsants/"))
        return html.select_one("#risks-heading ~ .care-card--urgent").get_text(" ", strip=True)

    assert "slow, shallow or hard breathing" in urgent_card()
    assert "In an emergency, call 911." in urgent_card()
    assert admin_client.post(edit_url(), {"emergency_number": "112"}).status_code == HTTPStatus.FOUND
    assert "In an emergency, call 112." in urgent_card()
