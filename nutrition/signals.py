"""Keep nutrient pages' search entries current when the foods listed on them change.

A nutrient page indexes the names of its foods, but those live on the Food snippet, so saving
a food does not touch the page. Without this, "banana" would not find the potassium page until
someone republished it.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.search import index

from nutrition.models import Food, FoodNutrient, NutrientPage
from portal.caching.version import saves_only_a_draft


def reindex_nutrients(nutrient_ids):
    for page in NutrientPage.objects.filter(pk__in=nutrient_ids):
        index.insert_or_update_object(page)


@receiver(post_save, sender=FoodNutrient)
@receiver(post_delete, sender=FoodNutrient)
def food_amount_changed(sender, instance, **kwargs):
    reindex_nutrients([instance.nutrient_id])


@receiver(post_save, sender=Food)
def food_changed(sender, instance, created, update_fields=None, **kwargs):
    """Published, changed or withdrawn; a saved draft changes nothing patients can find."""
    if created or saves_only_a_draft(update_fields):
        return
    reindex_nutrients(instance.nutrient_amounts.values_list("nutrient_id", flat=True))
