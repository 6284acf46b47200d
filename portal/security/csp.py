"""The Content-Security-Policy of patients' pages and of the admin, and where browsers report breaches."""

import json
import logging
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from csp.utils import default_config

from portal.security.throttling import client_ip_address

logger = logging.getLogger("portal.csp")

ADMIN_PATH_PREFIX = "/admin/"
# Sign-in and two-factor set-up: admin pages without Wagtail's inline scripts, kept under the strict policy.
SIGN_IN_PATH_PREFIX = "/admin/account/"
MAX_REPORT_BYTES = 16 * 1024


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with the admin's looser policy enforced and the strict one reported there."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        path = request.path_info
        if path.startswith(ADMIN_PATH_PREFIX) and not path.startswith(SIGN_IN_PATH_PREFIX):
            if report_only:
                parts.config = parts.config or default_config(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
            else:
                parts.replace = {**settings.ADMIN_CONTENT_SECURITY_POLICY, **(parts.replace or {})}
        elif getattr(request, "is_preview", False) and not report_only:
            # Wagtail renders a preview as a patient would see it, inside the editor's own frame.
            parts.replace = {"frame-ancestors": [SELF], **(parts.replace or {})}
        return parts


def for_log(value):
    """The value as one line of printable text: control characters (a newline that would forge a
    log line, terminal escapes, bidirectional overrides) written as escapes."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in str(value)
    )


def over_report_rate(request):
    """Whether this address has sent more than CSP_REPORTS_PER_MINUTE reports in the minute since
    its first one.

    Counted in the shared cache, so the limit holds across processes and servers, give or take a
    report when the count expires just as another process adds to it.
    """
    key = f"csp-reports:{client_ip_address(request)}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=60)
        count = 1
    return count > settings.CSP_REPORTS_PER_MINUTE


@csrf_exempt
@require_POST
def csp_report(request):
    """Log what a browser blocked (or would have blocked) so that operators see it."""
    if over_report_rate(request):
        response = HttpResponse(
            "Too many reports.", status=HTTPStatus.TOO_MANY_REQUESTS, content_type="text/plain"
        )
        response["Retry-After"] = "60"
        return response
    # No more than a report can be: request.body would first take in anything up to Django's
    # DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
    body = request.read(MAX_REPORT_BYTES + 1)
    if len(body) > MAX_REPORT_BYTES:
        return HttpResponse(
            "Report too large.", status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE, content_type="text/plain"
        )
    try:
        report = json.loads(body).get("csp-report", {})
    except (ValueError, AttributeError, RecursionError):  # RecursionError: arrays nested thousands deep
        return HttpResponseBadRequest("Not a CSP report.")
    if not isinstance(report, dict):
        return HttpResponseBadRequest("Not a CSP report.")
    logger.warning(
        "CSP %s: %s blocked %s on %s",
        for_log(report.get("disposition", "enforce")),
        for_log(report.get("effective-directive") or report.get("violated-directive")),
        for_log(report.get("blocked-uri")),
        for_log(report.get("document-uri")),
    )
    return HttpResponse(status=HTTPStatus.NO_CONTENT)
