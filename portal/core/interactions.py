"""What every interaction tells a patient, whichever page it is edited on.

A medicine's interactions are edited on its medication page (treatments), a supplement's on its
nutrient page (nutrition); both say the same things the same way, so the fields live here once.
"""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


# models.Model besides Orderable for the type checker, which knows a model by its bases: Wagtail ships no types.
class InteractionAdvice(Orderable, models.Model):
    """How serious an interaction is, what to do about it, and the source that says so."""

    SEVERITY_CHOICES = [("serious", _("Serious")), ("moderate", _("Moderate")), ("minor", _("Minor"))]
    ACTION_CHOICES = [
        ("avoid", _("Do not take them together")),
        ("separate", _("Take them some hours apart")),
        ("ask", _("Ask your doctor or pharmacist first")),
    ]

    severity = models.CharField(
        verbose_name=_("severity"),
        max_length=20,
        choices=SEVERITY_CHOICES,
        help_text=_(
            "Serious: the source says the combination can be life-threatening or must not be used. "
            "Moderate: it can stop a medicine working, or change a level in the blood that needs "
            "checking. Minor: a small effect the source still names."
        ),
    )
    action = models.CharField(
        verbose_name=_("what to do"),
        max_length=20,
        choices=ACTION_CHOICES,
        help_text=_("What the patient should do."),
    )
    separate_hours = models.PositiveSmallIntegerField(
        verbose_name=_("hours apart"),
        null=True,
        blank=True,
        help_text=_('For "take them some hours apart": the shortest gap in hours, as the source gives it.'),
    )
    timing = models.CharField(
        verbose_name=_("timing"),
        max_length=200,
        blank=True,
        help_text=_(
            "When the source says which to take first or gives two gaps, say it here, e.g. "
            '"Take the antibiotic 2 hours before or 4 to 6 hours after the magnesium." '
            "Shown instead of the number of hours."
        ),
    )
    advice = models.CharField(
        verbose_name=_("advice"),
        max_length=300,
        help_text=_("What happens and what to do, in one or two plain sentences."),
    )
    source_citation = models.CharField(
        verbose_name=_("source"), max_length=300, help_text=_("The source that gives this interaction.")
    )
    source_url = models.URLField(
        verbose_name=_("source address"), max_length=500, help_text=_("The address of that source.")
    )

    advice_panels = [
        FieldPanel("severity"),
        FieldPanel("action"),
        FieldPanel("separate_hours"),
        FieldPanel("timing"),
        FieldPanel("advice"),
        FieldPanel("source_citation"),
        FieldPanel("source_url"),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def clean(self) -> None:
        super().clean()
        errors = self.validation_errors()
        if errors:
            raise ValidationError(errors)

    def validation_errors(self) -> dict[str, "StrOrPromise"]:
        """Field errors as {field: message}; subclasses add their own."""
        errors: dict[str, StrOrPromise] = {}
        if self.action == "separate" and not self.separate_hours:
            errors["separate_hours"] = _("Say how many hours apart, as the source gives it.")
        if self.action != "separate" and self.separate_hours:
            errors["separate_hours"] = _("Hours apart only apply when the doses are to be taken apart.")
        if self.action != "separate" and self.timing:
            errors["timing"] = _("Timing only applies when the doses are to be taken apart.")
        return errors

    def api_advice(self) -> dict[str, Any]:
        """What the content API gives of any interaction: how serious, what to do, and the source."""
        return {
            "severity": self.severity,
            "severity_label": str(self.get_severity_display()),
            "action": self.action,
            "what_to_do": str(self.what_to_do),
            "advice": self.advice,
            "source": {"citation": self.source_citation, "url": self.source_url},
        }

    @property
    def what_to_do(self) -> "StrOrPromise":
        if self.action == "separate":
            return self.timing or _("Take them at least %(hours)s hours apart.") % {
                "hours": self.separate_hours
            }
        return f"{self.get_action_display()}."
