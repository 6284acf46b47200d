"""Nutrient pages say how much is too much, who should ask a doctor first, and which medicines a
supplement interacts with: as data editors keep in the admin, shown as a table and in JSON-LD."""

import json

from wagtail.models import Page

import pytest

from nutrition.models import NutrientPage, UpperLimit
from tests.admin import create_through_admin, inline_formset, reference_fields, rich_text, streamfield
from tests.html import page_text, soup
from tests.nutrition.factories import NutrientPageFactory, SupplementInteractionFactory, UpperLimitFactory

pytestmark = pytest.mark.django_db


def json_ld(response):
    return json.loads(soup(response).select_one('script[type="application/ld+json"]').string)


def limits_table(response):
    section = soup(response).select_one("#upper-limits-heading").find_parent("section")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        for row in section.select("tbody tr")
    ]


@pytest.fixture
def nutrient(nutrient_index):
    page = NutrientPageFactory(
        parent=nutrient_index,
        title="Testium",
        upper_limits_intro="Too much testium can upset your stomach.",
        upper_limits_source="Test upper limits",
        supplement_cautions="<p>You have kidney disease.</p>",
    )
    UpperLimitFactory(page=page, age_group="Children 1–8 years", amount=2500, applies_to="all")
    UpperLimitFactory(
        page=page,
        age_group="Adults 19 years and over",
        amount=350,
        applies_to="supplements",
        notes="Also in pregnancy",
    )
    page.save_revision().publish()
    return page


def test_upper_limits_are_a_table_that_says_what_each_limit_counts(client, nutrient):
    response = client.get(nutrient.url)
    assert limits_table(response) == [
        ["Children 1–8 years", "2,500 mg", "Food, drinks and supplements together"],
        ["Adults 19 years and over", "350 mg", "Supplements and medicines only, not food. Also in pregnancy"],
    ]
    text = page_text(response)
    assert "How much is too much" in text
    assert "Upper limits for testium a day (Test upper limits)" in text
    assert "Ask a doctor before you take a supplement if You have kidney disease." in text


def test_a_nutrient_without_an_upper_limit_says_so(client, nutrient_index):
    page = NutrientPageFactory(parent=nutrient_index, title="Nolimitium", no_upper_limit=True)
    text = page_text(client.get(page.url))
    assert "No upper limit has been set for nolimitium." in text


def test_a_nutrient_whose_limits_are_not_entered_yet_claims_nothing(client, nutrient_index):
    page = NutrientPageFactory(parent=nutrient_index, title="Unknownium")
    response = client.get(page.url)
    assert soup(response).select_one("#upper-limits-heading") is None


def test_json_ld_carries_the_upper_limits_as_maximum_intake(client, nutrient):
    about = json_ld(client.get(nutrient.url))["about"]
    assert about["@type"] == "Substance"
    assert about["maximumIntake"][1] == {
        "@type": "MaximumDoseSchedule",
        "doseValue": 350,
        "doseUnit": "mg",
        "frequency": "daily",
        "targetPopulation": "Adults 19 years and over",
    }


def test_the_nutrient_page_lists_the_medicines_its_supplements_interact_with(client, nutrient):
    SupplementInteractionFactory(
        page=nutrient,
        interacts_with="Thyroid medicine (levothyroxine)",
        action="separate",
        separate_hours=4,
        advice="Testium stops the thyroid medicine from being taken in well.",
    )
    nutrient.save_revision().publish()
    response = client.get(nutrient.url)
    text = page_text(response)
    assert (
        "Thyroid medicine (levothyroxine) (moderate): Testium stops the thyroid medicine from being taken in well. "
        "Take them at least 4 hours apart." in text
    )
    section = soup(response).select_one("#interactions-heading").find_parent("section")
    assert section.select_one("a[href='https://ods.od.nih.gov/factsheets/list-all/']")


