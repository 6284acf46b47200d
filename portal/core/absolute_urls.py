"""Absolute addresses on the portal: from the configured site, never from the request.

A request's scheme and Host header are whatever the client, or a proxy speaking plain HTTP,
sent: an address built from them can say http:// or name another port, and the page cache
would then give it to every visitor. Wagtail's Site record says where the site lives
(load_portal_content sets it from WAGTAILADMIN_BASE_URL); page.get_full_url(), the sitemap
and the API already use it.
"""

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest

from wagtail.models import Site


def absolute_url(request: HttpRequest, path: str) -> str:
    """The site's own address for a path, e.g. https://portal.example.org/sitemap.xml."""
    try:
        site = Site.find_for_request(request)
    except DatabaseError:  # the 503 page during an outage still names the portal's address
        site = None
    root_url = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return root_url + path
