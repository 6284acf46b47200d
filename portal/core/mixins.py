"""Mixins for clinical pages and snippets."""

from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Substr, Upper
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    PagePermissionTester,
    PageViewRestriction,
    RevisionMixin,
    WorkflowMixin,
    get_page_models,
)

from portal.caching.remember import remember
from portal.core.blocks import ReferencesStreamBlock
from portal.core.languages import active_locale_id
from portal.core.panels import ReviewStatusPanel
from portal.core.visibility import is_restricted

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models.fields.related_descriptors import RelatedManager

    # What the page mixins are mixed into: Wagtail's Page (untyped, so any attribute to mypy).
    from wagtail.models import Page as MixedIntoPage

    from portal.core.sign_offs import SignOff
else:
    MixedIntoPage = object


class CachedViewRestrictionsMixin(MixedIntoPage):
    """Answer Wagtail's "is this page restricted?" from the cached restricted paths.

    Wagtail asks for every page it serves, with two queries, and nearly always nothing above the
    page is restricted. Aliases and pages under a restriction still get Wagtail's own answer.
    """

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        if self.alias_of_id or is_restricted(self):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()


class SectionPageMixin(MixedIntoPage):
    """A section of the site, such as the treatments index: it goes under whichever page types list
    it in their `subpage_types`, and nowhere else.

    The section lives in a lower layer than the home page it goes under, so it does not name its
    parent (docs/architecture.md): the page above declares the section instead.
    """

    @classmethod
    def clean_parent_page_models(cls) -> list[type[Page]]:
        if cls._clean_parent_page_models is None:
            cls._clean_parent_page_models = [
                model
                for model in get_page_models()
                if getattr(model, "subpage_types", None) is not None and cls in model.clean_subpage_models()
            ]
        return cls._clean_parent_page_models


class ApprovalPublishesPermissionTester(PagePermissionTester):
    """Nobody publishes a page directly, superusers included: only an approval in the clinical
    review workflow does (portal.governance.approval, which skips this check).

    Superusers keep what takes content off the site or out of sight at once (unpublishing,
    privacy, cancelling a scheduled publish, deleting): the emergency path.
    """

    def can_publish(self) -> bool:
        return False

    def can_publish_subpage(self) -> bool:
        return False

    def can_set_view_restrictions(self) -> bool:
        return super().can_publish()

    def can_unschedule(self) -> bool:
        return super().can_publish()


class PublishedThroughApprovalMixin(MixedIntoPage):
    """For every page type: publishing only happens through approval."""

    def permissions_for_user(
        self, user: "AbstractBaseUser | AnonymousUser"
    ) -> ApprovalPublishesPermissionTester:
        return ApprovalPublishesPermissionTester(user, self)


class ReviewMixin(models.Model):
    """When a clinician last checked the page, when it is next due, who checked it and against what."""

    last_reviewed = models.DateField(
        verbose_name=_("last reviewed"),
        null=True,
        blank=True,
        help_text=_("The date a clinician last checked this page against its references."),
    )
    next_review_due = models.DateField(
        verbose_name=_("next review due"),
        null=True,
        blank=True,
        help_text=_("When the page must be checked again. Usually a year after the last review."),
    )
    reviewer = models.ForeignKey(
        "portal.Reviewer",
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The clinician who signed off the last review. Shown to patients."),
    )
    references = StreamField(
        ReferencesStreamBlock(),
        verbose_name=_("references"),
        blank=True,
        help_text=_(
            "The reputable sources the page relies on (NIH, MedlinePlus, peer-reviewed "
            "articles). Listed at the foot of the page."
        ),
    )

    review_panels = [ReviewStatusPanel(heading=_("Clinical sign-off")), FieldPanel("references")]

    # Set only by a reviewer's sign-off (portal.governance.workflow), never typed in.
    REVIEW_FIELDS = ("last_reviewed", "next_review_due", "reviewer")

    # Wagtail's Page has these, and SignOff.page gives every page its sign-offs.
    live_revision_id: int | None
    sign_offs: "RelatedManager[SignOff]"

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.last_reviewed and self.next_review_due and self.next_review_due <= self.last_reviewed:
            raise ValidationError(
                {"next_review_due": _("The next review must be due after the last review.")}
            )

    def save_revision(self, *args: Any, **kwargs: Any) -> Any:
        # A new revision has not been signed off, whatever the one before it was: the sign-off
        # writes the review into the revision it approves, so a page published any other way
        # (an administrator's direct publish, the content loader) goes live as not yet checked.
        self.last_reviewed = self.next_review_due = self.reviewer = None
        return super().save_revision(*args, **kwargs)  # type: ignore[misc]  # Wagtail's RevisionMixin

    @property
    def is_signed_off(self) -> bool:
        """Whether a clinician signed off the version patients see, under a reviewer profile that is
        still live (one an administrator withdrew names nobody to patients)."""
        return bool(self.last_reviewed and self.reviewer is not None and self.reviewer.live)

    @property
    def is_review_overdue(self) -> bool:
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())

    # The sign-offs are read with the page when it is served (render_reads): one query
    # for the whole history, however long it is.

    @property
    def current_sign_off(self) -> "SignOff | None":
        """The sign-off of the version patients see, with its note for them, or None."""
        if not self.is_signed_off:
            return None
        return next(
            (sign_off for sign_off in self.sign_offs.all() if sign_off.revision_id == self.live_revision_id),
            None,
        )

    @property
    def signed_off_by(self) -> str:
        """Who signed off the version patients see, as patients were told at the sign-off: a later
        change to the reviewer's profile does not rewrite who checked it. Blank when not signed off."""
        if not self.is_signed_off:
            return ""
        sign_off = self.current_sign_off
        return (
            sign_off.reviewer_name if sign_off is not None and sign_off.reviewer_name else str(self.reviewer)
        )

    def get_sign_off_history(self) -> "list[SignOff]":
        """Every sign-off that has gone live, newest first: one signed off for a later go-live
        time is left out until it is published, and for ever if that publish is cancelled."""
        return [sign_off for sign_off in self.sign_offs.all() if sign_off.went_live_at]


