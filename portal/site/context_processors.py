import logging

from django.db import DatabaseError

from portal.core.site_settings import emergency_number as site_emergency_number
from portal.pages.navigation import get_site_structure

logger = logging.getLogger(__name__)


def site_navigation(request):
    """The header and footer links; none when the database cannot be reached, so error pages still render."""
    try:
        structure = get_site_structure(request)
    except DatabaseError:
        logger.warning("Site navigation unavailable: the database could not be reached.")
        return {}
    return {
        "navigation": structure["navigation"],
        "home_url": structure["home_url"],
        "seek_help_url": structure["seek_help_url"],
        "about_url": structure["about_url"],
    }


def emergency_number(request):
    """The number the footer tells patients to call; words that fit any site when it cannot be read."""
    try:
        return {"emergency_number": site_emergency_number(request)}
    except DatabaseError:
        return {"emergency_number": "your local emergency number"}
