"""Each search is matched the way its search backend and database can: one choice, made in one place."""

from django.db import connection

import pytest

from portal.search.matching import get_matcher
from portal.search.matching.postgresql import PostgresMatcher
from portal.search.matching.search_backend import SearchBackendMatcher, SQLiteMatcher

# Wagtail's database backend asks the database what full-text search it offers.
pytestmark = pytest.mark.django_db


def test_the_database_backend_matches_the_way_of_its_database():
    matcher = get_matcher()
    if connection.vendor == "postgresql":
        assert type(matcher) is PostgresMatcher
        assert matcher.tolerates_misspellings
    else:
        assert type(matcher) is SQLiteMatcher
        assert not matcher.tolerates_misspellings


def test_a_search_engine_is_matched_through_wagtails_backend_whatever_the_database(settings):
    settings.SEARCH_BACKEND = "opensearch3"
    matcher = get_matcher()
    assert type(matcher) is SearchBackendMatcher
    assert matcher.tolerates_misspellings
