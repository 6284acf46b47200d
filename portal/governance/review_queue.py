"""The review queue: which live clinical pages are due for review, and review dates as reviewers read them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import DateField
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from wagtail.models import Page

from portal.core.pages import clinical_page_models, from_clinical_tables

if TYPE_CHECKING:
    from wagtail.query import PageQuerySet

DUE_SOON_DAYS = 30


def pages_due_for_review(
    today: datetime.date | None = None, within_days: int = DUE_SOON_DAYS
) -> PageQuerySet:
    """Live clinical pages overdue for review or due within the window, soonest first."""
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


def review_counts(today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    due = pages_due_for_review(today)
    return {
        "overdue": due.filter(review_due__lt=today).count(),
        "due_soon": due.filter(review_due__gte=today).count(),
    }


def describe_due(due: datetime.date | None, today: datetime.date | None = None) -> str:
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


def describe_day(day: datetime.date | None, today: datetime.date | None = None) -> str:
    """A stored date (no time of day): "today", "yesterday" or the date."""
    if day is None:
        return ""
    days_ago = ((today or timezone.localdate()) - day).days
    return {0: gettext("today"), 1: gettext("yesterday")}.get(days_ago) or date_format(day, "j F Y")
