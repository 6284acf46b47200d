"""Arbitrary text and parameters never make search fail or echo markup."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

TRICKY_WORDS = st.sampled_from(
    [
        '"',
        "*",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "(",
        ")",
        "-",
        "^",
        ":",
        "'",
        "%",
        "_",
        "\\",
        "<b>",
        "</script>",
        "𝔪𝔞𝔤",
        "ä",
        "\u200b",
        "\x00",
    ]
)
QUERIES = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(TRICKY_WORDS, st.text(min_size=1, max_size=12)), max_size=12).map(" ".join),
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(
    q=QUERIES,
    kind=st.one_of(st.none(), st.sampled_from(["condition", "food", "x"]), st.text(max_size=20)),
    page=st.one_of(st.none(), st.text(max_size=6)),
)
def test_search_page_answers_every_input(client, q, kind, page):
    params = {key: value for key, value in {"q": q, "kind": kind, "page": page}.items() if value is not None}
    response = client.get("/search/", params)
    assert response.status_code in (200, 400)
    if "<b>" in q:
        assert b"<b>" not in response.content  # the portal's templates use <strong>, never <b>


@FUZZ
@given(q=QUERIES)
def test_suggestions_answer_every_input(client, q):
    response = client.get("/search/suggest/", {"q": q})
    assert response.status_code == 200
    assert isinstance(json.loads(response.content)["suggestions"], list)
