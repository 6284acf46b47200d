"""The Content-Security-Policy of patients' pages and of the admin, and where browsers report breaches."""

import json
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from csp.utils import default_config

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


@csrf_exempt
@require_POST
def csp_report(request):
    """Log what a browser blocked (or would have blocked) so that operators see it."""
    if len(request.body) > MAX_REPORT_BYTES:
        return HttpResponseBadRequest("Report too large.")
    try:
        report = json.loads(request.body).get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponseBadRequest("Not a CSP report.")
    if not isinstance(report, dict):
        return HttpResponseBadRequest("Not a CSP report.")
    logger.warning(
        "CSP %s: %s blocked %s on %s",
        report.get("disposition", "enforce"),
        report.get("effective-directive") or report.get("violated-directive"),
        report.get("blocked-uri"),
        report.get("document-uri"),
    )
    return HttpResponse(status=204)
