"""Settings administrators edit per site in the admin (Settings menu)."""

from django.core.validators import RegexValidator
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from portal.caching.remember import remember

DEFAULT_EMERGENCY_NUMBER = "911"


# models.Model for the type checker, which knows a model by its bases: Wagtail ships no types.
@register_setting(icon="warning")
class SafetySettings(BaseSiteSetting, models.Model):
    """What patients are told to call in an emergency, which depends on where the site is read."""

    emergency_number = models.CharField(
        verbose_name=_("emergency number"),
        max_length=20,
        default=DEFAULT_EMERGENCY_NUMBER,
        validators=[
            RegexValidator(
                r"^[0-9][0-9 ]*$", _("Enter the number as patients dial it: digits and spaces only.")
            )
        ],
        help_text=_(
            'The number patients call in an emergency where this site is read, e.g. "911". '
            "Shown on emergency warning cards and in every page's footer."
        ),
    )

    panels = [FieldPanel("emergency_number")]

    class Meta:
        verbose_name = _("Patient safety")
        verbose_name_plural = _("Patient safety")

    def __str__(self) -> str:
        return f"Emergency number {self.emergency_number}"


def emergency_number(request: HttpRequest) -> str:
    """The number of the request's site, remembered with what pages show of each other.

    A page rendered from what was remembered while the database is down shows it too. Read, not
    created: Wagtail's for_site() would create the site's settings on a patient's visit, and
    creating them is a change that renews everything remembered.
    """
    site = Site.find_for_request(request)
    if site is None:
        return DEFAULT_EMERGENCY_NUMBER
    return remember(
        "emergency-number",
        site.pk,
        compute=lambda: (
            SafetySettings.objects.filter(site=site).values_list("emergency_number", flat=True).first()
            or DEFAULT_EMERGENCY_NUMBER
        ),
    )
