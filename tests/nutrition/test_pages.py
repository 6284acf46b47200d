from http import HTTPStatus

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from nutrition.models import Food, NutrientIndexPage, NutrientPage
from tests.admin import (
    create_through_admin,
    inline_formset,
    nested_form_data,
    reference_fields,
    rich_text,
    streamfield,
)
from tests.html import page_text, soup
from tests.nutrition.factories import FoodFactory, FoodNutrientFactory, NutrientPageFactory
from tests.portal.factories import SymptomFactory

pytestmark = pytest.mark.django_db


def labels(models):
    return {model._meta.label_lower for model in models}


def test_creation_rules():
    assert labels(NutrientIndexPage.allowed_parent_page_models()) == {"portal.homepage"}
    assert labels(NutrientIndexPage.allowed_subpage_models()) == {"nutrition.nutrientpage"}
    assert labels(NutrientPage.allowed_parent_page_models()) == {"nutrition.nutrientindexpage"}
    assert NutrientPage.allowed_subpage_models() == []


def test_nutrient_index_lists_nutrients_and_links_foods_a_to_z(client, nutrient_index):
    response = client.get(nutrient_index.url)
    links = {a.get_text(): a["href"] for a in soup(response).select("main a")}
    assert {"Calcium", "Magnesium", "Potassium"} <= set(links)
    foods = client.get(links["Browse foods A to Z"])
    assert foods.status_code == HTTPStatus.OK
    assert [h.get_text() for h in soup(foods).select("main h2")] == ["A", "B", "D", "L", "N", "S", "W"]


def test_a_long_food_list_is_shown_one_letter_at_a_time(client, nutrient_index, monkeypatch):
    monkeypatch.setattr(Food, "A_TO_Z_ON_ONE_PAGE", 3)
    first = soup(client.get(nutrient_index.url + "foods/"))
    assert [a.get_text() for a in first.select("main .az-list a")] == ["Almonds", "Avocado"]
    letter_links = {a.get_text(): a["href"] for a in first.select("nav.az-nav a")}
    assert list(letter_links) == ["A", "B", "D", "L", "N", "S", "W"]
    spinach_letter = soup(client.get(letter_links["S"]))
    assert [a.get_text() for a in spinach_letter.select("main .az-list a")] == [
        "Seeds",
        "Spinach",
        "Sweet potato",
    ]
    banana = client.get(soup(client.get(letter_links["B"])).select_one("main .az-list a")["href"])
    assert "Potassium" in page_text(banana)


def test_nutrient_page_shows_role_shortfall_amounts_and_food_table(client):
    response = client.get(NutrientPage.objects.get(slug="potassium").url)
    html = soup(response)
    text = page_text(response)
    assert "electrolyte" in text
    assert {"Muscle twitching", "Muscle cramp"} <= {
        a.get_text() for a in html.select("#shortfall-heading ~ ul a")
    }
    amounts = {
        row.th.get_text(): row.select("td")[0].get_text()
        for row in html.select("section:has(#amounts-heading) tbody tr")
    }
    assert amounts["Adults 19 years and over"] == "2,600–3,400 mg"
    foods = [row.th.get_text() for row in html.select("section:has(#foods-heading) tbody tr")]
    assert foods == ["Avocado", "Banana", "Dairy products", "Spinach", "Sweet potato"]
    assert "Banana 1 medium banana 422 mg" in text
    assert "Home remedies for muscle twitching" in text  # the remedy that relies on it
    assert "Muscle twitching" in {a.get_text() for a in html.select("section:has(#related-heading) a")}


def test_food_page_leads_back_to_its_nutrients(client, nutrient_index):
    response = client.get(nutrient_index.url + "foods/banana/")
    assert response.status_code == HTTPStatus.OK
    links = {a.get_text() for a in soup(response).select("main table a")}
    assert links == {"Magnesium", "Potassium"}
    assert client.get(nutrient_index.url + "foods/no-such-food/").status_code == HTTPStatus.NOT_FOUND


