"""The review queue: which live clinical pages are due for review or are translations out of date,
and review dates as reviewers read them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import DateField, F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from portal.core.pages import clinical_page_models, from_clinical_tables
from portal.core.sign_offs import translation_out_of_date

if TYPE_CHECKING:
    from wagtail.query import PageQuerySet

    from django_stubs_ext import StrOrPromise

DUE_SOON_DAYS = 30


def clinical_pages_with_review() -> PageQuerySet:
    """Live clinical pages with their review dates, reviewer and language, read in the query itself
    (no query per page)."""
    return (
        Page.objects.live()
        .type(*clinical_page_models())
        .annotate(
            review_due=from_clinical_tables("next_review_due", DateField()),
            reviewed=from_clinical_tables("last_reviewed", DateField()),
            reviewer_name=from_clinical_tables("reviewer__name"),
            reviewer_id=from_clinical_tables("reviewer_id"),
            language_code=F("locale__language_code"),
        )
    )


def pages_due_for_review(
    today: datetime.date | None = None, within_days: int = DUE_SOON_DAYS
) -> PageQuerySet:
    """Live clinical pages overdue for review or due within the window, soonest first."""
    today = today or timezone.localdate()
    return (
        clinical_pages_with_review()
        .filter(review_due__lte=today + datetime.timedelta(days=within_days))
        .order_by("review_due", "title")
    )


def pages_needing_review(
    today: datetime.date | None = None, within_days: int = DUE_SOON_DAYS
) -> PageQuerySet:
    """What reviewers and translators have to look at: the pages due for review, and the
    translations whose original has been signed off since they were, soonest due first."""
    today = today or timezone.localdate()
    due = Q(review_due__lte=today + datetime.timedelta(days=within_days))
    return (
        clinical_pages_with_review()
        .annotate(translation_out_of_date=translation_out_of_date())
        .filter(due | Q(translation_out_of_date=True))
        .order_by(F("review_due").asc(nulls_last=True), "title")
    )


def review_state(page: Page, today: datetime.date | None = None) -> StrOrPromise:
    """The review state as the report shows it: overdue, due soon, or nothing (not due yet)."""
    today = today or timezone.localdate()
    due = getattr(page, "review_due", None)
    if due is None or due > today + datetime.timedelta(days=DUE_SOON_DAYS):
        return ""
    return _("Overdue") if due < today else _("Due soon")


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
