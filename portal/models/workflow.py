"""Clinical sign-off: the workflow task that reviewers approve before a page goes live."""

import calendar
import datetime

from django import forms
from django.conf import settings
from django.utils import timezone

from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask

from .snippets import Reviewer


def add_months(date, months):
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


class ClinicalReviewForm(TaskStateCommentForm):
    full_review = forms.BooleanField(
        required=False,
        label="This approval is a full clinical review",
        help_text="Sets the page's last review to today and its next review to "
        f"{settings.CLINICAL_REVIEW_MONTHS} months from now (editors can change the date later).",
    )


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """A group approval that records the approving clinician on the page it publishes.

    Approving signs the page off under the reviewer's name; marking the approval as a full
    clinical review also resets the page's review dates.
    """

    def get_form_for_action(self, action):
        if action == "approve":
            return ClinicalReviewForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            # Approval publishes the latest revision, which a reviewer may have edited during review.
            latest = task_state.workflow_state.content_object.get_latest_revision()
            self.sign_off(latest, user, full_review=kwargs.pop("full_review", False))
        return super().on_action(task_state, user, action_name, **kwargs)

    @staticmethod
    def sign_off(revision, user, full_review):
        """Write the reviewer (and, for a full review, the dates) into the revision about to go live."""
        if "reviewer" not in revision.content:
            return
        reviewer = Reviewer.for_user(user)
        revision.content["reviewer"] = reviewer.pk
        if full_review:
            today = timezone.localdate()
            revision.content["last_reviewed"] = today.isoformat()
            revision.content["next_review_due"] = add_months(
                today, settings.CLINICAL_REVIEW_MONTHS
            ).isoformat()
        revision.save(update_fields=["content"])

    @classmethod
    def get_description(cls):
        return "Clinical reviewers approve or request changes; approval records them as the page's reviewer."

    class Meta:
        verbose_name = "clinical review task"
        verbose_name_plural = "clinical review tasks"
