"""Input that no page can use gets a clean 400, whatever the database."""

from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_an_address_is_refused(client):
    response = client.get("/conditions/muscle%00twitching/")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize(
    "url", ["/api/v2/pages/?slug=%00", "/api/v2/pages/?locale=en%00", "/api/v2/pages/?title=%00x"]
)
def test_nul_bytes_in_the_query_never_reach_the_database(client, url):
    assert client.get(url).status_code in {HTTPStatus.OK, HTTPStatus.BAD_REQUEST}


def test_a_search_with_a_stray_nul_byte_still_finds_the_page(client):
    response = client.get("/search/?q=magnesium%00")
    assert response.status_code == HTTPStatus.OK
    assert b"/nutrition/magnesium/" in response.content


def test_an_unknown_search_operator_is_a_clear_api_error(client):
    response = client.get("/api/v2/pages/?search=magnesium&search_operator=xor")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"message": "search_operator must be 'and' or 'or'"}


def test_odd_page_numbers_show_the_first_page_with_a_note(client):
    for page in ["²", "-3", "9" * 5000, "1e3"]:
        response = client.get("/search/", {"q": "magnesium", "page": page})
        assert response.status_code == HTTPStatus.OK
        assert b"That page number is not valid" in response.content
