"""Selectors for clinical review: which pages are due, and how readable their text is."""

import datetime
from dataclasses import dataclass

from django.db.models import DateField
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from wagtail.fields import RichTextField
from wagtail.models import Page

import textstat
from bs4 import BeautifulSoup

DUE_SOON_DAYS = 30
TARGET_GRADE = 8
# The blocks of rich text that read as paragraphs of their own.
TEXT_BLOCKS = ["p", "li", "h2", "h3", "h4", "blockquote"]


def pages_due_for_review(today=None, within_days=DUE_SOON_DAYS):
    """Live clinical pages overdue for review or due within the window, soonest first."""
    # Imported here: BasePage uses the readability panel, which uses this module.
    from portal.models import clinical_page_models, from_clinical_tables

    today = today or timezone.localdate()
    return (
        Page.objects.live()
        .type(*clinical_page_models())
        .annotate(
            review_due=from_clinical_tables("next_review_due", DateField()),
            reviewed=from_clinical_tables("last_reviewed", DateField()),
            reviewer_name=from_clinical_tables("reviewer__name"),
            reviewer_id=from_clinical_tables("reviewer_id"),
        )
        .filter(review_due__lte=today + datetime.timedelta(days=within_days))
        .order_by("review_due", "title")
    )


def review_counts(today=None):
    today = today or timezone.localdate()
    due = pages_due_for_review(today)
    return {
        "overdue": due.filter(review_due__lt=today).count(),
        "due_soon": due.filter(review_due__gte=today).count(),
    }


def describe_due(due, today=None):
    """A review date as a reviewer plans with it: "due in 19 days (20 December 2026)"."""
    if due is None:
        return ""
    days = (due - (today or timezone.localdate())).days
    if days == 0:
        when = gettext("due today")
    elif days > 0:
        when = ngettext("due in %(days)s day", "due in %(days)s days", days) % {"days": days}
    else:
        when = ngettext("overdue by %(days)s day", "overdue by %(days)s days", -days) % {"days": -days}
    return f"{when} ({date_format(due, 'j F Y')})"


def describe_day(day, today=None):
    """A stored date (no time of day): "today", "yesterday" or the date."""
    if day is None:
        return ""
    days_ago = ((today or timezone.localdate()) - day).days
    return {0: gettext("today"), 1: gettext("yesterday")}.get(days_ago) or date_format(day, "j F Y")


def patient_text_fields(model):
    """The page type's own fields that patients read besides the title: its summary and text fields."""
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete
        and field.model is not Page
        and field.name not in ("seo_title", "search_description")
        and field.get_internal_type() == "TextField"
    ]


def patient_text(page):
    """The words a patient reads on the page's own fields: title, summary and text fields."""
    parts = [page.title, page.summary]
    for field in patient_text_fields(type(page)):
        if field.name == "summary":
            continue
        value = getattr(page, field.name, None)
        if isinstance(field, RichTextField) and value:
            # Paragraphs apart: strip_tags would run "…harmless.</p><p>It…" into one word.
            parts.append(BeautifulSoup(value, "html.parser").get_text(" "))
        elif isinstance(value, str):
            parts.append(value)
    return "\n".join(" ".join(part.split()) for part in parts if part)


@dataclass
class Paragraph:
    field: str
    text: str
    grade: float


def paragraphs(page):
    """Each paragraph (or list item) of the page's own text fields, with the field's label and its
    reading grade; paragraphs too short to grade are left out."""
    found = []
    for field in patient_text_fields(type(page)):
        value = getattr(page, field.name, None) or ""
        if isinstance(field, RichTextField):
            blocks = [
                block.get_text(" ") for block in BeautifulSoup(value, "html.parser").find_all(TEXT_BLOCKS)
            ]
        else:
            blocks = value.splitlines()
        for block in blocks:
            text = " ".join(block.split())
            grade = reading_grade(text)
            if grade is not None:
                found.append(Paragraph(field=capfirst(field.verbose_name), text=text, grade=grade))
    return found


@dataclass
class Readability:
    grade: float | None
    hardest: Paragraph | None
    target: int = TARGET_GRADE

    @property
    def meets_target(self):
        return self.grade is not None and self.grade <= self.target


def readability(page):
    """The reading grade of the page's own text, and its hardest paragraph."""
    graded = paragraphs(page)
    return Readability(
        grade=reading_grade(patient_text(page)),
        hardest=max(graded, key=lambda paragraph: paragraph.grade) if graded else None,
    )


def page_from_form_data(model, data):
    """An unsaved page of this type with the patient text of an edit form as posted, rich text as it
    would be saved (the editor posts its own format, which its widget turns into HTML)."""
    page = model(title=data.get("title", ""))
    for field in patient_text_fields(model):
        widget = field.formfield().widget
        try:
            value = widget.value_from_datadict(data, {}, field.name)
        except ValueError:  # not the editor's format: take it as written
            value = data.get(field.name)
        setattr(page, field.name, value or "")
    return page


def reading_grade(text):
    """US school grade needed to read the text (Flesch-Kincaid), or None for too little text."""
    if len(text.split()) < 10:
        return None
    return round(textstat.flesch_kincaid_grade(text), 1)
