"""Uploads cannot run scripts in a patient's browser, and the public API shows only what patients may see."""

import io
from http import HTTPStatus

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest
from PIL import Image as PILImage

from portal.models import ConditionPage

pytestmark = pytest.mark.django_db


def png(width=4, height=4):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def upload_document(client, name, content):
    return client.post(
        "/admin/documents/add/", {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1}
    )


def upload_image(client, name, content):
    return client.post(
        "/admin/images/add/", {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1}
    )


SCRIPTED_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("name", "content"),
    [("page.html", b"<script>alert(1)</script>"), ("drawing.svg", SCRIPTED_SVG), ("tool.js", b"alert(1)")],
)
def test_documents_that_could_run_scripts_are_refused(admin_client, name, content):
    response = upload_document(admin_client, name, content)
    assert response.status_code == HTTPStatus.OK
    assert b"Not a supported document extension" in response.content or b"not allowed" in response.content
    assert not Document.objects.filter(title=name).exists()


def test_svg_images_are_refused(admin_client):
    response = upload_image(admin_client, "drawing.svg", SCRIPTED_SVG)
    assert response.status_code == HTTPStatus.OK
    assert not Image.objects.filter(title="drawing.svg").exists()


def test_documents_over_the_size_limit_are_refused(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload_document(admin_client, "big.txt", b"x" * 2048)
    assert response.status_code == HTTPStatus.OK
    assert b"too large" in response.content.lower() or b"too big" in response.content.lower()
    assert not Document.objects.filter(title="big.txt").exists()


def test_images_over_the_size_or_pixel_limit_are_refused(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100
    upload_image(admin_client, "wide.png", png(200, 200))
    assert not Image.objects.filter(title="wide.png").exists()
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10
    upload_image(admin_client, "heavy.png", png())
    assert not Image.objects.filter(title="heavy.png").exists()
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
    upload_image(admin_client, "fine.png", png())
    assert Image.objects.filter(title="fine.png").exists()


def test_documents_are_served_through_wagtail_and_cannot_run_scripts(
    client, admin_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload_document(admin_client, "leaflet.txt", b"<script>alert(1)</script> plain words")
    document = Document.objects.get(title="leaflet.txt")
    assert document.url.startswith("/documents/")

    response = client.get(document.url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    # No proxy keeps it (it may move into a private collection), and no bogus "None" encoding.
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    assert "Content-Encoding" not in response
    # The stored file itself is not reachable under MEDIA_URL.
    assert client.get(f"/media/{document.file.name}").status_code == HTTPStatus.NOT_FOUND


def api_titles(client, endpoint):
    response = client.get(f"/api/v2/{endpoint}/?limit=20")
    assert response.status_code == HTTPStatus.OK
    return {item["title"] for item in response.json()["items"]}


def test_the_api_lists_only_live_public_pages(client):
    draft = ConditionPage.objects.get(slug="muscle-twitching")
    restricted = ConditionPage.objects.exclude(pk=draft.pk).live().first() or draft
    assert "Muscle twitching" in api_titles(client, "pages")

    draft.unpublish()
    assert "Muscle twitching" not in api_titles(client, "pages")
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == HTTPStatus.NOT_FOUND

    if restricted != draft:
        PageViewRestriction.objects.create(
            page=restricted, restriction_type="password", password="secret words"
        )
        assert restricted.title not in api_titles(client, "pages")


def test_the_api_hides_images_and_documents_in_private_collections(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    private = Collection.get_first_root_node().add_child(name="Private drafts")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    Image.objects.create(title="Public diagram", file=SimpleUploadedFile("a.png", png()))
    Image.objects.create(title="Private photo", file=SimpleUploadedFile("b.png", png()), collection=private)
    Document.objects.create(title="Public leaflet", file=SimpleUploadedFile("a.txt", b"a"))
    Document.objects.create(title="Private notes", file=SimpleUploadedFile("b.txt", b"b"), collection=private)

    assert api_titles(client, "images") == {"Public diagram"}
    assert api_titles(client, "documents") == {"Public leaflet"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?first_published_at=x",
        "/api/v2/pages/?type=portal.ConditionPage&first_published_at=2026-13-45",
        "/api/v2/pages/3/?first_published_at=x",
        "/api/v2/pages/?offset=99999999999999999999",
        "/api/v2/images/?offset=99999999999999999999",
        "/api/v2/documents/?offset=9223372036854775808",
        "/api/v2/pages/find/?id=x",
        "/api/v2/images/find/?id=1.5",
        "/api/v2/documents/find/?id=",
    ],
)
def test_the_api_answers_values_it_cannot_use_with_a_bad_request(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["message"]


def test_the_api_still_pages_to_its_largest_offset(client):
    response = client.get("/api/v2/pages/?offset=9223372036854775807")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["items"] == []


@pytest.fixture
def private_document_and_login_page(db):
    private = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    Document.objects.create(
        title="Staff rota", file=SimpleUploadedFile("rota.txt", b"rota"), collection=private
    )
    page = ConditionPage.objects.get(locale__language_code="en")
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    return page


def basic(username, password):
    import base64

    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def test_a_password_sent_to_the_api_signs_nobody_in_and_shows_nothing_private(
    client, superuser, private_document_and_login_page
):
    """The outside review read private documents and login-only pages with HTTP Basic, no second factor."""
    page = private_document_and_login_page
    for credentials in (basic("admin", "a long admin passphrase"), basic("admin", "wrong"), {}):
        documents = client.get("/api/v2/documents/", headers=credentials)
        assert documents.status_code == HTTPStatus.OK
        assert "Staff rota" not in documents.content.decode()
        assert (
            client.get(f"/api/v2/pages/{page.pk}/", headers=credentials).status_code == HTTPStatus.NOT_FOUND
        )


def test_what_a_request_with_credentials_saw_is_never_served_to_others(
    client, settings, superuser, private_document_and_login_page
):
    settings.PAGE_CACHE_SECONDS = 600
    signed = client.get("/api/v2/documents/", headers=basic("admin", "a long admin passphrase"))
    assert signed.get("X-Page-Cache") is None
    assert "Staff rota" not in client.get("/api/v2/documents/").content.decode()


def test_one_visitor_asking_for_html_does_not_change_what_json_clients_get(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/api/v2/pages/", headers={"Accept": "text/html"})
    response = client.get("/api/v2/pages/", headers={"Accept": "application/json"})
    assert response["Content-Type"].startswith("application/json")
