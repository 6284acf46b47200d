"""Interactions are edited once, on the medicine's page, and shown on both sides, in search and in JSON-LD."""

import json

from django.core.exceptions import ValidationError

import pytest

from nutrition.models import NutrientPage
from tests.admin import create_through_admin, inline_formset, rich_text
from tests.html import page_text, soup
from tests.treatments.factories import InteractionFactory, MedicationPageFactory
from tests.treatments.test_pages import treatment_fields
from treatments.models import Interaction, MedicationPage

pytestmark = pytest.mark.django_db

GABAPENTIN = "/treatments/anticonvulsants/"


def json_ld(response):
    return json.loads(soup(response).select_one('script[type="application/ld+json"]').string)


def add_magnesium_interaction(page):
    """Gabapentin with magnesium, added as an editor would: on the page, then published."""
    magnesium = NutrientPage.objects.get(slug="magnesium")
    page.interactions.add(
        InteractionFactory.build(
            medicine="gabapentin",
            kind="nutrient",
            interacts_with="Magnesium supplements and antacids",
            nutrient=magnesium,
            severity="moderate",
            action="separate",
            separate_hours=2,
            advice="They can make gabapentin work less well.",
        )
    )
    page.save_revision().publish()
    return magnesium


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "nutrient"}, "nutrient"),
        ({"action": "separate"}, "separate_hours"),
        ({"action": "ask", "separate_hours": 2}, "separate_hours"),
        ({"action": "avoid", "timing": "Take it 2 hours after the antacid."}, "timing"),
    ],
)
def test_an_interaction_must_say_what_it_needs(treatment_index, fields, field):
    interaction = InteractionFactory.build(page=MedicationPageFactory(parent=treatment_index), **fields)
    with pytest.raises(ValidationError) as error:
        interaction.full_clean()
    assert field in error.value.message_dict


def test_only_a_nutrient_or_a_medicine_that_contains_one_links_to_a_nutrient_page(treatment_index):
    page = MedicationPageFactory(parent=treatment_index)
    magnesium = NutrientPage.objects.get(slug="magnesium")
    with pytest.raises(ValidationError, match="Only a nutrient"):
        InteractionFactory.build(page=page, kind="food", nutrient=magnesium).full_clean()
    InteractionFactory.build(page=page, kind="nutrient", nutrient=magnesium).full_clean()
    # A medicine that contains the nutrient, such as an antacid with magnesium, is listed there too.
    InteractionFactory.build(page=page, kind="medicine", nutrient=magnesium).full_clean()


def test_timing_the_source_gives_is_shown_instead_of_the_hours(treatment_index):
    page = MedicationPageFactory(parent=treatment_index)
    plain = InteractionFactory.build(page=page, action="separate", separate_hours=2)
    timed = InteractionFactory.build(
        page=page,
        action="separate",
        separate_hours=2,
        timing="Take gabapentin at least 2 hours after the antacid.",
    )
    assert plain.what_to_do == "Take them at least 2 hours apart."
    assert timed.what_to_do == "Take gabapentin at least 2 hours after the antacid."


def test_the_medicine_page_lists_what_to_be_careful_with_and_its_sources(client):
    html = soup(client.get(GABAPENTIN))
    section = html.select_one("#interactions-heading").find_parent("section")
    text = " ".join(section.get_text(" ").split()).replace(" ,", ",")
    assert "Medicines, foods and supplements to be careful with" in text
    assert (
        "Opioid pain medicines, such as hydrocodone, morphine and oxycodone, with gabapentin (serious)"
        in text
    )
    assert "Ask your doctor or pharmacist first." in text
    # The Medication Guide: no alcohol without first talking with your healthcare provider.
    assert (
        "Alcohol, with gabapentin (moderate): Do not drink alcohol until you have talked with your doctor."
        in text
    )
    assert section.select_one("a[href^='https://api.fda.gov/']")


def test_the_nutrient_page_lists_the_medicines_it_interacts_with(client):
    page = MedicationPage.objects.get(url_path__endswith="/anticonvulsants/")
    magnesium = add_magnesium_interaction(page)
    text = page_text(client.get(magnesium.url))
    assert "Medicines it interacts with" in text
    assert "Gabapentin and magnesium supplements and antacids (moderate)" in text
    assert "Take them at least 2 hours apart." in text
    assert soup(client.get(magnesium.url)).select_one(f".interaction-list a[href='{page.url}']")
    medicine_text = page_text(client.get(page.url))
    assert (
        "Magnesium supplements and antacids, with gabapentin (moderate): They can make gabapentin work less well. "
        "Take them at least 2 hours apart. More about magnesium." in medicine_text
    )


