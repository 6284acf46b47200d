"""Keep what is derived from content current: search entries that include snippets, and the sign-off
history of what went live. The content version moves on in portal.caching.signals."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from wagtail.search import index
from wagtail.signals import page_published, unpublished

from portal.caching.version import saves_only_a_draft
from portal.core.mixins import ReviewedSnippetMixin
from portal.core.sign_offs import SignOff
from portal.core.snippets import Symptom


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


@receiver(page_published)
def sign_off_went_live(sender, instance, revision, **kwargs):
    """The sign-off of the version now live joins the page history patients read.

    Connected before the content version moves on (portal.apps), so that no page is kept without
    it. Wagtail also sends this when a never-published page is scheduled, which is not live yet.
    """
    if instance.live and instance.live_revision_id == revision.pk:
        SignOff.objects.filter(revision=revision, went_live_at=None).update(
            went_live_at=instance.last_published_at or timezone.now()
        )
