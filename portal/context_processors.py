from portal.navigation import get_site_structure


def site_navigation(request):
    structure = get_site_structure(request)
    return {
        "navigation": structure["navigation"],
        "home_url": structure["home_url"],
        "seek_help_url": structure["seek_help_url"],
    }
