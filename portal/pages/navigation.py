"""The parts of the site every page links to, looked up once and remembered per site and language.

The header's sections and the addresses of the symptom and food indexes change only when a
page is published, unpublished, moved or deleted: they are remembered under the content version.
Each language has its own: the Spanish header lists the Spanish sections, from the Spanish home page.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from wagtail.models import Page, Site

from nutrition.models import NutrientIndexPage
from portal.caching.remember import remember
from portal.core.snippet_urls import route_url
from portal.core.visibility import exclude_restricted
from portal.pages.models import AboutContentPage, ConditionPage, SymptomIndexPage


def _first_public_pages(root, models):
    """{model: the first live, public page of exactly that type below the home page}, in one query.

    Only for types with few pages each, such as index pages.
    """
    content_types = ContentType.objects.get_for_models(*models)
    found = {}
    pages = Page.objects.live().descendant_of(root).filter(content_type__in=content_types.values())
    for page in exclude_restricted(pages).order_by("path"):
        found.setdefault(page.specific_class, page)
    return {model: found.get(model) for model in models}


def _url(page, request):
    return page.get_url(request) if page else None


def get_site_structure(request, language=None):
    """The structure in the language (the one being served by default), read from the cache once per
    request and language (templates ask for it many times)."""
    language = language or translation.get_language()
    structures = request.__dict__.setdefault("_portal_site_structures", {})
    if language not in structures:
        with translation.override(language):
            structures[language] = _read_site_structure(request)
    return structures[language]


def _read_site_structure(request):
    site = Site.find_for_request(request)
    if site is None:
        return {
            "home_url": "/",
            "navigation": [],
            "symptom_index_url": None,
            "nutrient_index_url": None,
            "food_index_url": None,
            "seek_help_url": None,
            "about_url": None,
            "parents": {},
        }
    return remember("site-structure", site.pk, compute=lambda: _work_out_site_structure(site, request))


def _work_out_site_structure(site, request):
    root = site.root_page.localized
    sections = exclude_restricted(root.get_children().live().in_menu())
    indexes = _first_public_pages(root, [NutrientIndexPage, SymptomIndexPage, AboutContentPage])
    nutrient_index_url = _url(indexes[NutrientIndexPage], request)
    food_index_url = (
        route_url(nutrient_index_url, NutrientIndexPage, "food_list") if nutrient_index_url else None
    )
    condition = exclude_restricted(Page.objects.type(ConditionPage).live().descendant_of(root)).first()
    condition_url = _url(condition, request)
    return {
        "home_url": root.get_url(request),
        "navigation": [
            {"title": page.title, "url": page.get_url(request), "url_path": page.url_path}
            for page in sections
        ],
        "symptom_index_url": _url(indexes[SymptomIndexPage], request),
        "nutrient_index_url": nutrient_index_url,
        "food_index_url": food_index_url,
        # The first condition's warning signs: where the header sends a worried patient.
        "seek_help_url": f"{condition_url}#when-to-seek-help" if condition_url else None,
        "about_url": _url(indexes[AboutContentPage], request),
        # Every page that has children, by url_path: what breadcrumbs are made of.
        "parents": {
            page.url_path: {"title": page.title, "url": page.get_url(request)}
            for page in root.get_descendants(inclusive=True).filter(numchild__gt=0)
        },
    }


def index_page_urls(request, language=None):
    """Where the page types that serve symptoms and foods are on the request's site, in the language
    (portal.core.snippet_urls)."""
    structure = get_site_structure(request, language)
    return {
        SymptomIndexPage: structure["symptom_index_url"],
        NutrientIndexPage: structure["nutrient_index_url"],
    }


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
