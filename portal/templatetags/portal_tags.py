"""Links to the symptom and food pages that routable index pages serve, and remembered lists."""

from django import template
from django.template.base import token_kwargs
from django.utils import timezone
from django.utils.timesince import timesince

from wagtail.models import Site

from portal.caching.remember import remember
from portal.core.absolute_urls import absolute_url
from portal.pages.navigation import breadcrumb_trail
from portal.site.language_versions import language_versions

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The address of what is shown, on the configured site, whatever Host or scheme the request used."""
    request = context["request"]
    return absolute_url(request, request.path)


@register.filter
def in_words(duration):
    """A length of time as people say it: "1 hour", "30 minutes"."""
    now = timezone.now()
    return timesince(now - duration, now)


@register.filter
def lowerfirst(text):
    """A name that starts a sentence, put mid-sentence: "Antacids such as Maalox" → "antacids such as Maalox"."""
    return text[:1].lower() + text[1:]


@register.simple_tag(takes_context=True)
def symptom_url(context, symptom):
    return symptom.get_url(context["request"])


@register.simple_tag(takes_context=True)
def food_url(context, food):
    return food.get_url(context["request"])


@register.simple_tag(takes_context=True)
def page_in_languages(context):
    """What is shown, in each language the site has (the switcher, hreflang and Open Graph locales).

    A route that serves a symptom or a food names it as `language_versions_of`."""
    request = context.get("request")
    if request is None:
        return []
    return language_versions(request, page=context.get("page"), shown=context.get("language_versions_of"))


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    return breadcrumb_trail(context["request"], page)


@register.inclusion_tag("components/a_to_z.html", takes_context=True)
def a_to_z_list(context, a_to_z, label, entry_route, letter_route):
    """Symptoms or foods A to Z: the letters, then the names under each letter this page shows.

    The page is the routable index that serves them; each address is its named route reversed.
    """
    return {
        "a_to_z": a_to_z,
        "label": label,
        "page": context["page"],
        "request": context["request"],
        "entry_route": entry_route,
        "letter_route": letter_route,
    }


class RememberedNode(template.Node):
    def __init__(self, nodelist, name, key_parts, reads):
        self.nodelist = nodelist
        self.name = name
        self.key_parts = key_parts
        self.reads = reads

    def render(self, context):
        request = context.get("request")
        site = Site.find_for_request(request) if request else None
        parts = [part.resolve(context) for part in self.key_parts]

        def render_fragment():
            with context.push(**{name: value.resolve(context) for name, value in self.reads.items()}):
                return self.nodelist.render(context)

        return remember(f"fragment:{self.name}", site.pk if site else 0, *parts, compute=render_fragment)


@register.tag
def remembered(parser, token):
    """{% remembered "name" key ... [reads var=expression ...] %} … {% endremembered %}: the HTML
    between, kept until content changes, per site (its links are relative to the site) and per key.

    For lists of other pages that grow with the site (every condition a medicine helps, a letter
    of the A to Z): rendering hundreds of cards took longer than the rest of the page. The HTML may
    depend on nothing but the keys, published content and what it reads: each `reads` expression
    (e.g. page.get_conditions) is worked out, and set as its variable, only when the HTML is not
    yet kept, so a page that is served from it runs none of their queries.
    """
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a quoted name, then the keys it depends on.")
    name, rest = bits[1][1:-1], bits[2:]
    key_bits, reads = rest, {}
    if "reads" in rest:
        at = rest.index("reads")
        key_bits, read_bits = rest[:at], rest[at + 1 :]
        reads = token_kwargs(read_bits, parser)
        if not reads or read_bits:
            raise template.TemplateSyntaxError(f"{bits[0]}: 'reads' takes one or more var=expression.")
    nodelist = parser.parse(("endremembered",))
    parser.delete_first_token()
    return RememberedNode(nodelist, name, [parser.compile_filter(bit) for bit in key_bits], reads)
