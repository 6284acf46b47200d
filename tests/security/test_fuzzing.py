"""Hypothesis throws odd input at the search page, the suggestions and the public API.

More than 10,000 generated requests in all: unicode, 100,000-character strings, SQL and HTML
fragments, NUL bytes and unknown parameters, and for the API every parameter each endpoint
(listing, detail and find) takes, read from the endpoints themselves. None may fail with a 5xx,
take 2 seconds or more, or echo markup unescaped into a page.
"""

import time
from collections import Counter
from urllib.parse import urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, get_page_models

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from portal.site.api import api_router
from tests.security.test_uploads_and_api import png

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

REQUESTS_PER_ENDPOINT = 3_400
# Search, suggestions and the API: at least 10,000 requests in all.
MIN_REQUESTS_PER_ENDPOINT = 3_334
# The API's three resources share the API's share, each over its listing, detail and find views.
REQUESTS_PER_API_RESOURCE = 1_200
MAX_SECONDS = 2.0
MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<svg/onload=alert(1)>"]
FRAGMENTS = [
    *MARKUP,
    "' OR '1'='1",
    "'; DROP TABLE wagtailcore_page; --",
    "%",
    "_",
    "\\",
    '"',
    "\x00",
    "&",
    "|",
    "!",
    ":*",
    "(",
    ")",
    "<->",
    "eyelid twitching",
    "magnesium",
    "banana",
    "ñ",
    "肌肉",
    "🍌",
    "\u202e",
    "",
]
SEEN = Counter()

text = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300),
    st.sampled_from(FRAGMENTS),
    st.lists(st.sampled_from(FRAGMENTS), max_size=8).map(" ".join),
    st.tuples(st.sampled_from(FRAGMENTS[:-1]), st.integers(1, 100_000)).map(
        lambda pair: (pair[0] * (pair[1] // len(pair[0]) + 1))[:100_000]
    ),
)
numbers = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.integers().map(str),
    st.sampled_from(
        ["0", "-1", "9223372036854775807", "9223372036854775808", "99999999999999999999", "1e400", "1.5"]
    ),
    text,
)
dates = st.one_of(
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.dates().map(str),
    st.sampled_from(["2026-13-45", "0000-00-00", "2026-01-01T25:61", "today", "1"]),
)
# Values for every parameter: what a field of any kind might be given.
any_value = st.one_of(text, numbers, dates, st.sampled_from(["true", "false", "1", "0", "yes", "null"]))
KNOWN_VALUES = {
    "search": text,
    "search_operator": st.one_of(st.sampled_from(["and", "or"]), text),
    "type": st.one_of(
        st.sampled_from(
            [
                "portal.ConditionPage",
                "nutrition.NutrientPage",
                "treatments.MedicationPage",
                "wagtailcore.Page",
            ]
        ),
        text,
    ),
    "fields": st.one_of(
        st.sampled_from(["*", "title", "-title", "_,title", "body(*)", "parent(title)"]), text
    ),
    "order": st.one_of(st.sampled_from(["title", "-id", "random", "first_published_at", "-width"]), text),
    "html_path": st.one_of(
        st.sampled_from(["/", "/conditions/muscle-twitching/", "/nutrition/", "/es/"]), text
    ),
    "locale": st.one_of(st.sampled_from(["en", "es", "fr"]), text),
    "rich_text_format": st.one_of(st.just("html"), text),
}


def api_parameters(endpoint, view):
    """Every parameter the endpoint takes: its operations, its find parameters, and a filter for
    each database field it shows, for every model it can list (?type= gives a page type's own)."""
    models = [endpoint.model]
    if endpoint.model is Page:
        models += get_page_models()
    names = set(endpoint.known_query_parameters)
    if view == "find":
        names |= endpoint.find_query_parameters
    for model in models:
        names |= set(endpoint.get_available_fields(model, db_fields_only=True))
    return sorted(names)


