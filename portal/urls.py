from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from two_factor.urls import urlpatterns as two_factor_urls

from portal.governance import workflow_views
from portal.security import accounts, csp, throttling
from portal.site import api, connect, views
from portal.site.api import api_router
from portal.site.health import HealthView
from portal.site.sitemap import PortalSitemap

urlpatterns = [
    # One sign-in for the admin: the two-step form, which asks for a code when the account has
    # an authenticator. Wagtail's password-only form is replaced by it.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="two_factor:login", query_string=True),
        name="admin_login_two_factor",
    ),
    # ...and so is the front-end form that Wagtail serves for login-restricted pages.
    path(
        "_util/login/",
        RedirectView.as_view(pattern_name="two_factor:login", query_string=True),
        name="frontend_login_two_factor",
    ),
    path("admin/logout/", accounts.logout_view, name="admin_logout_post_only"),
    # Wagtail's workflow action on a page, but a refusal is shown in the modal, not as a bare 403;
    # decorated as Wagtail decorates its own admin views.
    path(
        "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        never_cache(display_custom_404(require_admin_access(workflow_views.page_workflow_action))),
        name="page_workflow_action_with_refusals_shown",
    ),
    path(
        "admin/account/two_factor/backup/tokens/",
        accounts.NotifyingBackupTokensView.as_view(),
        name="backup_tokens_with_notice",
    ),
    path("admin/", include(two_factor_urls)),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's own addresses for the password forms of private documents and pages, served
    # here first so that wrong passwords are throttled like sign-in.
    path("documents/authenticate_with_password/<int:restriction_id>/", throttling.document_password_form),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttling.page_password_form,
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("api/openapi.json", api.openapi_description, name="openapi"),
    path("api/v2/", api_router.urls),
    # Anything else under /api/ is not a page: clients get the API's own JSON answer.
    re_path(r"^api/", api.not_found),
    path("connect/", connect.connect_view, name="connect"),
    # Answered without a redirect: the redirect would carry a patient's codes where caches keep it.
    path("connect", connect.connect_view),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PortalSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("csp-report/", csp.csp_report, name="csp_report"),
    path("health/", HealthView.as_view(), name="health"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "portal.site.views.server_error"

# What patients read, in each language: English at the root as it always was, Spanish under /es/
# (portal.core.languages). Wagtail serves every page; its catch-all must stay last.
urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    path("search/suggest/", views.suggest, name="search_suggest"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
