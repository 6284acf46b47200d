from decimal import Decimal

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from nutrition.models import Food, FoodNutrient, NutrientIndexPage, NutrientPage
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