def test_search_finds_a_nutrient_by_the_medicine_its_supplements_interact_with(client, nutrient):
    SupplementInteractionFactory(page=nutrient, interacts_with="Quinolone antibiotics such as ciprofloxacin")
    nutrient.save_revision().publish()
    assert nutrient.pk in [page.pk for page in Page.objects.live().search("ciprofloxacin")]


def nutrient_form(title, upper_limits, **fields):
    return {
        "title": title,
        "summary": "Helps test muscles.",
        "role_in_muscle_health": rich_text("<p>Helps muscles.</p>"),
        "shortfall_description": rich_text(""),
        "daily_amounts": inline_formset([]),
        "daily_amounts_source": "",
        "food_sources_intro": "",
        "upper_limits_intro": "Too much can upset your stomach.",
        "upper_limits": inline_formset(upper_limits),
        "upper_limits_source": "",
        "supplement_cautions": rich_text("<p>You have kidney disease.</p>"),
        "supplement_interactions": inline_formset(
            [
                {
                    "interacts_with": "Osteoporosis medicines (bisphosphonates)",
                    "severity": "moderate",
                    "action": "separate",
                    "separate_hours": "2",
                    "timing": "",
                    "advice": "It stops them being taken in well.",
                    "source_citation": "NIH Office of Dietary Supplements.",
                    "source_url": "https://ods.od.nih.gov/",
                }
            ]
        ),
        "body": streamfield([]),
        "shortfall_symptom_links": inline_formset([]),
        **reference_fields(),
        **fields,
    }


ADULT_LIMIT = {"age_group": "Adults", "amount": "350", "unit": "mg", "applies_to": "supplements", "notes": ""}


def test_an_editor_adds_upper_limits_and_interactions_in_the_admin(admin_client, nutrient_index):
    page = create_through_admin(
        admin_client, nutrient_index, NutrientPage, nutrient_form("Editium", [ADULT_LIMIT])
    )
    limit = page.upper_limits.get()
    assert (limit.age_group, limit.amount, limit.applies_to) == ("Adults", 350, "supplements")
    assert page.supplement_interactions.get().separate_hours == 2


def test_the_admin_refuses_upper_limits_on_a_page_that_says_there_are_none(admin_client, nutrient_index):
    with pytest.raises(AssertionError, match="cannot list limits and say none is set"):
        create_through_admin(
            admin_client,
            nutrient_index,
            NutrientPage,
            nutrient_form("Contradictium", [ADULT_LIMIT], no_upper_limit="on"),
        )
    assert not UpperLimit.objects.filter(page__title="Contradictium").exists()
    page = create_through_admin(
        admin_client, nutrient_index, NutrientPage, nutrient_form("Nolimitium", [], no_upper_limit="on")
    )
    assert page.no_upper_limit and not page.upper_limits.exists()


def test_the_shipped_upper_limits_say_what_each_counts_as_ods_gives_them(client):
    calcium = limits_table(client.get("/nutrition/calcium/"))
    assert calcium[4][:2] == ["Adults 19–50 years", "2,500 mg"]
    assert calcium[5] == ["Adults 51 years and over", "2,000 mg", "Food, drinks and supplements together"]
    magnesium = limits_table(client.get("/nutrition/magnesium/"))
    assert {row[2].split(".")[0] for row in magnesium} == {"Supplements and medicines only, not food"}
    assert magnesium[-1][:2] == ["Ages 9 years and over", "350 mg"]
    potassium = client.get("/nutrition/potassium/")
    assert limits_table(potassium) == []
    assert "No upper limit has been set for potassium." in page_text(potassium)


@pytest.mark.parametrize("slug", ["calcium", "magnesium", "potassium"])
def test_every_shipped_nutrient_says_who_should_ask_a_doctor_before_a_supplement(client, slug):
    text = page_text(client.get(f"/nutrition/{slug}/"))
    assert "Ask a doctor before you take a supplement if" in text
    assert "Medicines it interacts with" in text
