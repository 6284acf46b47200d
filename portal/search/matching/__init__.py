"""Finding what matches a patient's words: one interface (base.Matcher), one way of matching for
each place the search index can live.

- PostgreSQL (postgresql.py): ranked straight from the search index table; trigrams for
  misspellings.
- SQLite (search_backend.py): FTS5 through Wagtail's search backend; the vocabulary's spelling
  correction stands in for misspelling tolerance.
- Elasticsearch and OpenSearch (search_backend.py): Wagtail's search backend as it is; fuzzy
  queries for misspellings.
"""

from django.conf import settings
from django.db import connection

from portal.search.matching.base import Matcher
from portal.search.matching.postgresql import PostgresMatcher
from portal.search.matching.search_backend import SearchBackendMatcher, SQLiteMatcher


def get_matcher() -> Matcher:
    """The way of matching of the configured search backend and, for the database backend, of the
    database (the portal runs on PostgreSQL or SQLite)."""
    if settings.SEARCH_BACKEND != "database":
        return SearchBackendMatcher()
    if connection.vendor == "postgresql":
        return PostgresMatcher()
    return SQLiteMatcher()
