"""Links to the symptom and food pages that routable index pages serve."""

from django import template

from portal.navigation import breadcrumb_trail, get_site_structure

register = template.Library()


@register.simple_tag(takes_context=True)
def symptom_url(context, symptom):
    base = get_site_structure(context["request"])["symptom_index_url"]
    return f"{base}{symptom.slug}/" if base else ""


@register.simple_tag(takes_context=True)
def food_url(context, food):
    base = get_site_structure(context["request"])["food_index_url"]
    return f"{base}{food.slug}/" if base else ""


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    return breadcrumb_trail(context["request"], page)


@register.inclusion_tag("components/a_to_z.html", takes_context=True)
def a_to_z_list(context, a_to_z, kind, label):
    """Symptoms or foods A to Z: the letters, then the names under each letter this page shows."""
    base = get_site_structure(context["request"])[f"{kind}_index_url"] or ""
    return {"a_to_z": a_to_z, "base": base, "label": label}
