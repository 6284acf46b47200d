from wagtail.models import Page, PageViewRestriction

import pytest

from portal.core.visibility import exclude_restricted
from portal.models import ConditionPage
from tests.html import soup
from tests.portal.factories import AboutContentPageFactory, ConditionPageFactory

pytestmark = pytest.mark.django_db


def header_links(client):
    return [a.get_text() for a in soup(client.get("/")).select("nav[aria-label=Main] a")]


def test_header_lists_the_sections_and_search(client):
    assert header_links(client) == [
        "Conditions",
        "Symptoms A to Z",
        "Treatments",
        "Nutrition",
        "Search",
        "When to seek medical attention",
    ]


def test_header_shows_a_newly_published_section_and_forgets_an_unpublished_one(client, home_page):
    header_links(client)  # fills the cache
    page = AboutContentPageFactory(
        parent=home_page, title="Living with twitching", show_in_menus=True, live=False
    )
    page.save_revision().publish()
    assert "Living with twitching" in header_links(client)
    page.refresh_from_db()
    page.unpublish()
    assert "Living with twitching" not in header_links(client)


def test_restricted_pages_are_left_out_of_listings(client, condition_index):
    private = ConditionPageFactory(parent=condition_index, title="Private draft condition")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public = ConditionPage.objects.get(slug="muscle-twitching")
    assert set(exclude_restricted(Page.objects.live().filter(pk__in=[private.pk, public.pk]))) == {
        public.page_ptr
    }


def test_symptoms_and_foods_are_at_the_named_routes_of_the_pages_that_serve_them(rf, symptom_index):
    from nutrition.models import Food
    from portal.models import Symptom

    request = rf.get("/")
    assert Symptom.objects.get(slug="muscle-cramp").get_url(request) == "/symptoms/muscle-cramp/"
    assert Food.objects.get(slug="banana").get_url(request) == "/nutrition/foods/banana/"
    symptom_index.unpublish()
    assert Symptom.objects.get(slug="muscle-cramp").get_url(rf.get("/")) == ""