def api_requests(endpoint, view):
    names = api_parameters(endpoint, view)
    # A few parameters at a time, so that one refused parameter does not hide what another does.
    chosen = st.lists(st.sampled_from(names), unique=True, max_size=3)
    return chosen.flatmap(
        lambda keys: st.fixed_dictionaries({key: KNOWN_VALUES.get(key, any_value) for key in keys})
    )


def check(client, path, params):
    url = f"{path}?{urlencode(params)}"
    # In a savepoint: a failed request must not leave the test's transaction unusable, or every
    # example Hypothesis tries while shrinking would fail the same way.
    with transaction.atomic():
        started = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - started
        SEEN[path] += 1
        assert response.status_code < 500, url[:300]
        assert seconds < MAX_SECONDS, f"{url[:300]} took {seconds:.2f} s"
        body = response.content.decode(errors="replace")
        if "html" in response.get("Content-Type", ""):
            for value in params.values():
                for markup in MARKUP:
                    assert not (markup in value and markup in body), (
                        f"{markup!r} echoed unescaped by {url[:300]}"
                    )
    return response


fuzz = settings(
    max_examples=REQUESTS_PER_ENDPOINT,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def run_and_count(client, fuzzed, paths, minimum=MIN_REQUESTS_PER_ENDPOINT):
    before = sum(SEEN[path] for path in paths)
    fuzzed()
    sent = sum(SEEN[path] for path in paths) - before
    print(f"\n{sent} generated requests to {', '.join(paths)}, none answered 5xx")
    assert sent >= minimum


def test_search_page(client):
    @fuzz
    @given(
        query=text,
        kind=st.one_of(st.sampled_from(["", "condition", "nutrient", "food", "symptom"]), text),
        page=numbers,
        extra=st.dictionaries(text.filter(bool), text, max_size=2),
    )
    def fuzzed(query, kind, page, extra):
        check(client, "/search/", {**extra, "q": query, "kind": kind, "page": page})

    run_and_count(client, fuzzed, ["/search/"])


def test_suggestions(client):
    @fuzz
    @given(query=text, extra=st.dictionaries(text.filter(bool), text, max_size=2))
    def fuzzed(query, extra):
        response = check(client, "/search/suggest/", {**extra, "q": query})
        assert response["Content-Type"] == "application/json"

    run_and_count(client, fuzzed, ["/search/suggest/"])


API_VIEWS = ["listing", "detail", "find"]


@pytest.fixture
def media(settings, tmp_path):
    """An image and a document, so that their detail views have something to show."""
    settings.MEDIA_ROOT = tmp_path
    Image.objects.create(title="Diagram", file=SimpleUploadedFile("diagram.png", png()))
    Document.objects.create(title="Leaflet", file=SimpleUploadedFile("leaflet.txt", b"plain words"))


@pytest.mark.parametrize("name", ["pages", "images", "documents"])
def test_public_api(client, media, name):
    endpoint = api_router._endpoints[name]
    detail_id = endpoint.model.objects.order_by("-pk").values_list("pk", flat=True).first()
    paths = {
        "listing": f"/api/v2/{name}/",
        "detail": f"/api/v2/{name}/{detail_id}/",
        "find": f"/api/v2/{name}/find/",
    }
    requests = st.one_of(
        [st.tuples(st.just(paths[view]), api_requests(endpoint, view)) for view in API_VIEWS]
    )

    @settings(fuzz, max_examples=REQUESTS_PER_API_RESOURCE)
    @example(request=(paths["listing"], {"first_published_at": "x"}))
    @example(request=(paths["listing"], {"offset": "99999999999999999999"}))
    @example(request=(paths["find"], {"id": "x"}))
    @given(request=requests)
    def fuzzed(request):
        path, params = request
        response = check(client, path, params)
        assert response.status_code in {200, 302, 400, 404}

    run_and_count(client, fuzzed, list(paths.values()), minimum=REQUESTS_PER_API_RESOURCE)
