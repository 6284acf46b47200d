"""A condition page stays light for slow phones, and loads nothing from other sites."""

import gzip
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders

import pytest

from tests.html import soup

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 100 * 1024


def test_condition_page_weighs_under_100_kb_compressed_with_its_assets(client):
    response = client.get("/conditions/muscle-twitching/")
    html = soup(response)
    assets = [tag["href"] for tag in html.select("link[rel=stylesheet]")] + [
        tag["src"] for tag in html.select("script[src]")
    ]
    assert assets, "the page should load its stylesheet and script"
    total = len(gzip.compress(response.content))
    for url in assets:
        parts = urlsplit(url)
        assert not parts.netloc, f"{url} is loaded from another site"
        path = finders.find(parts.path.removeprefix("/static/"))
        assert path, f"{url} is not one of the portal's static files"
        with open(path, "rb") as asset:
            total += len(gzip.compress(asset.read()))
    assert total < BUDGET_BYTES, f"{total} bytes compressed"


def test_no_page_refers_to_another_site_for_assets(client):
    for url in ["/", "/nutrition/potassium/", "/search/?q=banana", "/no-such-page/"]:
        html = soup(client.get(url))
        external = [
            tag.get("src") or tag.get("href")
            for tag in html.select("script[src], link[href], img[src], iframe[src]")
            # The canonical address and the page's versions in other languages name the configured
            # site; they are names, not something loaded.
            if not {"canonical", "alternate"} & set(tag.get("rel", []))
            and urlsplit(tag.get("src") or tag.get("href")).netloc not in ("", "testserver")
        ]
        assert not external, f"{url} loads {external}"
