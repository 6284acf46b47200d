"""The shipped content says what its sources say, as an outside clinical review checked it (#17)."""

from wagtail.models import Page

import pytest

from nutrition.models import Food
from portal.models import ConditionPage
from tests.html import page_text, soup
from treatments.models import MedicationPage

pytestmark = pytest.mark.django_db


def test_only_greens_whose_calcium_is_well_absorbed_are_said_to_be(client):
    # ODS: calcium from kale, broccoli and bok choy is absorbed about as well as from milk;
    # collards, like spinach, hold oxalate and give less.
    text = page_text(client.get("/nutrition/foods/leafy-greens/"))
    assert "Kale, bok choy and broccoli provide calcium that the body absorbs well." in text
    assert "collard greens and bok choy provide" not in text


def test_gabapentin_breathing_risk_is_framed_as_the_fda_frames_it(client):
    # FDA 2019: serious breathing problems mostly with opioids or other CNS depressants, lung
    # disease such as COPD, or old age; less evidence of the risk with gabapentin alone.
    text = page_text(client.get("/treatments/anticonvulsants/"))
    assert (
        "Gabapentin can cause serious breathing problems. This happens mostly in people who also "
        "take opioid pain medicines or other medicines that make them sleepy, who have a lung problem "
        "such as COPD, or who are older."
    ) in text


def test_fda_label_sources_name_one_label_and_its_sections():
    # A search of openFDA by generic name returns one of hundreds of labels, a different one over
    # time: every label source is one label (a DailyMed set ID or openFDA's set_id), with its sections.
    for page in MedicationPage.objects.all():
        label_sources = [
            (item.source_citation, item.source_url)
            for item in page.interactions.all()
            if "fda.gov/drug/label" in item.source_url or "dailymed" in item.source_url
        ]
        label_sources += [
            (block.value["citation"], block.value["url"])
            for block in page.references
            if "fda.gov/drug/label" in block.value["url"] or "dailymed" in block.value["url"]
        ]
        assert label_sources, page.title
        for citation, url in label_sources:
            assert "openfda.generic_name" not in url, (page.title, url)
            assert "setid=" in url or "set_id" in url, (page.title, url)
            sections = citation.split(":")[-1]
            assert any(char.isdigit() for char in sections) or "Medication Guide" in sections, citation


def test_calcium_lists_every_medicine_the_ods_consumer_sheet_names(client):
    text = page_text(client.get("/nutrition/calcium/"))
    for medicine in (
        "Antibiotics called tetracyclines, such as doxycycline",
        "Phenytoin (Dilantin), a seizure medicine",
        "Steroid medicines (glucocorticoids), such as prednisone, taken for months",
        "Antacids that contain aluminum or magnesium",
        "Mineral oil and stimulant laxatives",
        "Osteoporosis medicines called bisphosphonates",
    ):
        assert medicine in text


def test_cyclobenzaprine_names_the_mao_inhibitors_medlineplus_and_fda_name(client):
    # Methylene blue and linezolid are MAO inhibitors too (FDA), and rasagiline is one for Parkinson's.
    text = page_text(client.get("/treatments/muscle-relaxants/"))
    for medicine in (
        "linezolid (Zyvox)",
        "methylene blue",
        "rasagiline (Azilect)",
        "tranylcypromine (Parnate)",
    ):
        assert medicine in text


def test_verapamil_is_named_as_the_label_names_it_not_as_a_serotonin_medicine(client):
    # The label lists verapamil among drugs with which serotonin syndrome has been reported.
    text = page_text(client.get("/treatments/muscle-relaxants/"))
    assert "Medicines that have caused serotonin syndrome when taken with cyclobenzaprine" in text
    assert "medicines that raise serotonin" not in text


def test_gabapentin_products_are_told_apart_and_not_to_be_swapped(client):
    # MedlinePlus and the once-daily label: the products are absorbed differently, not interchangeable.
    text = page_text(client.get("/treatments/anticonvulsants/"))
    assert "Gralise is only for nerve pain after shingles." in text
    assert (
        "Horizant (gabapentin enacarbil) is for restless legs syndrome and nerve pain after shingles." in text
    )
    assert "so one cannot be swapped for another" in text
    assert "Used for some seizures and for nerve pain." not in text


def test_gabapentin_asks_about_past_drug_misuse_first(client):
    # The label: evaluate patients for a history of drug abuse; the FDA: misuse with opioids is rising.
    text = page_text(client.get("/treatments/anticonvulsants/"))
    assert "have ever misused prescription medicines or street drugs" in text


