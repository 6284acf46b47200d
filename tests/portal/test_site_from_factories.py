"""A second site built only from factories renders every index type: the factories build real pages."""

from http import HTTPStatus

from wagtail.models import Page, Site

import pytest

from portal.models import ConditionSymptom
from tests.html import page_text
from tests.nutrition.factories import (
    FoodFactory,
    FoodNutrientFactory,
    NutrientIndexPageFactory,
    NutrientPageFactory,
)
from tests.portal.factories import (
    ConditionIndexPageFactory,
    ConditionPageFactory,
    HomePageFactory,
    SymptomFactory,
    SymptomIndexPageFactory,
)
from tests.treatments.factories import MedicationPageFactory, TreatmentIndexPageFactory

pytestmark = pytest.mark.django_db


def test_factories_build_a_whole_site(client, settings):
    settings.ALLOWED_HOSTS = ["second.test"]
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Second portal", slug="second")
    Site.objects.create(hostname="second.test", port=80, root_page=home)
    conditions = ConditionIndexPageFactory(parent=home, show_in_menus=True)
    SymptomIndexPageFactory(parent=home, slug="symptoms", show_in_menus=True)
    treatments = TreatmentIndexPageFactory(parent=home, show_in_menus=True)
    nutrition = NutrientIndexPageFactory(parent=home, slug="nutrition", show_in_menus=True)
    condition = ConditionPageFactory(parent=conditions, title="Writer's cramp")
    symptom = SymptomFactory(name="Cramped fingers")
    ConditionSymptom.objects.create(condition=condition, symptom=symptom)
    condition.save()
    medication = MedicationPageFactory(parent=treatments, title="Botulinum toxin")
    nutrient = NutrientPageFactory(parent=nutrition, title="Vitamin B12")
    FoodNutrientFactory(food=FoodFactory(name="Sardines"), nutrient=nutrient)

    def get(path):
        response = client.get(path, HTTP_HOST="second.test")
        assert response.status_code == HTTPStatus.OK, path
        return page_text(response)

    home_text = get("/")
    assert "Writer's cramp" in home_text and "Muscle twitching" not in home_text
    assert "Writer's cramp" in get("/conditions/")
    assert "Cramped fingers" in get("/symptoms/")
    assert "Writer's cramp" in get(f"/symptoms/{symptom.slug}/")
    assert "Botulinum toxin" in get("/treatments/")
    assert "Vitamin B12" in get("/nutrition/")
    assert "Sardines" in get(f"/nutrition/{nutrient.slug}/")
    assert "Vitamin B12" in get("/nutrition/foods/sardines/")
    assert medication.title in get(f"/treatments/{medication.slug}/")
