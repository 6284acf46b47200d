"""Who counts as signed in: the one second-factor policy behind every sign-in path, how long an
admin session lasts, and the notices an account's owner gets when a sign-in method is added.

Every way in (the two-step admin form, Wagtail's own forms, a password reset, a session from
before an authenticator was added) ends in Django's `login()`, which proves the password only.
So the policy is applied to the session, on every request, rather than to each form:
`is_fully_signed_in()` decides, and `TwoFactorRequiredMiddleware` acts on its answer.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.admin.views.account import BaseSettingsPanel, LogoutView

from django_otp import device_classes, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from two_factor.utils import default_device
from two_factor.views import BackupTokensView

ADMIN_PATH_PREFIX = "/admin/"


def second_factor_required(user):
    """Whether this account may be used only after a second factor in the same session.

    Required of superusers and TWO_FACTOR_REQUIRED_GROUPS where TWO_FACTOR_REQUIRED is on, and
    of anyone who has set up a device: once there is one, the password alone is not enough.
    """
    if not user.is_authenticated:
        return False
    if settings.TWO_FACTOR_REQUIRED and (
        user.is_superuser or user.groups.filter(name__in=settings.TWO_FACTOR_REQUIRED_GROUPS).exists()
    ):
        return True
    return user_has_device(user)


def is_fully_signed_in(user):
    """Signed in, and with a second factor in this session wherever the account needs one."""
    return user.is_authenticated and (user.is_verified() or not second_factor_required(user))


class TwoFactorRequiredMiddleware:
    """Treat a session that lacks a second factor it needs as not signed in.

    An account with a device, signed in with its password only, is signed out: the session
    counts for nothing, and the admin asks for the password and the code. An account that must
    use a second factor but has no device yet may only set one up: the admin sends it to the
    set-up, and patients' pages and documents treat it as anonymous, so nothing restricted opens.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not is_fully_signed_in(request.user):
            path = request.path_info
            if user_has_device(request.user):
                logout(request)
                if path.startswith(ADMIN_PATH_PREFIX) and path not in self.sign_in_paths():
                    return redirect_to_login(request.get_full_path(), reverse("two_factor:login"))
            elif not path.startswith(ADMIN_PATH_PREFIX):
                request.user = AnonymousUser()
            elif path not in self.set_up_paths():
                return redirect_to_login(request.get_full_path(), reverse("two_factor:setup"))
        return self.get_response(request)

    @staticmethod
    def sign_in_paths():
        return (reverse("two_factor:login"), reverse("wagtailadmin_logout"))

    @classmethod
    def set_up_paths(cls):
        """What an account that must set up a second factor may open before it has: the set-up."""
        return (
            *cls.sign_in_paths(),
            reverse("two_factor:setup"),
            reverse("two_factor:qr"),
            reverse("wagtailadmin_sprite"),
            reverse("wagtailadmin_javascript_catalog"),
        )


class SessionActivityMiddleware:
    """Keep a signed-in session alive for SESSION_IDLE_TIMEOUT_MINUTES after its last request.

    Django ends a session SESSION_COOKIE_AGE (the idle timeout) after it was last saved, so each
    request of a signed-in user saves it again. The editor's background pings (Wagtail's
    editing sessions, sent every few seconds while an edit page is open) are no sign of
    anyone at the keyboard and keep nothing alive.
    """

    background_path_prefix = "/admin/editing-sessions/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path_info.startswith(self.background_path_prefix):
            request.session.modified = True
        return response


# Wagtail's LogoutView deletes the session cookie on every request, including the GET it answers
# with 405, so a link or an <img> on any site could sign an editor out. Only a POST reaches it.
logout_view = require_POST(LogoutView.as_view())


class NotifyingBackupTokensView(BackupTokensView):
    """two_factor's backup codes, replaced all at once, with a notice to the account's owner."""

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            notify_once_saved(self.request.user, "backup_codes")
        return response


def notify_once_saved(user, kind):
    """Send the notice once the change is committed; a mail server that is down loses the notice
    (logged), never the change or the page the editor is on."""

    def send_notice():
        send_sign_in_method_notice(user, kind)

    transaction.on_commit(send_notice, robust=True)


def send_sign_in_method_notice(user, kind):
    """Tell the account's owner that a way to sign in as them was added (kind names the email)."""
    if not user.email:
        return
    context = {
        "user": user,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "when": timezone.now(),
        "account_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("two_factor:profile"),
    }
    subject = render_to_string(f"portal/emails/{kind}_subject.txt", context).strip()
    send_mail(subject, render_to_string(f"portal/emails/{kind}.txt", context), None, [user.email])


def device_added(sender, instance, created, raw=False, **kwargs):
    if created and instance.confirmed and not raw:
        notify_once_saved(instance.user, "device_added")


def connect_signal_handlers():
    # Backup codes have their own notice, sent once for the whole set by the view that makes them.
    for model in device_classes():
        if model is not StaticDevice:
            post_save.connect(
                device_added, sender=model, dispatch_uid=f"portal-device-added-{model._meta.label}"
            )


class TwoFactorSettingsPanel(BaseSettingsPanel):
    """The account page's way to two-factor authentication: whether it is on, and where to set it
    up or manage it (two_factor's pages, under /admin/account/two_factor/)."""

    name = "two_factor"
    title = _("Two-factor authentication")
    order = 510
    template_name = "portal/admin/two_factor_panel.html"

    def get_form(self):
        # Nothing to save here: the account page still asks every panel for a form.
        return forms.Form(prefix=self.name)

    def get_context_data(self):
        device = default_device(self.user)
        backup_codes = StaticDevice.objects.filter(user=self.user, confirmed=True).first()
        return {
            "device": device,
            "backup_codes_left": backup_codes.token_set.count() if backup_codes else 0,
        }
