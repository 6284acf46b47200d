"""Keep what is derived from content current: search entries that include snippets, and the content version."""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.utils import timezone

from wagtail.models import DraftStateMixin
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move, unpublished

from portal.caching.page_cache import content_changed
from portal.core.mixins import ReviewedSnippetMixin, saves_only_a_draft
from portal.core.sign_offs import SignOff
from portal.core.snippets import Symptom

# Apps whose every model patients may see, in a page or through the API.
CONTENT_APPS = {
    "portal",
    "treatments",
    "nutrition",
    "wagtaildocs",
    "wagtailimages",
    "wagtailsearchpromotions",
}
# Wagtail's own models that decide what patients see: the tree, who may see it, and where.
CONTENT_MODELS = {
    "wagtailcore.page",
    "wagtailcore.site",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collection",
    "wagtailcore.collectionviewrestriction",
    "wagtailcore.locale",
}
# Models in those apps that patients never see: search counts, image sizes made on demand while
# a page renders, the review task's settings and the content version itself.
NOT_SHOWN_MODELS = {
    "portal.contentversion",
    "portal.querywithoutresultsdailyhits",
    "portal.clinicalreviewtask",
    "wagtailimages.rendition",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits",
}


def is_shown_to_patients(model):
    if model.__module__ == "__fake__":
        # A migration's historical model, perhaps before the content version's table exists:
        # every migrate moves the version on once it has finished (content_migrated).
        return False
    label = model._meta.label_lower
    if label in NOT_SHOWN_MODELS:
        return False
    if model._meta.app_label in CONTENT_APPS or label in CONTENT_MODELS:
        return True
    return any(parent._meta.label_lower in CONTENT_MODELS for parent in model._meta.get_parent_list())


@receiver(post_save, sender=Symptom)
def symptom_changed(sender, instance, created, update_fields=None, **kwargs):
    """The pages that list a symptom index its live name and synonyms: published, changed or withdrawn."""
    if created or saves_only_a_draft(update_fields):
        return
    conditions = [link.condition for link in instance.condition_links.select_related("condition")]
    nutrients = [link.page for link in instance.shortfall_nutrient_links.select_related("page")]
    for page in [*conditions, *nutrients]:
        index.insert_or_update_object(page)


@receiver(unpublished)
def snippet_withdrawn(sender, instance, **kwargs):
    """A withdrawn snippet leaves the search index: only live ones are indexed, and saving the
    withdrawn one cannot take out the entry it had while live."""
    if isinstance(instance, ReviewedSnippetMixin) and index.class_is_indexed(sender):
        index.remove_object(instance)


@receiver(post_save)
def content_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not is_shown_to_patients(sender):
        return
    if saves_only_a_draft(update_fields):
        return
    content_changed(reconsider_expiry=isinstance(instance, DraftStateMixin))


@receiver(post_delete)
def content_deleted(sender, instance, **kwargs):
    if is_shown_to_patients(sender):
        content_changed(reconsider_expiry=isinstance(instance, DraftStateMixin))


@receiver(m2m_changed)
def content_relations_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and is_shown_to_patients(type(instance)):
        content_changed()


@receiver(page_published)
def sign_off_went_live(sender, instance, revision, **kwargs):
    """The sign-off of the version now live joins the page history patients read.

    Connected before the content change below, so that no page is kept without it. Wagtail also
    sends this when a never-published page is scheduled, which is not live yet.
    """
    if instance.live and instance.live_revision_id == revision.pk:
        SignOff.objects.filter(revision=revision, went_live_at=None).update(
            went_live_at=instance.last_published_at or timezone.now()
        )


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_tree_changed(sender, instance, **kwargs):
    """Publishing or withdrawing may save only what a draft saves too, and a move only the tree."""
    content_changed(reconsider_expiry=True)


@receiver(post_migrate)
def content_migrated(sender, **kwargs):
    """A migration may have changed content through historical models, which send no change."""
    if sender.label != "portal":
        return
    try:
        kwargs["apps"].get_model("portal", "ContentVersion")
    except LookupError:  # migrated back to before the content version existed
        return
    content_changed()
