"""Links to the symptom and food pages that routable index pages serve."""

from django import template

from wagtail.models import Page

from nutrition.models import NutrientIndexPage
from portal.models import SymptomIndexPage

register = template.Library()


def _index_page_url(context, model):
    """The URL of the site's one page of this type, looked up once per request."""
    request = context.get("request")
    cache = getattr(request, "_portal_index_urls", None) if request else None
    if cache is None:
        cache = {}
        if request is not None:
            request._portal_index_urls = cache
    if model not in cache:
        index_page = Page.objects.type(model).live().first()
        cache[model] = index_page.get_url(request) if index_page else None
    return cache[model]


@register.simple_tag(takes_context=True)
def symptom_url(context, symptom):
    base = _index_page_url(context, SymptomIndexPage)
    return f"{base}{symptom.slug}/" if base else ""


@register.simple_tag(takes_context=True)
def food_url(context, food):
    base = _index_page_url(context, NutrientIndexPage)
    return f"{base}foods/{food.slug}/" if base else ""
