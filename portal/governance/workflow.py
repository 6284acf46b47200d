"""Clinical sign-off: the workflow task that reviewers approve before a page goes live."""

from __future__ import annotations

import calendar
import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail.forms import TaskStateCommentForm
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, Page, Revision

from portal.core.languages import language_name, language_of
from portal.core.sign_offs import CHANGE_NOTE_MAX_LENGTH, SignOff
from portal.core.snippets import Reviewer

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    from wagtail.models import TaskState, WorkflowMixin

    from django_stubs_ext import StrOrPromise

SIGN_OFF_STATEMENT = _("I have checked this page against its references")
# For a symptom, food, synonym group or reviewer profile, which has no references or review dates.
SNIPPET_SIGN_OFF_STATEMENT = _("I have checked this against trusted sources")
SIGN_OFF_REFUSED = _("Only a credentialed reviewer who did not edit this change can sign it off.")
NOT_IN_YOUR_LANGUAGES = _(
    "Not signed off: this is in %(language)s, which your reviewer profile does not list among the "
    "languages you review in. A reviewer who reviews in %(language)s must sign it off; a site "
    "administrator can add the language to your profile."
)
CHANGED_SINCE_SHOWN = _(
    "Not signed off: this change was edited after you opened it. Open it again to see the new version."
)


def add_months(date: datetime.date, months: int) -> datetime.date:
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def proposed_next_review(today: datetime.date | None = None) -> datetime.date:
    return add_months(today or timezone.localdate(), settings.CLINICAL_REVIEW_MONTHS)


def latest_next_review(today: datetime.date | None = None) -> datetime.date:
    return add_months(today or timezone.localdate(), settings.CLINICAL_REVIEW_MAX_MONTHS)


def has_review_fields(obj: object) -> bool:
    return hasattr(obj, "last_reviewed") and hasattr(obj, "reviewer_id")


def language_refusal(obj: object, user: AbstractBaseUser | AnonymousUser) -> str | None:
    """Why this reviewer may not sign off content in this language, or None where they may.

    A translation is patient content: the clinician who signs it off must read its language.
    Snippets without a language (reviewer profiles) are in every reviewer's.
    """
    if getattr(obj, "locale_id", None) is None:
        return None
    reviewer = Reviewer.credentialed_for(user)
    language = language_of(obj)
    if reviewer is None or reviewer.reviews_in(language):
        return None
    return str(NOT_IN_YOUR_LANGUAGES % {"language": language_name(language)})


