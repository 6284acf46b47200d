"""Each clinician's sign-off of a page, kept as the page's history for patients, and what it tells
of a page's translations."""

from django.db import models
from django.db.models import Case, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.languages import default_locale_id

CHANGE_NOTE_MAX_LENGTH = 120


class SignOff(models.Model):
    """One full review of a page: who signed it off, when, and what changed for patients.

    Written only by the clinical sign-off (portal.governance.workflow), never through a form an
    editor sees. The page shows its own sign-off's note under the review dates, and every
    sign-off that went live in its "Page history". The reviewer's name is kept as patients were
    told it at the time, so a later change to the reviewer's profile does not rewrite history.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="sign_offs", verbose_name=_("page")
    )
    # The revision that went live with this sign-off. Wagtail may purge old revisions; the
    # sign-off stays in the page's history without it.
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revision"),
    )
    reviewer = models.ForeignKey(
        "portal.Reviewer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sign_offs",
        verbose_name=_("reviewer"),
    )
    reviewer_name = models.CharField(
        _("reviewer as patients were told"),
        max_length=330,
        help_text=_("The reviewer's name and credentials at the time of the sign-off."),
    )
    reviewed_on = models.DateField(_("reviewed on"))
    next_review_due = models.DateField(_("next review due"))
    change_note = models.CharField(
        _("what changed at this review"),
        max_length=CHANGE_NOTE_MAX_LENGTH,
        blank=True,
        help_text=_("The reviewer's one-line note for patients, or blank."),
    )
    signed_off_at = models.DateTimeField(_("signed off at"), default=timezone.now)
    # Set when the signed-off revision is published (portal.site.signals): a sign-off for a go-live time
    # that was cancelled, or overtaken by a later publish, never went live and is not history.
    went_live_at = models.DateTimeField(
        _("went live at"),
        null=True,
        blank=True,
        help_text=_("When the signed-off version was published; blank while it has not gone live."),
    )

    class Meta:
        ordering = ["-signed_off_at", "-pk"]
        indexes = [models.Index(fields=["page", "-signed_off_at"], name="sign_off_page_history")]
        verbose_name = _("clinical sign-off")
        verbose_name_plural = _("clinical sign-offs")

    def __str__(self) -> str:
        return f"{self.reviewed_on}: {self.reviewer_name}"


def last_went_live(**page_filter: object) -> Subquery:
    """When the latest sign-off of the page the filter names went live (None: never)."""
    sign_offs = SignOff.objects.filter(went_live_at__isnull=False, **page_filter).order_by("-went_live_at")
    return Subquery(sign_offs.values("went_live_at")[:1], output_field=models.DateTimeField())


def translation_out_of_date() -> Case:
    """For a query of pages: whether each is a translation whose original (the version in the
    portal's own language) has had a sign-off go live since the translation's own latest one.

    Derived from the sign-offs, never stored, so it cannot drift: a new sign-off of the original
    sets it, and the translation's next sign-off clears it. A translation never signed off is
    measured from when it first went live (it was made from the original as it was then); a draft
    that never went live is not flagged. Two subqueries in the page's own query, however many pages.
    """
    default_locale = default_locale_id()
    original_signed_off = last_went_live(
        page__translation_key=OuterRef("translation_key"), page__locale_id=default_locale
    )
    own_reference = Coalesce(last_went_live(page_id=OuterRef("pk")), F("first_published_at"))
    return Case(
        When(locale_id=default_locale, then=Value(False)),
        When(GreaterThan(original_signed_off, own_reference), then=Value(True)),
        default=Value(False),
        output_field=models.BooleanField(),
    )
