"""Who may call the public API and /connect/, and how often: any web page, from a browser, without
credentials; each client address a limited number of times, told clearly when to come back."""

from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db

CONNECT = "/connect/?mainSearchCriteria.v.c=R25.3&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90"


@pytest.fixture
def three_a_minute(settings):
    settings.PUBLIC_API_RATE = "3/minute"


def test_a_client_over_the_rate_is_told_to_wait(client, three_a_minute):
    for _ in range(3):
        assert client.get("/api/v2/pages/").status_code == HTTPStatus.OK

    response = client.get("/api/v2/pages/")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["message"].startswith("Too many requests from your address: at most 3/minute.")
    assert f"Try again in {response['Retry-After']} seconds." in response.json()["message"]


def test_the_api_and_connect_share_one_count(client, three_a_minute):
    client.get("/api/v2/pages/")
    client.get("/api/v2/symptoms/")
    client.get(CONNECT)

    assert client.get(CONNECT).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert client.get("/api/v2/foods/").status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_each_client_address_has_its_own_count(client, three_a_minute):
    for _ in range(4):
        client.get(CONNECT, REMOTE_ADDR="203.0.113.7")

    assert client.get(CONNECT, REMOTE_ADDR="203.0.113.8").status_code == HTTPStatus.OK


def test_behind_a_trusted_proxy_the_visitors_address_is_counted(client, three_a_minute, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    for _ in range(4):
        client.get(CONNECT, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")

    # Another visitor through the same proxy is not held up...
    assert client.get(CONNECT, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 200
    # ...and a visitor cannot escape the count by writing another address in front of the proxy's.
    spoofed = client.get(CONNECT, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    assert spoofed.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_pages_for_patients_are_not_counted(client, three_a_minute):
    for _ in range(5):
        assert client.get("/conditions/muscle-twitching/").status_code == HTTPStatus.OK


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v2/symptoms/", "/api/openapi.json", CONNECT])
def test_any_web_page_may_read_it_from_a_browser(client, path):
    response = client.get(path, HTTP_ORIGIN="https://patient-portal.example.org")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_a_browser_is_told_only_reads_are_allowed(client):
    response = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN="https://patient-portal.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert response.status_code == HTTPStatus.OK
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_the_rest_of_the_site_gives_other_origins_nothing(client):
    response = client.get("/conditions/muscle-twitching/", HTTP_ORIGIN="https://elsewhere.example.org")

    assert "Access-Control-Allow-Origin" not in response


def test_a_password_sent_with_an_api_request_signs_nobody_in(client, superuser):
    import base64

    credentials = base64.b64encode(b"admin:a long admin passphrase").decode()
    response = client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Basic {credentials}")

    assert response.status_code == HTTPStatus.OK
    assert "sessionid" not in response.cookies


def test_an_ipv6_client_is_counted_by_its_64_block(client, three_a_minute):
    for host in range(1, 5):
        client.get(CONNECT, REMOTE_ADDR=f"2001:db8:0:1::{host}")

    assert client.get(CONNECT, REMOTE_ADDR="2001:db8:0:1::99").status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert client.get(CONNECT, REMOTE_ADDR="2001:db8:0:2::1").status_code == HTTPStatus.OK


def test_an_ipv4_mapped_address_counts_as_the_ipv4_address(client, three_a_minute):
    for _ in range(3):
        client.get(CONNECT, REMOTE_ADDR="203.0.113.7")

    assert client.get(CONNECT, REMOTE_ADDR="::ffff:203.0.113.7").status_code == HTTPStatus.TOO_MANY_REQUESTS
