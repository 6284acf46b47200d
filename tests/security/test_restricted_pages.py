"""A page behind a password or a sign-in, or under one that is, shows nothing of itself to the public.

Search results, suggestions, the API, the sitemap and the lists of other pages already leave such
pages out; these are the places that did not.
"""

from http import HTTPStatus

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

import pytest

from tests.html import page_text, soup

pytestmark = pytest.mark.django_db


def restrict(page, kind):
    if kind == PageViewRestriction.PASSWORD:
        return PageViewRestriction.objects.create(page=page, restriction_type=kind, password="clinic only")
    return PageViewRestriction.objects.create(page=page, restriction_type=kind)


# The page itself behind a password, or a page above it behind a sign-in.
RESTRICTIONS = [("page", PageViewRestriction.PASSWORD), ("parent", PageViewRestriction.LOGIN)]


def restricted(page, where, kind):
    restrict(page if where == "page" else page.get_parent(), kind)
    return page


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return page_text(response)


def links_in(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return {link["href"] for link in soup(response).select("main a[href]")}


@pytest.mark.parametrize(("where", "kind"), RESTRICTIONS)
def test_a_promoted_restricted_page_is_not_shown_to_searchers(client, where, kind):
    page = Page.objects.get(slug="anticonvulsants")
    query = Query.get("nerve calming")
    SearchPromotion.objects.create(query=query, page=page)
    # A promoted result shows the page's own summary (an editor's description is not shown).
    summary = " ".join(page.specific.summary.split())
    assert summary in text_of(client, "/search/?q=nerve+calming")

    restricted(page, where, kind)
    text = text_of(client, "/search/?q=nerve+calming")
    assert summary not in text and page.title not in text


@pytest.mark.parametrize(("where", "kind"), RESTRICTIONS)
@pytest.mark.parametrize("url", ["/treatments/muscle-relaxants/", "/nutrition/magnesium/"])
def test_pages_do_not_list_a_restricted_condition_that_links_to_them(client, url, where, kind):
    assert "/conditions/muscle-twitching/" in links_in(client, url)
    restricted(Page.objects.get(slug="muscle-twitching"), where, kind)
    assert "/conditions/muscle-twitching/" not in links_in(client, url)


def test_a_food_does_not_list_a_restricted_nutrient(client):
    assert "Potassium" in text_of(client, "/nutrition/foods/banana/")
    restrict(Page.objects.get(slug="potassium"), PageViewRestriction.PASSWORD)
    text = text_of(client, "/nutrition/foods/banana/")
    assert (
        "Potassium" not in text
        and "/nutrition/potassium/" not in client.get("/nutrition/foods/banana/").content.decode()
    )


def test_search_does_not_suggest_the_medicine_names_of_a_restricted_page(client):
    assert "neurontin" in text_of(client, "/search/?q=neurontim").lower()
    restrict(Page.objects.get(slug="anticonvulsants"), PageViewRestriction.LOGIN)
    assert "neurontin" not in text_of(client, "/search/?q=neurontim").lower()
