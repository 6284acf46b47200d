"""Keep derived data current: search entries that include snippets, and the cached navigation."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.models import Symptom
from portal.navigation import clear_site_structure


@receiver(post_save, sender=Symptom)
def symptom_changed(sender, instance, created, **kwargs):
    if created:
        return
    for page in [*instance.conditions.all(), *instance.shortfall_nutrients.all()]:
        index.insert_or_update_object(page)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def page_tree_changed(sender, **kwargs):
    clear_site_structure()