def test_food_factory_appears_on_its_nutrient_page(client, nutrient_index):
    nutrient = NutrientPageFactory(parent=nutrient_index)
    FoodNutrientFactory(food=FoodFactory(name="Quinoa"), nutrient=nutrient, quantity=118, unit="mg")
    response = client.get(nutrient.url)
    assert "Quinoa 1 cup 118 mg" in page_text(response)


def test_search_index_carries_food_names_on_nutrients():
    assert "potassium" in [page.slug for page in Page.objects.live().search("banana")[:3]]
    found = get_search_backend().search("bananas", Food)
    assert [food.slug for food in found if food.locale.language_code == "en"] == ["banana"]


def test_editor_can_create_a_nutrient_page_through_the_admin(admin_client, nutrient_index):
    symptom = SymptomFactory()
    page = create_through_admin(
        admin_client,
        nutrient_index,
        NutrientPage,
        {
            "title": "Vitamin D",
            "summary": "Helps you absorb calcium.",
            "role_in_muscle_health": rich_text("<p>Helps muscles use calcium.</p>"),
            "shortfall_description": rich_text(""),
            "daily_amounts": inline_formset([{"age_group": "Adults", "amount": "15 mcg", "notes": ""}]),
            "daily_amounts_source": "",
            "food_sources_intro": "",
            "upper_limits_intro": "",
            "upper_limits": inline_formset([]),
            "upper_limits_source": "",
            "supplement_cautions": rich_text(""),
            "supplement_interactions": inline_formset([]),
            "body": streamfield([]),
            "shortfall_symptom_links": inline_formset([{"symptom": symptom.pk}]),
            **reference_fields(),
        },
    )
    assert page.daily_amounts.get().amount == "15 mcg"
    assert [link.symptom for link in page.shortfall_symptom_links.all()] == [symptom]


def test_editor_can_add_a_food_with_its_nutrients(admin_client):
    magnesium = NutrientPage.objects.get(slug="magnesium")
    data = {
        "name": "Black beans",
        "slug": "",
        "synonyms": "beans",
        "description": "",
        "nutrient_amounts-TOTAL_FORMS": "1",
        "nutrient_amounts-INITIAL_FORMS": "0",
        "nutrient_amounts-MIN_NUM_FORMS": "0",
        "nutrient_amounts-MAX_NUM_FORMS": "1000",
        "nutrient_amounts-0-nutrient": magnesium.pk,
        "nutrient_amounts-0-serving": "½ cup, cooked",
        "nutrient_amounts-0-amount": "60 mg",
        "nutrient_amounts-0-ORDER": "1",
        **nested_form_data(
            {
                "references": streamfield(
                    [
                        (
                            "reference",
                            {
                                "citation": "USDA FoodData Central. Beans, black, cooked.",
                                "url": "https://fdc.nal.usda.gov/",
                                "doi": "",
                                "pubmed_id": "",
                            },
                        )
                    ]
                )
            }
        ),
    }
    response = admin_client.post("/admin/snippets/nutrition/food/add/", data)
    assert response.status_code == HTTPStatus.FOUND
    food = Food.objects.get(name="Black beans")
    assert food.slug == "black-beans"
    assert food.nutrient_amounts.get().nutrient == magnesium
    assert food.references[0].value["citation"] == "USDA FoodData Central. Beans, black, cooked."


def test_a_food_page_lists_where_its_amounts_come_from(client, nutrient_index):
    food = FoodFactory(
        name="Testfruit",
        references=[
            (
                "reference",
                {"citation": "USDA FoodData Central. Testfruit, raw.", "url": "https://fdc.nal.usda.gov/"},
            )
        ],
    )
    html = soup(client.get(nutrient_index.url + f"foods/{food.slug}/"))
    section = html.select_one("#food-references-heading").find_parent("section")
    assert section.select_one("li.reference").get_text(" ", strip=True) == (
        "USDA FoodData Central. Testfruit, raw. https://fdc.nal.usda.gov/"
    )
