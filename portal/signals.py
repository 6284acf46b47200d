"""Keep derived data current: search entries that include snippets, the cached navigation and the page cache's version."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

from nutrition.models import Food, FoodNutrient
from portal.models import Reviewer, Symptom, SynonymGroup
from portal.navigation import clear_site_structure
from portal.page_cache import clear_page_cache


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
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def page_tree_changed(sender, **kwargs):
    """A page published, moved or gone, made private, or a site moved: renew everything derived."""
    clear_site_structure()
    clear_page_cache()


@receiver(post_save)
def page_created_live(sender, instance, created, raw=False, **kwargs):
    """A page created already live, as scripts and imports do, appears without being published."""
    if created and not raw and isinstance(instance, Page) and instance.live:
        page_tree_changed(sender)


@receiver(post_save, sender=Symptom)
@receiver(post_delete, sender=Symptom)
@receiver(post_save, sender=Food)
@receiver(post_delete, sender=Food)
@receiver(post_save, sender=SynonymGroup)
@receiver(post_delete, sender=SynonymGroup)
@receiver(post_save, sender=Reviewer)
@receiver(post_delete, sender=Reviewer)
@receiver(post_save, sender=FoodNutrient)
@receiver(post_delete, sender=FoodNutrient)
@receiver(post_save, sender=SearchPromotion)
@receiver(post_delete, sender=SearchPromotion)
def shown_snippet_changed(sender, **kwargs):
    """Pages and search show these: cached pages and derived data (vocabulary, promotions) are stale."""
    clear_page_cache()
