"""Input that no page can use gets a clean 400, whatever the database."""

from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?slug=%00",
        "/api/v2/pages/1/?locale=en%00",
        "/conditions/muscle%00twitching/",
        "/search/?q=magnesium%00",
    ],
)
def test_nul_bytes_are_refused_before_they_reach_the_database(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Content-Security-Policy" in response


def test_an_unknown_search_operator_is_a_clear_api_error(client):
    response = client.get("/api/v2/pages/?search=magnesium&search_operator=xor")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"message": "search_operator must be 'and' or 'or'"}


def test_odd_page_numbers_show_the_first_page_with_a_note(client):
    for page in ["²", "-3", "9" * 5000, "1e3"]:
        response = client.get("/search/", {"q": "magnesium", "page": page})
        assert response.status_code == HTTPStatus.OK
        assert b"That page number is not valid" in response.content