def test_rare_causes_are_the_ones_medlineplus_lists_and_weakness_is_tied_to_als():
    causes = {
        cause.name: cause.explanation
        for cause in ConditionPage.objects.get(locale__language_code="en").causes.all()
    }
    other = causes["Other rare nerve and muscle conditions"]
    for condition in ("spinal muscular atrophy", "myopathy", "Isaacs syndrome"):
        assert condition in other
    assert "rare" in other
    # NHS describes motor neurone disease, not MS, as weakness that gets worse over time.
    assert "ALS also causes weakness that gets worse over time." in causes["Rare nerve conditions"]


def test_low_potassium_and_kidney_disease_are_said_to_be_medical_problems(client):
    # MedlinePlus lists them as medical conditions that cause metabolic disorders, not as diet.
    text = page_text(client.get("/conditions/muscle-twitching/"))
    assert "Low potassium or kidney disease: These are medical problems, not a matter of diet." in text


def test_tingling_is_listed_among_the_symptoms_as_nhs_lists_it(client):
    html = soup(client.get("/conditions/muscle-twitching/"))
    links = [link["href"] for link in html.select("#symptoms .symptom-list a")]
    assert "/symptoms/tingling-or-numbness/" in links
    assert "Some people also feel tingling or get cramps in the same spot." in page_text(
        client.get("/conditions/muscle-twitching/")
    )


def test_a_magnesium_shortfall_from_food_alone_is_said_to_be_uncommon(client):
    # ODS: symptomatic deficiency from low intake is uncommon in healthy people; the kidneys conserve it.
    text = page_text(client.get("/nutrition/magnesium/"))
    assert "In healthy people, a shortfall from food alone is uncommon" in text


def test_ultrasound_is_only_something_a_therapist_may_try(client):
    # NHS: other techniques such as ultrasound "may also be tried"; it claims no healing.
    text = page_text(client.get("/treatments/physical-therapy/"))
    assert "A therapist may sometimes try it." in text
    assert "try it to help an injury heal" not in text


@pytest.mark.parametrize(
    ("url", "claim"),
    [
        ("/treatments/home-remedies/", "Water keeps muscles from cramping"),
        ("/treatments/diet-for-muscle-health/", "drinking enough water prevents the cramps"),
        ("/treatments/stress-management/", "Managing stress matters as much as a good diet"),
        ("/treatments/stress-management/", "Muscles recover while you sleep"),
    ],
)
def test_claims_the_cited_sources_do_not_make_are_gone(client, url, claim):
    assert claim not in page_text(client.get(url))


def test_water_and_rest_are_said_to_help_as_medlineplus_and_nhs_say(client):
    assert "Drinking enough water can help prevent cramps" in page_text(
        client.get("/treatments/home-remedies/")
    )
    stress = page_text(client.get("/treatments/stress-management/"))
    assert "Tiredness can set off twitches, and plenty of rest can help stop them." in stress


def test_the_sweet_potato_is_described_as_its_amount_was_measured(client):
    # FoodData Central 168483: baked in skin, flesh only; the skin's potassium is not counted.
    text = page_text(client.get("/nutrition/foods/sweet-potato/"))
    assert "A sweet potato baked in its skin is a good source of potassium." in text
    assert "eaten with its skin" not in text


def test_food_amounts_link_each_food_s_own_fooddata_central_page():
    links = {
        food.slug: [
            block.value["url"] for block in food.references if "fdc.nal.usda.gov" in block.value["url"]
        ]
        for food in Food.objects.all()
    }
    for slug, fdc_id in [
        ("almonds", 170567),
        ("banana", 173944),
        ("leafy-greens", 169238),
        ("spinach", 168463),
    ]:
        assert links[slug] == [f"https://fdc.nal.usda.gov/food-details/{fdc_id}/nutrients"]


def test_each_almond_figure_says_which_almonds_it_is_for(client):
    text = page_text(client.get("/nutrition/foods/almonds/"))
    assert "1 ounce raw almonds (about 23)" in text and "1 ounce dry-roasted almonds" in text


@pytest.mark.parametrize(
    ("slug", "source"),
    [
        ("diet-for-muscle-health", "https://ods.od.nih.gov/factsheets/Calcium-Consumer/"),
        ("diet-for-muscle-health", "https://ods.od.nih.gov/factsheets/Potassium-Consumer/"),
        ("stress-management", "https://www.nhs.uk/conditions/twitching-eyes-and-muscles/"),
        ("muscle-twitching", "https://medlineplus.gov/ency/article/003193.htm"),
    ],
)
def test_each_page_cites_the_source_of_what_it_says(slug, source):
    # The diet page names calcium and potassium foods, the stress page says stress triggers
    # twitching (NHS), and the condition page names dehydration as a cause (MedlinePlus cramps).
    page = Page.objects.get(slug=slug).specific
    assert source in [block.value["url"] for block in page.references]