def same_words(first: str, second: str) -> bool:
    """Whether two names say the same, whatever their case and spacing."""
    return " ".join(first.casefold().split()) == " ".join(second.casefold().split())


class ReviewedSnippetQuerySet(models.QuerySet):
    def live(self) -> "ReviewedSnippetQuerySet":
        """What patients may see: the snippets a reviewer's sign-off (or an administrator) published."""
        return self.filter(live=True)


class ReviewedSnippetMixin(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """A snippet patients read, with drafts, revisions and the clinical review workflow, like a page.

    The row is what patients see once it is live: an editor's change waits in a revision until a
    reviewer's approval publishes it, so everything shown to patients reads live rows only
    (`objects.live()`, or `live` on related objects already fetched).
    """

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="%(app_label)s_%(class)s")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(app_label)s_%(class)s",
        for_concrete_model=False,
    )

    objects = ReviewedSnippetQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def revisions(self) -> Any:
        # Wagtail's recommendation for snippets: the generic relation also deletes the revisions
        # with the snippet.
        return self._revisions

    @classmethod
    def get_indexed_objects(cls) -> QuerySet:
        """Only live snippets are in the search index (for the indexed ones): a draft is indexed
        when it is published, and taken out when it is unpublished (portal.site.signals)."""
        return super().get_indexed_objects().filter(live=True)


class SitePageDescriptionMixin(MixedIntoPage):
    """What search engines and link previews say of a page that is part of the site rather than
    a clinical article: the editors' search description."""

    og_type = "website"

    def get_meta_description(self) -> str:
        return self.search_description


class IntroPageMixin(SitePageDescriptionMixin, models.Model):
    """An introduction for index pages, which list their children."""

    intro = models.TextField(
        verbose_name=_("introduction"),
        blank=True,
        help_text=_("A short plain-language introduction shown above the list of pages."),
    )

    class Meta:
        abstract = True

    def get_meta_description(self) -> str:
        return self.search_description or self.intro


class SlugFromNameMixin(models.Model):
    """A named snippet with its own page: the slug comes from the name when left blank.

    Its A to Z lists the live ones (the snippet has drafts: ReviewedSnippetMixin).
    """

    # The fields and the manager of the snippet this is mixed into (ReviewedSnippetMixin's).
    name: str
    slug: str
    objects: ClassVar[Any]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    # Whether the A to Z shows each name's medical term after it.
    A_TO_Z_SHOWS_MEDICAL_TERMS = False
    # Above this many, an A to Z lists one letter at a time: thousands of names on one page are
    # slow to send, to read on a phone and to move through with a screen reader.
    A_TO_Z_ON_ONE_PAGE = 300

    @classmethod
    def a_to_z(cls, letter: str | None = None) -> "AToZ":
        """The A to Z, whole when it is short, otherwise the given letter (the first by default).

        Kept until content changes. Raises Http404 for a letter no name begins with.
        """
        letter = letter.upper() if letter else None
        return remember("a-to-z", cls._meta.label, letter or "", compute=lambda: cls._a_to_z(letter))

    @classmethod
    def _a_to_z(cls, letter: str | None) -> "AToZ":
        medical_term_or_blank = F("medical_term") if cls.A_TO_Z_SHOWS_MEDICAL_TERMS else Value("")
        # The names in the language being served; remember() keeps each language's A to Z apart.
        live = cls.objects.live().filter(locale_id=active_locale_id())
        with_initial = live.annotate(initial=Upper(Substr("name", 1, 1)))
        letters = list(with_initial.order_by("initial").values_list("initial", flat=True).distinct())
        by_letter = len(letters) > 1 and live.count() > cls.A_TO_Z_ON_ONE_PAGE
        if letter is None and not by_letter:
            shown, current = with_initial, None
        else:
            current = letter or letters[0]
            if current not in letters:
                raise Http404("No names begin with that letter.")
            shown = with_initial.filter(initial=current)
        # Only what the list shows: the A to Z is kept in the cache, and at a hundred thousand pages
        # one letter can hold hundreds of names.
        rows = shown.order_by("name").values_list("initial", "name", "slug", medical_term_or_blank)
        sections = [
            (
                initial,
                [
                    # A medical term that only repeats the name is not shown twice.
                    AToZEntry(name, slug, "" if same_words(medical_term, name) else medical_term)
                    for _, name, slug, medical_term in group
                ],
            )
            for initial, group in groupby(rows, key=itemgetter(0))
        ]
        return AToZ(letters=letters, sections=sections, by_letter=current is not None, current=current)


class AToZEntry(NamedTuple):
    name: str
    slug: str
    medical_term: str


@dataclass
class AToZ:
    """Names grouped under their initial: every initial there is, and the sections this page shows."""

    letters: list[str]
    sections: list[tuple[str, list[AToZEntry]]]
    by_letter: bool
    current: str | None = None
