"""Hypothesis throws odd input at the search page, the suggestions and the public API.

More than 10,000 generated requests in all: unicode, 100,000-character strings, SQL and HTML
fragments, NUL bytes and unknown parameters. None may fail with a 5xx, take 2 seconds or more,
or echo markup unescaped into a page.
"""

import time
from collections import Counter
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

REQUESTS_PER_ENDPOINT = 3_400
# Three endpoints: at least 10,000 requests in all.
MIN_REQUESTS_PER_ENDPOINT = 3_334
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
numbers = st.one_of(st.integers(-(10**12), 10**12).map(str), text)
API_PARAMETERS = {
    "search": text,
    "search_operator": st.one_of(st.sampled_from(["and", "or"]), text),
    "type": st.one_of(
        st.sampled_from(["portal.ConditionPage", "nutrition.NutrientPage", "wagtailcore.Page"]), text
    ),
    "fields": st.one_of(st.sampled_from(["*", "title", "-title", "_,title", "body(*)"]), text),
    "order": st.one_of(st.sampled_from(["title", "-id", "random", "first_published_at"]), text),
    "limit": numbers,
    "offset": numbers,
    "child_of": numbers,
    "descendant_of": numbers,
    "slug": text,
    "html_path": text,
    "locale": text,
    "title": text,
}


def check(client, path, params):
    url = f"{path}?{urlencode(params)}"
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
                assert not (markup in value and markup in body), f"{markup!r} echoed unescaped by {url[:300]}"
    return response


fuzz = settings(
    max_examples=REQUESTS_PER_ENDPOINT,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def run_and_count(client, fuzzed, paths):
    before = sum(SEEN[path] for path in paths)
    fuzzed()
    sent = sum(SEEN[path] for path in paths) - before
    print(f"\n{sent} generated requests to {', '.join(paths)}, none answered 5xx")
    assert sent >= MIN_REQUESTS_PER_ENDPOINT


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


API_ENDPOINTS = ["pages", "images", "documents", "pages/1", "pages/find"]


def test_public_api(client):
    @fuzz
    @given(endpoint=st.sampled_from(API_ENDPOINTS), params=st.fixed_dictionaries({}, optional=API_PARAMETERS))
    def fuzzed(endpoint, params):
        response = check(client, f"/api/v2/{endpoint}/", params)
        assert response.status_code in {200, 302, 400, 404}

    run_and_count(client, fuzzed, [f"/api/v2/{endpoint}/" for endpoint in API_ENDPOINTS])
