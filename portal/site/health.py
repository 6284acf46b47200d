"""/health/: a bare status for anyone, the state of each check for staff and monitoring addresses.

django-health-check names the failing check with its error, and a database error names the
database server's host and port: worth knowing for an operator, not for the public.
"""

import ipaddress
from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse

from asgiref.sync import sync_to_async
from health_check.views import HealthCheckView

from portal.security.accounts import is_fully_signed_in
from portal.security.throttling import client_ip_address


def from_detail_address(request):
    """Whether the request comes from one of HEALTH_CHECK_DETAIL_ADDRESSES (addresses or networks)."""
    try:
        address = ipaddress.ip_address(client_ip_address(request))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(network, strict=False)
        for network in settings.HEALTH_CHECK_DETAIL_ADDRESSES
    )


def may_see_health_details(request):
    user = request.user
    signed_in_staff = user.is_staff and is_fully_signed_in(user)
    return signed_in_staff or from_detail_address(request)


class HealthView(HealthCheckView):
    """The database and the cache: 200 when both answer, 500 when either does not."""

    checks = ["health_check.checks.Database", "health_check.checks.Cache"]

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if await sync_to_async(may_see_health_details)(request):
            return response
        if any(result.error for result in self.results):
            return JsonResponse({"status": "unavailable"}, status=HTTPStatus.INTERNAL_SERVER_ERROR)
        return JsonResponse({"status": "ok"})
