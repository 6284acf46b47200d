from wagtail.models import Site


def site_navigation(request):
    """The sections in the site header: the home page's live children marked "show in menus"."""
    site = Site.find_for_request(request)
    if site is None:
        return {"navigation": [], "home_url": "/"}
    root = site.root_page
    return {
        "navigation": root.get_children().live().public().in_menu(),
        "home_url": root.url,
    }
