"""Absolute URLs come from the configured site, whatever Host and scheme a request arrives with.

One plain-HTTP request with a strange Host must not put http:// or that host into what the
page cache, search engines, link previews, API clients or emails are given.
"""

import json
import re
from http import HTTPStatus
from io import StringIO

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from wagtail.documents.models import Document

import pytest

from portal.models import ConditionPage, Reviewer
from tests.html import soup

pytestmark = pytest.mark.django_db

SITE = "https://portal.example"
# Plain HTTP, as a proxy that redirects to HTTPS itself may forward it, with a port of the visitor's choosing.
STRANGER = {"HTTP_HOST": "127.0.0.1:9999"}


@pytest.fixture
def configured_site(production_security):
    """The portal deployed at https://portal.example, its site set up the way a deployment does it."""
    production_security.SECURE_SSL_REDIRECT = False
    production_security.WAGTAILADMIN_BASE_URL = SITE
    call_command("load_portal_content", verbosity=0)
    return production_security


def strings_in(data):
    if isinstance(data, dict):
        return [text for value in data.values() for text in strings_in(value)]
    if isinstance(data, list):
        return [text for value in data for text in strings_in(value)]
    return [data] if isinstance(data, str) else []


def json_ld(response):
    return json.loads(soup(response).select_one('script[type="application/ld+json"]').string)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/conditions/muscle-twitching/",
        "/symptoms/",
        "/symptoms/eyelid-twitching/",
        "/nutrition/potassium/",
        "/nutrition/foods/banana/",
        "/treatments/muscle-relaxants/",
    ],
)
def test_pages_name_the_configured_site_in_links_previews_and_structured_data(client, configured_site, path):
    response = client.get(path, **STRANGER)
    assert response.status_code == HTTPStatus.OK
    html = soup(response)
    assert html.select_one('link[rel="canonical"]')["href"] == SITE + path
    assert html.select_one('meta[property="og:url"]')["content"] == SITE + path
    data = json_ld(response)
    assert data["url"] == SITE + path
    own_urls = [
        text for text in strings_in(data) if re.match(r"https?://", text) and "schema.org" not in text
    ]
    assert own_urls and all(url.startswith(SITE + "/") for url in own_urls)
    assert b"127.0.0.1:9999" not in response.content


def test_a_cached_page_gives_https_visitors_the_configured_addresses(client, configured_site):
    configured_site.PAGE_CACHE_SECONDS = 600
    client.get("/conditions/muscle-twitching/", **STRANGER)
    response = client.get("/conditions/muscle-twitching/", secure=True, HTTP_HOST="portal.example")
    assert (
        soup(response).select_one('link[rel="canonical"]')["href"] == f"{SITE}/conditions/muscle-twitching/"
    )
    assert json_ld(response)["url"] == f"{SITE}/conditions/muscle-twitching/"


def test_search_pages_name_the_configured_site(client, configured_site):
    html = soup(client.get("/search/?q=cramp", **STRANGER))
    assert html.select_one('link[rel="canonical"]')["href"] == f"{SITE}/search/"


def test_robots_txt_and_the_sitemap_name_the_configured_site(client, configured_site):
    robots = client.get("/robots.txt", **STRANGER).content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in robots.splitlines()

    sitemap = client.get("/sitemap.xml", **STRANGER).content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert f"{SITE}/symptoms/eyelid-twitching/" in locations
    assert f"{SITE}/nutrition/foods/banana/" in locations
    assert all(location.startswith(SITE + "/") for location in locations)


def test_the_api_names_the_configured_site(client, configured_site, tmp_path):
    configured_site.MEDIA_ROOT = tmp_path
    Document.objects.create(title="Leaflet", file=SimpleUploadedFile("leaflet.txt", b"For patients."))
    page = ConditionPage.objects.get(slug="muscle-twitching")

    detail = client.get(f"/api/v2/pages/{page.pk}/", **STRANGER).json()["meta"]
    assert detail["html_url"] == f"{SITE}/conditions/muscle-twitching/"
    assert detail["detail_url"] == f"{SITE}/api/v2/pages/{page.pk}/"
    assert detail["parent"]["meta"]["detail_url"].startswith(f"{SITE}/api/v2/pages/")
    for endpoint in ("pages", "documents"):
        listing = client.get(f"/api/v2/{endpoint}/?fields=*", **STRANGER).json()["items"]
        urls = [url for item in listing for url in strings_in(item["meta"]) if url.startswith("http")]
        assert urls and all(url.startswith(SITE + "/") for url in urls)


def test_emails_name_the_configured_site(client, configured_site, superuser):
    client.post("/admin/password_reset/", {"email": superuser.email}, **STRANGER)
    # As a reviewer's sign-off leaves it: the only way a page gets a reviewer and a due date.
    reviewer = Reviewer.objects.create(name="Dr Ada Lane", credentials="MD", email="reviewers@portal.example")
    ConditionPage.objects.update(next_review_due="2020-01-01", reviewer=reviewer)
    call_command("send_review_reminders", stdout=StringIO())

    reset, reminder = mail.outbox
    assert f"{SITE}/admin/password_reset/confirm/" in reset.body
    assert f"{SITE}/admin/pages/" in reminder.body
    assert "127.0.0.1:9999" not in reset.body + reminder.body
