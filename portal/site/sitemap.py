"""The sitemap: every live, public page in every language, each address with its translations.

Wagtail's own sitemap lists the pages below the site's home page, which is the English one; each
further language's pages sit below that language's home page. Every entry names its versions in
the other languages (hreflang alternates), which search engines use to send a reader to their own.
"""

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from portal.core.languages import hreflang_alternates, versions_by_language
from portal.core.visibility import is_restricted


class PortalSitemap(Sitemap):
    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True).live()
        below_a_home = Q()
        for home in homes:
            below_a_home |= Q(path__startswith=home.path)
        return (
            Page.objects.live().public().filter(below_a_home).order_by("path").defer_streamfields().specific()
            if below_a_home
            else Page.objects.none()
        )

    def _urls(self, page, protocol, domain):
        entries = super()._urls(page, protocol, domain)
        pages = list(self.paginator.page(page).object_list)
        by_model = {}
        for item in pages:
            by_model.setdefault(type(item), []).append(item)
        versions = {}
        for items in by_model.values():
            versions.update(versions_by_language(items))
        alternates = {}
        for item in pages:
            urls = {
                code: version.get_full_url(self.request)
                for code, version in versions.get(item.translation_key, {}).items()
                if not is_restricted(version)
            }
            alternates[item.get_full_url(self.request)] = hreflang_alternates(urls)
        for entry in entries:
            # A page's own address; the routes a page lists (symptoms, foods) name their own.
            if len(alternates.get(entry["location"], ())) > 1:
                entry.setdefault("alternates", alternates[entry["location"]])
        return entries
