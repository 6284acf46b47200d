"""Throttling: brute force with django-axes (whose address counts, private pages' passwords), and
the public API's rate per client address."""

import functools
import ipaddress
import math

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseRedirect, JsonResponse

from wagtail import views as wagtail_views
from wagtail.documents.views import serve as document_views

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials, get_lockout_response
from axes.utils import reset
from rest_framework.throttling import SimpleRateThrottle


def client_ip_address(request):
    """The visitor's address (AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR, or what the trusted proxies saw.

    Each proxy appends the address that connected to it to X-Forwarded-For, so behind
    TRUSTED_PROXY_HOPS proxies the visitor's address is that many places from the right. Anything
    further left was written by the client and proves nothing. A request that did not pass through
    every proxy (too few entries, or no address in that place) counts against the address that
    connected.
    """
    hops = settings.TRUSTED_PROXY_HOPS
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if hops and len(forwarded) >= hops:
        try:
            return str(ipaddress.ip_address(forwarded[-hops].strip()))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


def throttled_password_form(view, kind, restriction_argument):
    """Wagtail's password form for a private page or collection, throttled like the admin's sign-in.

    django-axes counts each restriction's password as if it were one account, with the same
    policy (AXES_FAILURE_LIMIT failures per restriction and address, locked out for
    AXES_COOLOFF_TIME hours, the lockout renewed by further tries and shown by
    AXES_LOCKOUT_TEMPLATE). Other addresses and other restrictions are unaffected.
    """

    @functools.wraps(view)
    def throttled(request, **kwargs):
        if request.method != "POST":
            return view(request, **kwargs)
        # No Django username can contain a colon, so no account shares these counts.
        username = f"{kind}-password:{kwargs[restriction_argument]}"
        credentials = get_credentials(username)
        response = None
        if AxesProxyHandler.is_allowed(request, credentials):
            response = view(request, **kwargs)
            if isinstance(response, HttpResponseRedirect):  # The password was right.
                if settings.AXES_RESET_ON_SUCCESS:
                    reset(ip=request.axes_ip_address, username=username)
                return response
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if response is None or request.axes_locked_out:
            return get_lockout_response(request, response, credentials)
        return response

    return throttled


page_password_form = throttled_password_form(
    wagtail_views.authenticate_with_password, "page", "page_view_restriction_id"
)
document_password_form = throttled_password_form(
    document_views.authenticate_with_password, "collection", "restriction_id"
)


class PublicAPIThrottle(SimpleRateThrottle):
    """At most PUBLIC_API_RATE requests from one client address to the content API and /connect/
    together ("120/minute"), counted in the shared cache, so every worker counts the same requests
    where the cache is Redis. The address is the visitor's as django-axes sees it (client_ip_address):
    behind TRUSTED_PROXY_HOPS proxies, the one the nearest trusted proxy saw.
    """

    scope = "public-api"

    def get_rate(self):
        return settings.PUBLIC_API_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_network(client_ip_address(request))}


def client_network(address):
    """Whose count a request is on: an IPv4 address, or an IPv6 address's /64, which one client
    holds whole (counting each of its addresses apart would give it billions of counts); an
    IPv4-mapped IPv6 address counts as its IPv4 address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def too_many_requests(wait_seconds):
    """The 429 a client over PUBLIC_API_RATE gets: what happened, and when to try again."""
    seconds = max(1, math.ceil(wait_seconds or 1))
    response = JsonResponse(
        {
            "message": (
                f"Too many requests from your address: at most {settings.PUBLIC_API_RATE}. "
                f"Try again in {seconds} seconds."
            )
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
