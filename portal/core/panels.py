"""Edit-view panels for clinical editors."""

from typing import Any

from django.urls import reverse
from django.utils.functional import cached_property

from wagtail.admin.panels import Panel
from wagtail.models import Page, TaskState, WorkflowState

from portal.core.languages import default_locale_id, language_name, language_of
from portal.core.readability import TARGET_GRADE, readability
from portal.core.sign_offs import translation_out_of_date


class ReadabilityPanel(Panel):
    """The US reading grade of the page's own text against the grade patients' materials should
    meet, and its hardest paragraph: for the saved text at first, then for the text being edited,
    checked as the editor types or asks (readability-panel.js posts the form to the admin's
    readability check, which saves nothing)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "portal/admin/readability_panel.html"

        class Media:
            js = ["js/readability-panel.js"]

        def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            model = type(self.instance)
            context.update(
                readability=readability(self.instance),
                target=TARGET_GRADE,
                check_url=reverse("readability_check", args=[model._meta.app_label, model._meta.model_name])
                + (f"?locale={self.instance.locale_id}" if self.instance.locale_id else ""),
            )
            return context


class ChangesRequestedPanel(Panel):
    """A banner with the reviewer's comment while the page waits for the editor's changes."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "portal/admin/changes_requested_panel.html"

        def is_shown(self) -> bool:
            return self.request_for_changes is not None

        @property
        def request_for_changes(self) -> TaskState | None:
            if not self.instance.pk:
                return None
            workflow_state = self.instance.current_workflow_state
            if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
                return None
            return workflow_state.current_task_state

        def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            context["task_state"] = self.request_for_changes
            return context


class ReviewStatusPanel(Panel):
    """The sign-off of the live page, read-only: review dates come only from a reviewer's sign-off."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "portal/admin/review_status_panel.html"

        def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            model = type(self.instance)
            context["live"] = (
                model.objects.filter(pk=self.instance.pk, live=True)
                .select_related("reviewer")
                .prefetch_related("sign_offs")
                .first()
                if self.instance.pk
                else None
            )
            return context


class TranslationOutOfDatePanel(Panel):
    """A banner on a translation whose original has been signed off since the translation was: it
    may not say what the original now says, and patients are told so until it is signed off again."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "portal/admin/translation_out_of_date_panel.html"

        def is_shown(self) -> bool:
            return self.original is not None

        @cached_property
        def original(self) -> Page | None:
            """The original, where this is a translation it is out of date with; else None."""
            if not self.instance.pk:
                return None
            model = type(self.instance)
            out_of_date = (
                model.objects.filter(pk=self.instance.pk)
                .annotate(out_of_date=translation_out_of_date())
                .values_list("out_of_date", flat=True)
                .first()
            )
            if not out_of_date:
                return None
            return Page.objects.filter(
                translation_key=self.instance.translation_key, locale_id=default_locale_id()
            ).first()

        def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            original = self.original
            context["original"] = original
            context["original_edit_url"] = (
                reverse("wagtailadmin_pages:edit", args=[original.pk]) if original else ""
            )
            context["language"] = language_name(language_of(self.instance))
            return context
