"""A page's query count stays small and does not grow with its related content."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from nutrition.models import NutrientPage, NutrientShortfallSymptom
from portal.caching.version import bump_content_version
from portal.models import ConditionNutrient, ConditionPage, ConditionSymptom, ConditionTreatment
from tests.nutrition.factories import FoodNutrientFactory, NutrientPageFactory
from tests.portal.factories import ConditionPageFactory, SymptomFactory
from tests.treatments.factories import MedicationPageFactory, PhysicalTherapyPageFactory
from treatments.models import MedicationPage

pytestmark = pytest.mark.django_db

# The target of the performance issue: every page kind in 12 queries or fewer.
QUERY_BUDGET = 12


def queries_to_render(client, url):
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_condition_page_queries_are_few_and_do_not_grow(client, treatment_index, nutrient_index):
    page = ConditionPage.objects.get(locale__language_code="en")
    before = queries_to_render(client, page.url)
    assert before <= QUERY_BUDGET

    for number in range(10):
        ConditionSymptom.objects.create(condition=page, symptom=SymptomFactory())
        factory = MedicationPageFactory if number % 2 else PhysicalTherapyPageFactory
        ConditionTreatment.objects.create(condition=page, treatment=factory(parent=treatment_index), note="x")
        nutrient = NutrientPageFactory(parent=nutrient_index)
        FoodNutrientFactory(nutrient=nutrient)
        ConditionNutrient.objects.create(condition=page, nutrient=nutrient)
    page.save()

    assert queries_to_render(client, page.url) == before


def test_nutrient_page_queries_are_few_and_do_not_grow(client):
    page = NutrientPage.objects.get(slug="magnesium")
    before = queries_to_render(client, page.url)
    assert before <= QUERY_BUDGET

    for _ in range(10):
        FoodNutrientFactory(nutrient=page)
        NutrientShortfallSymptom.objects.create(page=page, symptom=SymptomFactory())
    page.save()

    assert queries_to_render(client, page.url) == before


def test_pages_listing_the_conditions_that_link_to_them_do_not_grow_with_them(client, condition_index):
    """Just after a content change, when nothing is remembered, as well as on a running server."""

    def cold_queries_to_render(url):
        client.get(url)
        bump_content_version()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    urls = ["/treatments/muscle-relaxants/", "/nutrition/potassium/"]
    before = {url: cold_queries_to_render(url) for url in urls}
    relaxants = MedicationPage.objects.get(slug="muscle-relaxants")
    potassium = NutrientPage.objects.get(slug="potassium")
    for _ in range(5):
        condition = ConditionPageFactory(parent=condition_index)
        ConditionTreatment.objects.create(condition=condition, treatment=relaxants, note="x")
        ConditionNutrient.objects.create(condition=condition, nutrient=potassium)

    assert {url: cold_queries_to_render(url) for url in urls} == before


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/conditions/",
        "/conditions/muscle-twitching/",
        "/treatments/",
        "/treatments/muscle-relaxants/",
        "/treatments/physical-therapy/",
        "/treatments/home-remedies/",
        "/treatments/stress-management/",
        "/nutrition/",
        "/nutrition/potassium/",
        "/nutrition/foods/",
        "/nutrition/foods/banana/",
        "/symptoms/",
        "/symptoms/eyelid-twitching/",
    ],
)
def test_every_page_kind_fits_the_query_budget(client, url):
    assert queries_to_render(client, url) <= QUERY_BUDGET