def test_an_unpublished_medicine_page_is_not_listed_on_the_nutrient_page(client, treatment_index):
    page = MedicationPageFactory(parent=treatment_index)
    add_magnesium_interaction(page)
    page.unpublish()
    assert page.title not in page_text(client.get("/nutrition/magnesium/"))


def test_search_finds_a_medicine_by_what_it_interacts_with(client):
    page = MedicationPage.objects.get(url_path__endswith="/anticonvulsants/")
    add_magnesium_interaction(page)
    results = soup(client.get("/search/", {"q": "gabapentin magnesium"}))
    assert results.select_one(f"main a[href='{page.url}']")


def test_json_ld_carries_interacting_drugs_and_food_warnings(client):
    about = json_ld(client.get(GABAPENTIN))["about"]
    opioids = "Opioid pain medicines, such as hydrocodone, morphine and oxycodone"
    assert {"@type": "Drug", "name": opioids} in about["interactingDrug"]
    antacids = "Antacids with aluminum and magnesium, such as Maalox or Mylanta"
    assert {"@type": "Drug", "name": antacids} in about["interactingDrug"]
    assert any(warning.startswith("Alcohol:") for warning in about["foodWarning"])


def test_an_editor_adds_an_interaction_through_the_admin(admin_client, treatment_index):
    magnesium = NutrientPage.objects.get(slug="magnesium")
    page = create_through_admin(
        admin_client,
        treatment_index,
        MedicationPage,
        {
            **treatment_fields("Test anticonvulsants"),
            "drug_class": "Anticonvulsant",
            "prescription_only": "on",
            "medicines": inline_formset(
                [{"generic_name": "testapentin", "brand_names": "", "notes": ""}], min=1
            ),
            "side_effects": inline_formset([]),
            "cautions": rich_text(""),
            "interactions": inline_formset(
                [
                    {
                        "medicine": "testapentin",
                        "kind": "nutrient",
                        "interacts_with": "Magnesium supplements",
                        "nutrient": magnesium.pk,
                        "severity": "moderate",
                        "action": "separate",
                        "separate_hours": "2",
                        "advice": "They can make it work less well.",
                        "source_citation": "FDA. A drug label.",
                        "source_url": "https://api.fda.gov/drug/label.json",
                    }
                ]
            ),
        },
    )
    interaction = page.interactions.get()
    assert (interaction.nutrient, interaction.separate_hours) == (magnesium, 2)


def test_the_admin_refuses_an_interaction_without_its_nutrient(admin_client, treatment_index):
    with pytest.raises(AssertionError, match="nutrient"):
        create_through_admin(
            admin_client,
            treatment_index,
            MedicationPage,
            {
                **treatment_fields("Refused anticonvulsants"),
                "drug_class": "Anticonvulsant",
                "medicines": inline_formset([{"generic_name": "x", "brand_names": "", "notes": ""}], min=1),
                "side_effects": inline_formset([]),
                "cautions": rich_text(""),
                "interactions": inline_formset(
                    [
                        {
                            "kind": "nutrient",
                            "interacts_with": "Magnesium",
                            "severity": "minor",
                            "action": "ask",
                            "advice": "Ask first.",
                            "source_citation": "FDA.",
                            "source_url": "https://api.fda.gov/",
                        }
                    ]
                ),
            },
        )
    assert not Interaction.objects.filter(interacts_with="Magnesium").exists()


def test_the_shipped_gabapentin_and_antacid_interaction_is_listed_on_the_magnesium_page(client):
    text = page_text(client.get("/nutrition/magnesium/"))
    assert (
        "Gabapentin and antacids with aluminum and magnesium, such as Maalox or Mylanta (moderate): "
        "These antacids make your body take in less gabapentin, so it may not work as well. "
        "Take gabapentin at least 2 hours after the antacid." in text
    )
    assert "Osteoporosis medicines called bisphosphonates, such as alendronate (Fosamax) (moderate)" in text


def test_search_finds_gabapentin_and_magnesium_together(client):
    results = soup(client.get("/search/", {"q": "gabapentin magnesium"}))
    assert results.select_one(f"main a[href='{GABAPENTIN}']")
