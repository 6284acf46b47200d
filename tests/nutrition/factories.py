from decimal import Decimal

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from nutrition.models import (
    Food,
    FoodNutrient,
    NutrientIndexPage,
    NutrientPage,
    SupplementInteraction,
    UpperLimit,
)
from tests.portal.factories import ClinicalPageFactory


class NutrientIndexPageFactory(wagtail_factories.PageFactory):
    title = "Nutrition"

    class Meta:
        model = NutrientIndexPage


class NutrientPageFactory(ClinicalPageFactory):
    title = factory.Sequence(lambda n: f"Test nutrient {n}")
    role_in_muscle_health = "<p>Keeps test muscles working.</p>"

    class Meta:
        model = NutrientPage


class FoodFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Test food {n}")
    synonyms = "test snack"

    class Meta:
        model = Food


class FoodNutrientFactory(DjangoModelFactory):
    food = factory.SubFactory(FoodFactory)
    serving = "1 cup"
    quantity = Decimal("100")
    unit = "mg"

    class Meta:
        model = FoodNutrient


class UpperLimitFactory(DjangoModelFactory):
    """An upper limit for one age group; pass page (a NutrientPage)."""

    age_group = factory.Sequence(lambda n: f"Test age group {n}")
    amount = 2500
    unit = "mg"
    applies_to = "all"

    class Meta:
        model = UpperLimit


class SupplementInteractionFactory(DjangoModelFactory):
    """A medicine a nutrient's supplements interact with; pass page (a NutrientPage)."""

    interacts_with = factory.Sequence(lambda n: f"Test medicine {n}")
    severity = "moderate"
    action = "ask"
    advice = "Together they make the medicine work less well."
    source_citation = "NIH Office of Dietary Supplements. A fact sheet."
    source_url = "https://ods.od.nih.gov/factsheets/list-all/"

    class Meta:
        model = SupplementInteraction
