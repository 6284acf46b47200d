"""What moves the content version on: every committed change to what patients may see.

Connected by portal.apps after portal.site.signals, whose page_published receiver records the
sign-off that went live: the version must move on after it, so that no page is kept without it.
"""

from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver

from wagtail.models import DraftStateMixin
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.caching.version import bump_content_version, saves_only_a_draft

# Wagtail's apps whose every model patients may see, in a page or through the API. The portal's
# own apps declare themselves instead: `shows_patient_content = True` on their AppConfig.
WAGTAIL_CONTENT_APPS = {"wagtaildocs", "wagtailimages", "wagtailsearchpromotions"}
# Wagtail's own models that decide what patients see: the tree, who may see it, and where.
CONTENT_MODELS = {
    "wagtailcore.page",
    "wagtailcore.site",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collection",
    "wagtailcore.collectionviewrestriction",
    "wagtailcore.locale",
}
# Wagtail's models in those apps that patients never see: image sizes made on demand while a page
# renders, and search counts. The portal's own such models say so themselves, with
# `shown_to_patients = False` (search counts, the review task's settings, the content version).
NOT_SHOWN_MODELS = {
    "wagtailimages.rendition",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits",
}


def is_shown_to_patients(model: type[Model]) -> bool:
    if model.__module__ == "__fake__":
        # A migration's historical model, perhaps before the content version's table exists:
        # every migrate moves the version on once it has finished (content_migrated).
        return False
    label = model._meta.label_lower
    if label in NOT_SHOWN_MODELS or not getattr(model, "shown_to_patients", True):
        return False
    app_config = model._meta.app_config
    if getattr(app_config, "shows_patient_content", False) or model._meta.app_label in WAGTAIL_CONTENT_APPS:
        return True
    if label in CONTENT_MODELS:
        return True
    return any(parent._meta.label_lower in CONTENT_MODELS for parent in model._meta.get_parent_list())


@receiver(post_save)
def content_saved(
    sender: type[Model], instance: Model, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    if raw or not is_shown_to_patients(sender):
        return
    if saves_only_a_draft(update_fields):
        return
    bump_content_version(reconsider_expiry=isinstance(instance, DraftStateMixin))


@receiver(post_delete)
def content_deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if is_shown_to_patients(sender):
        bump_content_version(reconsider_expiry=isinstance(instance, DraftStateMixin))


@receiver(m2m_changed)
def content_relations_changed(sender: Any, instance: Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and is_shown_to_patients(type(instance)):
        bump_content_version()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_tree_changed(sender: Any, instance: Model, **kwargs: Any) -> None:
    """Publishing or withdrawing may save only what a draft saves too, and a move only the tree."""
    bump_content_version(reconsider_expiry=True)


@receiver(post_migrate)
def content_migrated(sender: Any, **kwargs: Any) -> None:
    """A migration may have changed content through historical models, which send no change."""
    if sender.label != "portal":
        return
    try:
        kwargs["apps"].get_model("portal", "ContentVersion")
    except LookupError:  # migrated back to before the content version existed
        return
    bump_content_version()