def edited_since_live(obj: WorkflowMixin, user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user wrote any revision of the change waiting to go live (for four eyes)."""
    revisions = Revision.objects.for_instance(obj).filter(user=user)
    live_revision_id = getattr(obj, "live_revision_id", None)
    if live_revision_id:
        revisions = revisions.filter(pk__gt=live_revision_id)
    return revisions.exists()


class ShownRevisionField(forms.IntegerField):
    """The version the sign-off form showed against the live one (sign_off_modal.html fills it in)."""

    widget = forms.HiddenInput


class SignOffForm(TaskStateCommentForm):
    """What a reviewer confirms when approving: the statement and when the page is next due."""

    records_review_dates = True

    revision = ShownRevisionField()

    next_review_due = forms.DateField(
        label=_("Next review due"),
        initial=proposed_next_review,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    change_note = forms.CharField(
        label=_("What changed at this review (shown to patients)"),
        max_length=CHANGE_NOTE_MAX_LENGTH,
        required=False,
        help_text=_(
            "Optional: one short line in plain words, e.g. \u201cUpdated advice on when to get help\u201d. "
            "Patients see it under the review dates and in the page history."
        ),
    )
    confirmed = forms.BooleanField(
        label=SIGN_OFF_STATEMENT,
        error_messages={"required": _("Confirm that you have checked the page before signing it off.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Wagtail's comment field is named by its attribute only, which no translation reaches.
        self.fields["comment"].label = _("Comment")
        self.fields["comment"].help_text = _("For the editor; patients do not see it.")
        self.fields["next_review_due"].help_text = _(
            "Proposed as %(months)s months from today. You may bring it forward; it cannot be more than "
            "%(max_months)s months away."
        ) % {"months": settings.CLINICAL_REVIEW_MONTHS, "max_months": settings.CLINICAL_REVIEW_MAX_MONTHS}

    def clean_next_review_due(self) -> datetime.date:
        due = self.cleaned_data["next_review_due"]
        today = timezone.localdate()
        if due <= today:
            raise ValidationError(_("The next review must be due after today."))
        if due > latest_next_review(today):
            raise ValidationError(
                _("The next review can be at most %(months)s months away (by %(date)s).")
                % {
                    "months": settings.CLINICAL_REVIEW_MAX_MONTHS,
                    "date": date_format(latest_next_review(today), "j F Y"),
                }
            )
        return due

    def clean_change_note(self) -> str:
        # One line of plain text, however it was typed or pasted.
        return " ".join(self.cleaned_data["change_note"].split())


class SnippetSignOffForm(TaskStateCommentForm):
    """What a reviewer confirms when approving a change to a snippet patients read.

    A snippet has no review dates of its own: the pages that show it carry theirs.
    """

    records_review_dates = False

    revision = ShownRevisionField()
    confirmed = forms.BooleanField(
        label=SNIPPET_SIGN_OFF_STATEMENT,
        error_messages={"required": _("Confirm that you have checked the change before signing it off.")},
    )


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """A group approval that is a clinical sign-off.

    Approving records the approving clinician, today's date and the next review date on the
    revision that goes live. A reviewer signs off only with a reviewer profile that has
    credentials and lists the language of what they sign off, and never a change they edited
    themselves.
    """

    # The task's settings (which group signs off) are nothing patients see (portal.caching.signals).
    shown_to_patients = False

    def get_actions(
        self, obj: WorkflowMixin, user: AbstractBaseUser | AnonymousUser
    ) -> list[tuple[str, StrOrPromise, bool]]:
        if not super().get_actions(obj, user):
            return []
        actions: list[tuple[str, StrOrPromise, bool]] = [("reject", _("Request changes"), True)]
        if self.user_can_sign_off(obj, user):
            actions.append(("approve", _("Approve and sign off"), True))
        return actions

    def get_form_for_action(self, action: str) -> type[forms.Form]:
        if action == "approve":
            return SignOffForm
        return super().get_form_for_action(action)

    def get_form_for_object_action(self, action: str, obj: WorkflowMixin) -> type[forms.Form]:
        """The form for an action on this page or snippet: only pages have review dates."""
        if action == "approve" and not has_review_fields(obj):
            return SnippetSignOffForm
        return self.get_form_for_action(action)

    def get_template_for_action(self, action: str) -> str:
        if action == "approve":
            return "portal/admin/sign_off_modal.html"
        return super().get_template_for_action(action)

    def on_action(
        self, task_state: TaskState, user: AbstractBaseUser | AnonymousUser, action_name: str, **kwargs: Any
    ) -> None:
        if action_name == "approve":
            obj = task_state.workflow_state.content_object
            obj = obj.specific if isinstance(obj, Page) else obj
            refusal = language_refusal(obj, user)
            if refusal:
                raise PermissionDenied(refusal)
            if not self.user_can_sign_off(obj, user):
                raise PermissionDenied(SIGN_OFF_REFUSED)
            # Checked again here: the edit view's "approve while editing" passes the modal's data
            # back as JSON, past the form.
            shown_revision = kwargs.pop("revision", None)
            if has_review_fields(obj):
                sign_off = SignOffForm(
                    {
                        "revision": shown_revision,
                        "next_review_due": str(kwargs.pop("next_review_due", "")),
                        "confirmed": kwargs.pop("confirmed", ""),
                        "change_note": kwargs.pop("change_note", ""),
                    }
                )
            else:
                sign_off = SnippetSignOffForm(
                    {"revision": shown_revision, "confirmed": kwargs.pop("confirmed", "")}
                )
            if not sign_off.is_valid():
                raise PermissionDenied(
                    _("Not signed off: %(errors)s") % {"errors": sign_off.errors.as_text()}
                )
            # What is signed off, recorded and put live is the version the reviewer was shown
            # against the live one. If anyone has saved a newer version since the sign-off form
            # was opened, the reviewer has not seen it: they are told so and look again.
            latest_revision = obj.get_latest_revision()
            if sign_off.cleaned_data["revision"] != latest_revision.pk:
                raise PermissionDenied(CHANGED_SINCE_SHOWN)
            # Wagtail gave the task the revision that was submitted; a reviewer may have edited the
            # change since, and with WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT an approval of an
            # older revision would start the task again instead of finishing it.
            if task_state.revision_id != latest_revision.pk:
                task_state.revision = latest_revision
                task_state.save(update_fields=["revision"])
            self.sign_off(
                obj,
                user,
                sign_off.cleaned_data.get("next_review_due"),
                sign_off.cleaned_data.get("change_note", ""),
                revision=latest_revision,
            )
        return super().on_action(task_state, user, action_name, **kwargs)

    @staticmethod
    def user_can_sign_off(obj: WorkflowMixin, user: AbstractBaseUser | AnonymousUser) -> bool:
        return (
            Reviewer.credentialed_for(user) is not None
            and language_refusal(obj, user) is None
            and not edited_since_live(obj, user)
        )

    @staticmethod
    def sign_off(
        obj: WorkflowMixin,
        user: AbstractBaseUser | AnonymousUser,
        next_review_due: datetime.date | None,
        change_note: str,
        revision: Revision,
    ) -> None:
        """Write the reviewer and the review dates into the approved revision, keep the sign-off
        for the page's history, and log it (a snippet's without dates or history)."""
        reviewer = Reviewer.credentialed_for(user)
        if not has_review_fields(obj):
            log(
                instance=obj,
                action="portal.sign_off",
                user=user,
                revision=revision,
                data={"reviewer": str(reviewer), "statement": str(SNIPPET_SIGN_OFF_STATEMENT)},
            )
            return
        # on_action lets only a credentialed reviewer this far, and a page's sign-off form requires
        # the next review date.
        assert reviewer is not None and next_review_due is not None
        today = timezone.localdate()
        revision.content.update(
            reviewer=reviewer.pk, last_reviewed=today.isoformat(), next_review_due=next_review_due.isoformat()
        )
        revision.save(update_fields=["content"])
        SignOff.objects.create(
            page=obj,
            revision=revision,
            reviewer=reviewer,
            reviewer_name=str(reviewer),
            reviewed_on=today,
            next_review_due=next_review_due,
            change_note=change_note,
        )
        log(
            instance=obj,
            action="portal.sign_off",
            user=user,
            revision=revision,
            data={
                "reviewer": str(reviewer),
                "last_reviewed": today.isoformat(),
                "next_review_due": next_review_due.isoformat(),
                "statement": str(SIGN_OFF_STATEMENT),
                "change_note": change_note,
            },
        )

    @classmethod
    def get_description(cls) -> StrOrPromise:
        return _(
            "Clinical reviewers approve or request changes; approval signs the page off under the "
            "reviewer's name with today's date and the next review date."
        )

    class Meta:
        verbose_name = _("clinical sign-off task")
        verbose_name_plural = _("clinical sign-off tasks")
