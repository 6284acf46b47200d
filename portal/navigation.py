"""The parts of the site every page links to, looked up once and cached per site.

The header's sections and the addresses of the symptom and food indexes change only when a
page is published, unpublished, moved or deleted; portal.signals clears the cache then.
"""

from django.core.cache import cache

from wagtail.models import Page, Site

from nutrition.models import NutrientIndexPage
from portal.models import AboutContentPage, ConditionPage, SymptomIndexPage
from portal.models.mixins import exclude_restricted

CACHE_SECONDS = 60 * 60


def cache_key(site_id):
    return f"portal:site-structure:{site_id}"


def clear_site_structure():
    cache.delete_many([cache_key(site_id) for site_id in Site.objects.values_list("pk", flat=True)])


def _index_url(site, model, request):
    """The address of the site's first live, public page of this type."""
    index_page = exclude_restricted(Page.objects.type(model).live().descendant_of(site.root_page)).first()
    return index_page.get_url(request) if index_page else None


def get_site_structure(request):
    """The structure, read from the cache once per request (templates ask for it many times)."""
    structure = getattr(request, "_portal_site_structure", None)
    if structure is None:
        structure = _read_site_structure(request)
        request._portal_site_structure = structure
    return structure


def _read_site_structure(request):
    site = Site.find_for_request(request)
    if site is None:
        return {
            "home_url": "/",
            "navigation": [],
            "symptom_index_url": None,
            "food_index_url": None,
            "seek_help_url": None,
            "about_url": None,
            "parents": {},
        }
    key = cache_key(site.pk)
    structure = cache.get(key)
    if structure is None:
        root = site.root_page
        sections = exclude_restricted(root.get_children().live().in_menu())
        nutrient_index_url = _index_url(site, NutrientIndexPage, request)
        condition_url = _index_url(site, ConditionPage, request)
        structure = {
            "home_url": root.get_url(request),
            "navigation": [
                {"title": page.title, "url": page.get_url(request), "url_path": page.url_path}
                for page in sections
            ],
            "symptom_index_url": _index_url(site, SymptomIndexPage, request),
            "food_index_url": f"{nutrient_index_url}foods/" if nutrient_index_url else None,
            # The first condition's warning signs: where the header sends a worried patient.
            "seek_help_url": f"{condition_url}#when-to-seek-help" if condition_url else None,
            "about_url": _index_url(site, AboutContentPage, request),
            # Every page that has children, by url_path: what breadcrumbs are made of.
            "parents": {
                page.url_path: {"title": page.title, "url": page.get_url(request)}
                for page in root.get_descendants(inclusive=True).filter(numchild__gt=0)
            },
        }
        cache.set(key, structure, CACHE_SECONDS)
    return structure


def breadcrumb_trail(request, page):
    """The page's ancestors below the tree's root, as title and url, without a query when cached."""
    parents = get_site_structure(request)["parents"]
    segments = page.url_path.strip("/").split("/")[:-1]
    paths = ["/" + "/".join(segments[: index + 1]) + "/" for index in range(len(segments))]
    if all(path in parents for path in paths):
        return [parents[path] for path in paths]
    return [
        {"title": ancestor.title, "url": ancestor.get_url(request)}
        for ancestor in page.get_ancestors().filter(depth__gt=1)
    ]
