"""Addresses resolve without queries once remembered, and what is remembered never outlives a content change."""

from http import HTTPStatus

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from portal.caching.version import VERSION_QUERY
from portal.core.routing import find_page, page_levels_below
from portal.models import ConditionPage, HomePage
from tests.portal.factories import ReviewerFactory

pytestmark = pytest.mark.django_db


def test_a_remembered_page_costs_only_the_content_version_and_brings_what_it_shows(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # nothing is kept until a change commits
        ConditionPage.objects.update(reviewer=ReviewerFactory())
    find_page("/home/conditions/muscle-twitching/")
    with CaptureQueriesContext(connection) as queries:
        page = find_page("/home/conditions/muscle-twitching/")
        assert page.reviewer is not None
        assert list(page.causes.all()) and list(page.symptom_links.all()) and list(page.warning_signs.all())
    assert isinstance(page, ConditionPage)
    assert [query["sql"] for query in queries] == [VERSION_QUERY]


def test_a_warm_symptom_page_and_the_a_to_z_cost_only_the_content_version(client):
    for url in ["/symptoms/eyelid-twitching/", "/symptoms/"]:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert [query["sql"] for query in queries] == [VERSION_QUERY], url


def test_an_address_of_thousands_of_parts_costs_no_more_than_a_short_one(client):
    def queries_for(parts):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/conditions/muscle-twitching/" + "part/" * parts)
        assert response.status_code == HTTPStatus.NOT_FOUND
        return len(queries)

    queries_for(4)  # the site, the tree's depth and the 404 page's needs are remembered now
    short = queries_for(4)
    assert queries_for(4000) <= short < 10


def test_page_types_bound_how_deep_routing_looks():
    class Loop:
        """A page type that allows itself below it."""

        @classmethod
        def allowed_subpage_models(cls):
            return [cls]

    assert page_levels_below(HomePage) == 2  # sections, then the pages in them
    assert page_levels_below(ConditionPage) == 0
    assert page_levels_below(Loop) is None


def test_a_published_change_shows_at_once_and_a_draft_never(client):
    page = ConditionPage.objects.get(slug="muscle-twitching")
    assert client.get(page.url).status_code == HTTPStatus.OK  # the page is now remembered
    causes = list(page.causes.all())
    causes[0].name = "Drinking a lot of coffee late at night"
    page.causes = causes
    revision = page.save_revision()
    assert "late at night" not in client.get(page.url).text
    revision.publish()
    assert "late at night" in client.get(page.url).text


def test_a_page_created_where_there_was_none_is_found_at_once(treatment_index):
    from tests.treatments.factories import MedicationPageFactory

    assert find_page("/home/treatments/new-medicine/") is None
    MedicationPageFactory(parent=treatment_index, slug="new-medicine", title="New medicine")
    assert find_page("/home/treatments/new-medicine/").title == "New medicine"


def test_renaming_a_page_moves_its_address_at_once(client):
    page = ConditionPage.objects.get(slug="muscle-twitching")
    assert client.get("/conditions/muscle-twitching/").status_code == HTTPStatus.OK
    page.slug = "twitching-muscles"
    page.save_revision().publish()
    assert client.get("/conditions/twitching-muscles/").status_code == HTTPStatus.OK
    assert client.get("/conditions/muscle-twitching/").status_code == HTTPStatus.NOT_FOUND


def test_an_unpublished_page_is_gone_even_when_its_address_was_remembered(client):
    page = ConditionPage.objects.get(slug="muscle-twitching")
    assert client.get(page.url).status_code == HTTPStatus.OK
    page.unpublish()
    assert client.get("/conditions/muscle-twitching/").status_code == HTTPStatus.NOT_FOUND


def test_breadcrumbs_come_from_the_cached_site_structure(client):
    client.get("/conditions/muscle-twitching/")
    response = client.get("/conditions/muscle-twitching/")
    trail = response.content.split(b'aria-label="Breadcrumb"')[1].split(b"</ol>")[0]
    assert trail.count(b"<li>") == 2
    assert b'<a href="/">' in trail and b'<a href="/conditions/">Conditions' in trail


def test_a_restriction_on_an_ancestor_still_guards_the_pages_below(client, condition_index):
    from wagtail.models import PageViewRestriction

    assert client.get("/conditions/muscle-twitching/").status_code == HTTPStatus.OK
    PageViewRestriction.objects.create(
        page=condition_index, restriction_type="password", password="staff only"
    )
    response = client.get("/conditions/muscle-twitching/")
    assert b"This page needs a password" in response.content
    assert b"What causes" not in response.content
