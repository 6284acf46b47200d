from typing import Any

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm


class ClinicalPageForm(WagtailAdminPageForm):
    """A clinical page needs at least one reference before it is published or sent for review."""

    PUBLISHING_ACTIONS = ("action-publish", "action-submit")

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        publishing = any(action in self.data for action in self.PUBLISHING_ACTIONS)
        if publishing and "references" in self.fields and not cleaned_data.get("references"):
            self.add_error(
                "references",
                _(
                    "Add at least one reference (a reputable source with a link, DOI or PubMed ID) "
                    "before publishing or submitting this page for review. You can save a draft without one."
                ),
            )
        return cleaned_data
