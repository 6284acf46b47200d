from http import HTTPStatus

from wagtail.models import Page

import pytest

from nutrition.models import Food, NutrientPage
from tests.admin import create_through_admin, inline_formset, reference_fields, rich_text, streamfield
from tests.html import page_text, soup
from tests.treatments.factories import (
    HomeRemedyPageFactory,
    LifestyleChangePageFactory,
    MedicationPageFactory,
    PhysicalTherapyPageFactory,
)
from treatments.models import (
    HomeRemedyPage,
    LifestyleChangePage,
    MedicationPage,
    PhysicalTherapyPage,
    TreatmentIndexPage,
)

pytestmark = pytest.mark.django_db

TREATMENT_MODELS = [MedicationPage, PhysicalTherapyPage, HomeRemedyPage, LifestyleChangePage]


def labels(models):
    return {model._meta.label_lower for model in models}


def test_treatment_index_sits_under_home_and_holds_the_four_kinds():
    assert labels(TreatmentIndexPage.allowed_parent_page_models()) == {"portal.homepage"}
    assert labels(TreatmentIndexPage.allowed_subpage_models()) == labels(TREATMENT_MODELS)


@pytest.mark.parametrize("model", TREATMENT_MODELS)
def test_each_treatment_kind_lives_only_under_the_treatment_index(model):
    assert labels(model.allowed_parent_page_models()) == {"treatments.treatmentindexpage"}
    assert model.allowed_subpage_models() == []


def test_treatment_index_groups_treatments_by_kind(client, treatment_index):
    response = client.get(treatment_index.url)
    headings = [h.get_text() for h in soup(response).select("main h2")]
    assert headings == ["Home remedies", "Lifestyle changes", "Medications", "Physical therapy"]
    assert "Managing stress" in page_text(response)


def test_medication_page_shows_class_medicines_side_effects_and_doctor_note(client):
    response = client.get(MedicationPage.objects.get(slug="muscle-relaxants").url)
    text = page_text(response)
    assert "Type of medicine Muscle relaxant" in text
    assert "Prescription only" in text
    assert "Cyclobenzaprine (brand names: Flexeril, Amrix, Fexmid)" in text
    assert "Drowsiness or tiredness" in text and "Dizziness" in text
    assert (
        "Alcohol (moderate): Alcohol can make the drowsiness and other side effects worse. "
        "Ask your doctor or pharmacist first." in text
    )
    assert "Talk to your doctor" in text
    assert "Muscle twitching" in {a.get_text() for a in soup(response).select("main a")}


def test_physical_therapy_page_lists_its_techniques(client):
    response = client.get(PhysicalTherapyPage.objects.get(locale__language_code="en").url)
    techniques = [h.get_text() for h in soup(response).select("main .card__title")]
    assert techniques[:4] == [
        "Stretching",
        "Strengthening exercises",
        "Therapeutic ultrasound",
        "Electrical stimulation",
    ]
    assert "What to expect" in page_text(response)


def test_home_remedy_page_shows_steps_and_links_its_nutrients_and_foods(client):
    response = client.get(HomeRemedyPage.objects.get(locale__language_code="en").url)
    text = page_text(response)
    assert "Drink plenty of water" in text
    links = {a.get_text() for a in soup(response).select("main a")}
    assert {"Magnesium", "Potassium", "banana", "nuts"} <= links


def test_lifestyle_change_page_lists_practices(client):
    response = client.get(LifestyleChangePage.objects.get(slug="stress-management").url)
    assert "Mindfulness and meditation" in page_text(response)
    assert "Make sleep a priority" in page_text(response)


@pytest.mark.parametrize(
    ("query", "slug"),
    [("Flexeril", "muscle-relaxants"), ("gabapentin", "anticonvulsants"), ("ultrasound", "physical-therapy")],
)
def test_search_index_carries_medicine_and_technique_names(query, slug):
    assert slug in [page.slug for page in Page.objects.live().search(query)[:3]]


