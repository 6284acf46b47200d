from django.apps import AppConfig
from django.core.exceptions import PermissionDenied


def forbid(request):
    raise PermissionDenied


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal core"
    default_auto_field = "django.db.models.BigAutoField"
    # Every model here is something patients may see: saving one moves the content version on
    # (portal.caching.signals), except those listed in NOT_SHOWN_MODELS there.
    shows_patient_content = True

    def ready(self):
        from wagtail.admin import auth as wagtail_admin_auth

        from portal.core import snippet_urls
        from portal.pages import navigation
        from portal.security import accounts  # noqa: F401
        from portal.security.exports import neutralise_spreadsheet_exports
        from portal.site import signals  # noqa: F401  (connects the receivers)

        accounts.connect_signal_handlers()
        snippet_urls.find_index_pages_with(navigation.index_page_urls)
        # Connected after portal.site.signals, whose receivers record what a publish puts live:
        # the content version moves on once that is written.
        from portal.caching import signals as content_version_signals  # noqa: F401

        # Wagtail sends a signed-in user who lacks a permission back to the dashboard with a
        # message (a 302). The portal answers 403 instead, so that a refusal is a refusal to
        # browsers, monitoring and the permission tests alike.
        wagtail_admin_auth.permission_denied = forbid
        neutralise_spreadsheet_exports()
