"""Brute-force throttling with django-axes: whose address a failure counts against."""

import ipaddress

from django.conf import settings


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