@pytest.mark.parametrize(
    "factory",
    [MedicationPageFactory, PhysicalTherapyPageFactory, HomeRemedyPageFactory, LifestyleChangePageFactory],
)
def test_factories_build_pages_that_render(client, treatment_index, factory):
    page = factory(parent=treatment_index)
    response = client.get(page.url)
    assert response.status_code == HTTPStatus.OK
    assert page.title in page_text(response)
    assert "It eases the symptoms." in page_text(response)


def test_medication_cautions_say_who_should_not_take_it_what_to_tell_the_doctor_and_when_to_get_help(
    client, treatment_index
):
    page = MedicationPageFactory(
        parent=treatment_index,
        risks="<p>It can make you sleepy.</p>",
        not_for="<ul><li>You take a medicine called an MAO inhibitor.</li></ul>",
        before_you_start="<ul><li>have liver disease.</li></ul>",
        urgent_side_effects="<ul><li>a fast or pounding heartbeat</li></ul>",
    )
    response = client.get(page.url)
    text = page_text(response)
    assert "Who should not take it You take a medicine called an MAO inhibitor." in text
    assert "Before you start, tell your doctor if you have liver disease." in text
    card = soup(response).select_one("#risks-heading ~ .care-card--urgent")
    assert (
        card.select_one(".care-card__heading").get_text() == "Urgent advice: Get help right away if you have"
    )
    assert "a fast or pounding heartbeat" in card.get_text()
    assert "In an emergency, call 911." in card.get_text()


def treatment_fields(title):
    return {
        "title": title,
        "summary": "A summary.",
        "how_it_helps": rich_text("<p>It helps.</p>"),
        "risks": rich_text(""),
        "talk_to_doctor": "",
        "body": streamfield([]),
        **reference_fields(),
    }


def test_editor_can_create_each_kind_through_the_admin(admin_client, treatment_index):
    medication = create_through_admin(
        admin_client,
        treatment_index,
        MedicationPage,
        {
            **treatment_fields("Benzodiazepines"),
            "drug_class": "Sedative",
            "prescription_only": "on",
            "medicines": inline_formset(
                [{"generic_name": "diazepam", "brand_names": "Valium", "notes": ""}], min=1
            ),
            "side_effects": inline_formset([{"name": "Sleepiness", "advice": ""}]),
            "not_for": rich_text("<ul><li>You have severe breathing problems.</li></ul>"),
            "before_you_start": rich_text("<ul><li>are pregnant.</li></ul>"),
            "urgent_side_effects": rich_text("<ul><li>slow or shallow breathing</li></ul>"),
            "cautions": rich_text(""),
            "interactions": inline_formset([]),
        },
    )
    assert medication.medicines.get().brand_name_list == ["Valium"]
    assert "severe breathing problems" in medication.not_for
    assert "shallow breathing" in medication.urgent_side_effects

    therapy = create_through_admin(
        admin_client,
        treatment_index,
        PhysicalTherapyPage,
        {
            **treatment_fields("Massage therapy"),
            "techniques": inline_formset([{"name": "Massage", "purpose": "Loosens muscles."}], min=1),
            "session_description": "",
            "frequency": "",
        },
    )
    assert therapy.techniques.get().name == "Massage"

    remedy = create_through_admin(
        admin_client,
        treatment_index,
        HomeRemedyPage,
        {
            **treatment_fields("Warm baths"),
            "steps": inline_formset([{"title": "Run a warm bath", "details": ""}], min=1),
            "nutrients": [NutrientPage.objects.get(slug="magnesium").pk],
            "foods": [Food.objects.get(slug="banana").pk],
        },
    )
    assert [n.slug for n in remedy.nutrients.all()] == ["magnesium"]

    lifestyle = create_through_admin(
        admin_client,
        treatment_index,
        LifestyleChangePage,
        {
            **treatment_fields("Cutting down on caffeine"),
            "practices": inline_formset(
                [{"name": "Switch to decaf", "description": "Less caffeine."}], min=1
            ),
        },
    )
    assert lifestyle.live
