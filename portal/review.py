"""Selectors for clinical review: which pages are due, and how readable their text is."""

import datetime

from django.db.models import DateField
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext, ngettext

from wagtail.fields import RichTextField
from wagtail.models import Page

import textstat

DUE_SOON_DAYS = 30
TARGET_GRADE = 8


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


def patient_text(page):
    """The words a patient reads on the page's own fields: title, summary and text fields."""
    parts = [page.title, page.summary]
    for field in type(page)._meta.get_fields():
        if (
            field.concrete
            and field.model is not Page
            and field.name not in ("summary", "seo_title", "search_description")
        ):
            value = getattr(page, field.name, None)
            if isinstance(field, RichTextField) and value:
                parts.append(strip_tags(value))
            elif field.get_internal_type() == "TextField" and isinstance(value, str):
                parts.append(value)
    return "\n".join(" ".join(part.split()) for part in parts if part)


def reading_grade(text):
    """US school grade needed to read the text (Flesch-Kincaid), or None for too little text."""
    if len(text.split()) < 10:
        return None
    return round(textstat.flesch_kincaid_grade(text), 1)
