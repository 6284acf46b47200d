"""Renders schema.org JSON-LD (built by portal.core.structured_data) for search engines and other software."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Characters that could end the script element or start markup, escaped inside the JSON.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def structured_data(context, data=None):
    """A JSON-LD script: the given data, or the page's own when it has structured data."""
    if data is None:
        data = context.get("structured_data") or _page_data(context)
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def _page_data(context):
    page = context.get("page")
    return page.get_structured_data(context) if hasattr(page, "get_structured_data") else None
