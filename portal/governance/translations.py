"""wagtail-localize's translation tools, kept inside the clinical review.

Its "Sync translated pages" form offers "Publish immediately", and its translation editor a
"Publish" to whoever holds a snippet's publish permission (every site administrator): both
publish with no user, past the permission checks that keep publishing to a reviewer's sign-off.
Here neither publishes: synced translations are saved as drafts, for translators to finish and
submit for review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from wagtail_localize.views.update_translations import UpdateTranslationsForm, UpdateTranslationsView

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

PUBLISH_IMMEDIATELY = "publish_translations"


class UpdateTranslationsWithoutPublishing(UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages" without "Publish immediately"."""

    def get_form(self) -> UpdateTranslationsForm:
        form = super().get_form()
        form.fields.pop(PUBLISH_IMMEDIATELY, None)
        return form

    def form_valid(self, form: UpdateTranslationsForm) -> HttpResponse:
        form.cleaned_data[PUBLISH_IMMEDIATELY] = False
        response: HttpResponse = super().form_valid(form)
        return response


def update_translations_view() -> Any:
    return UpdateTranslationsWithoutPublishing.as_view()


def refuse_publishing_from_the_translation_editor(request: HttpRequest, instance: object) -> None:
    """The translation editor's "Publish" posts `action=publish` to the edit view, which
    wagtail-localize answers in its own `before_edit_*` hook (Wagtail's own forms post
    `action-publish`, which publishes nothing either: portal.core.mixins)."""
    if request.method == "POST" and request.POST.get("action") == "publish":
        raise PermissionDenied
