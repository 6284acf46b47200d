"""Mixins for clinical pages and snippets."""

from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField

from portal.blocks import ReferencesStreamBlock


class ReviewMixin(models.Model):
    """When a clinician last checked the page, when it is next due, who checked it and against what."""

    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="The date a clinician last checked this page against its references.",
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="When the page must be checked again. Usually a year after the last review.",
    )
    reviewer = models.ForeignKey(
        "portal.Reviewer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The clinician who signed off the last review. Shown to patients.",
    )
    references = StreamField(
        ReferencesStreamBlock(),
        blank=True,
        help_text="The reputable sources the page relies on (NIH, MedlinePlus, peer-reviewed "
        "articles). Listed at the foot of the page.",
    )

    review_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("next_review_due")]),
                FieldPanel("reviewer"),
            ],
            heading="Review dates",
        ),
        FieldPanel("references"),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.last_reviewed and self.next_review_due and self.next_review_due <= self.last_reviewed:
            raise ValidationError({"next_review_due": "The next review must be due after the last review."})

    @property
    def is_review_overdue(self):
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())


class IntroPageMixin(models.Model):
    """An introduction for index pages, which list their children."""

    intro = models.TextField(
        blank=True,
        help_text="A short plain-language introduction shown above the list of pages.",
    )

    class Meta:
        abstract = True


class SlugFromNameMixin(models.Model):
    """A named snippet with its own page: the slug comes from the name when left blank."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    @classmethod
    def a_to_z(cls):
        """All of them by name, grouped under their initial letter: [(letter, [items])]."""
        return [
            (letter, list(items))
            for letter, items in groupby(cls.objects.order_by("name"), key=lambda item: item.name[0].upper())
        ]
