"""Every public response carries the security headers, and they score A+ the way Mozilla's HTTP Observatory counts."""

import json
from http import HTTPStatus

from django.test.client import FakePayload

import pytest

from portal.models import ConditionPage
from tests.security import observatory

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/conditions/muscle-twitching/",
    "/treatments/",
    "/nutrition/magnesium/",
    "/symptoms/",
    "/search/?q=eyelid+twitching",
    "/search/suggest/?q=mag",
    "/api/v2/pages/",
    "/no/such/page/",
    "/robots.txt",
]


def secure_get(client, url):
    return client.get(url, secure=True, HTTP_HOST="portal.example")


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_responses_score_a_plus(client, production_security, url):
    response = secure_get(client, url)
    assert response.status_code == (HTTPStatus.NOT_FOUND if url == "/no/such/page/" else HTTPStatus.OK)
    result = observatory.score(response, http_redirect=client.get(url, HTTP_HOST="portal.example"))
    assert result.total >= 100, result.modifiers
    assert result.grade == "A+"


def test_the_server_error_page_carries_the_headers_too(client, production_security, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ConditionPage, "get_context", broken)
    client.raise_request_exception = False
    response = secure_get(client, "/conditions/muscle-twitching/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    result = observatory.score(response, http_redirect=client.get("/", HTTP_HOST="portal.example"))
    assert result.total >= 100, result.modifiers


def test_the_patients_policy_allows_no_inline_code_and_nothing_foreign(client, production_security):
    response = secure_get(client, "/")
    policy = observatory.parse_csp(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_plain_http_is_redirected_to_https_on_the_same_host(client, production_security):
    response = client.get("/conditions/muscle-twitching/", HTTP_HOST="portal.example")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "https://portal.example/conditions/muscle-twitching/"


def test_a_proxy_that_terminated_tls_is_trusted(client, production_security):
    response = client.get("/", HTTP_HOST="portal.example", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == HTTPStatus.OK


def test_admin_cookies_are_secure_http_only_and_same_site(client, production_security, superuser):
    login_page = secure_get(client, "/admin/account/login/")
    csrf = login_page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    assert (
        observatory.score(login_page, http_redirect=client.get("/", HTTP_HOST="portal.example")).total >= 100
    )

    signed_in = client.post(
        "/admin/account/login/",
        {
            "login_view-current_step": "auth",
            "auth-username": "admin",
            "auth-password": "a long admin passphrase",
        },
        secure=True,
        HTTP_HOST="portal.example",
    )
    assert signed_in.status_code == HTTPStatus.FOUND
    session = signed_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_the_admin_policy_is_enforced_and_the_strict_one_reported(admin_client):
    response = admin_client.get("/admin/")
    enforced = observatory.parse_csp(response["Content-Security-Policy"])
    assert enforced["object-src"] == ["'none'"]
    assert enforced["base-uri"] == ["'none'"]
    assert enforced["frame-ancestors"] == ["'self'"]
    reported = observatory.parse_csp(response["Content-Security-Policy-Report-Only"])
    assert reported["script-src"] == ["'self'"]
    assert reported["report-uri"] == ["/csp-report/"]


def test_browsers_can_report_violations_and_operators_see_them(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "https://portal.example/admin/",
            "effective-directive": "script-src-elem",
            "blocked-uri": "inline",
            "disposition": "report",
        }
    }
    response = client.post("/csp-report/", json.dumps(report), content_type="application/csp-report")
    assert response.status_code == HTTPStatus.NO_CONTENT
    assert "script-src-elem blocked inline on https://portal.example/admin/" in caplog.text
    assert client.post("/csp-report/", "not json", content_type="application/json").status_code == 400
    assert client.post("/csp-report/", "x" * 20_000, content_type="application/json").status_code == 413
    assert client.get("/csp-report/").status_code == HTTPStatus.METHOD_NOT_ALLOWED


def csp_report(client, report, address="192.0.2.1"):
    return client.post(
        "/csp-report/",
        json.dumps({"csp-report": report}),
        content_type="application/csp-report",
        REMOTE_ADDR=address,
    )


def test_a_report_cannot_forge_log_lines(client, caplog):
    forged = "https://portal.example/\nCSP enforce: script-src blocked https://evil.example on https://portal.example/"
    report = {
        "document-uri": forged,
        "blocked-uri": "\x1b[2Jinline",
        "effective-directive": "script-src\r\u202e",
    }
    assert csp_report(client, report).status_code == HTTPStatus.NO_CONTENT
    [record] = [record for record in caplog.records if record.name == "portal.csp"]
    line = record.getMessage()
    assert "\n" not in line and "\r" not in line and "\x1b" not in line and "\u202e" not in line
    assert "https://portal.example/\\nCSP enforce" in line and "\\x1b[2Jinline" in line


class CountingPayload(FakePayload):
    def __init__(self, content):
        super().__init__(content)
        self.bytes_read = 0

    def read(self, size=-1, /):
        content = super().read(size)
        self.bytes_read += len(content)
        return content


def test_an_oversized_report_is_refused_without_reading_it_all(client):
    body = json.dumps({"csp-report": {"document-uri": "x" * 1_000_000}}).encode()
    payload = CountingPayload(body)
    response = client.post(
        "/csp-report/", body, content_type="application/csp-report", **{"wsgi.input": payload}
    )
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert payload.bytes_read <= 16 * 1024 + 1


def test_reports_are_limited_per_address(client, settings, caplog):
    settings.CSP_REPORTS_PER_MINUTE = 3
    report = {
        "document-uri": "https://portal.example/",
        "blocked-uri": "inline",
        "effective-directive": "img-src",
    }
    assert [csp_report(client, report).status_code for _ in range(3)] == [HTTPStatus.NO_CONTENT] * 3
    refused = csp_report(client, report)
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert refused["Retry-After"] == "60"
    assert len([record for record in caplog.records if record.name == "portal.csp"]) == 3
    assert csp_report(client, report, address="192.0.2.2").status_code == HTTPStatus.NO_CONTENT


def test_a_csp_report_nested_thousands_deep_is_refused_not_a_server_error(client):
    nested = "[" * 5000 + "]" * 5000
    response = client.post(
        "/csp-report/", f'{{"csp-report": {nested}}}', content_type="application/csp-report"
    )
    assert response.status_code == 400
