"""The benchmark's page measurements: queries warm and cold, and the HTML size."""

import io
import json

from django.core.management import call_command

import pytest

pytestmark = pytest.mark.django_db


def test_measure_pages_reports_warm_and_cold_queries_and_size():
    out = io.StringIO()
    call_command("measure_pages", "/conditions/muscle-twitching/", "/symptoms/", stdout=out)
    measured = json.loads(out.getvalue())
    for path in ("/conditions/muscle-twitching/", "/symptoms/"):
        page = measured[path]
        assert page["status"] == 200 and page["bytes"] > 1000
        # Just after a content change the page works out what it shows again, within the budget:
        # the content version, the sites with their home pages and root paths (3), the
        # navigation (4), the site's emergency number and the page's own 12 at most (its sign-off
        # history one of them, however long it is); and, with the site in more than one language,
        # the locales, the home page in the language served, the page's versions in the other
        # languages and its related pages' translations (4).
        assert page["queries"] < page["cold_queries"] <= 25
