import datetime
import re
from http import HTTPStatus

from django.core.exceptions import ValidationError

from wagtail.models import Locale, get_page_models

import pytest

from portal.core.pages import BasePage
from portal.models import (
    AboutContentPage,
    ConditionIndexPage,
    ConditionPage,
    HomePage,
    Symptom,
    SymptomIndexPage,
)
from tests.admin import create_through_admin, inline_formset, reference_fields, rich_text, streamfield
from tests.html import page_text, soup
from tests.nutrition.factories import NutrientPageFactory
from tests.portal.factories import ConditionPageFactory, SymptomFactory
from tests.treatments.factories import MedicationPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "parents", "children"),
    [
        (
            HomePage,
            {"wagtailcore.page"},
            {
                "portal.conditionindexpage",
                "portal.symptomindexpage",
                "portal.aboutcontentpage",
                "treatments.treatmentindexpage",
                "nutrition.nutrientindexpage",
            },
        ),
        (ConditionIndexPage, {"portal.homepage"}, {"portal.conditionpage"}),
        (ConditionPage, {"portal.conditionindexpage"}, set()),
        (SymptomIndexPage, {"portal.homepage"}, set()),
        (AboutContentPage, {"portal.homepage"}, set()),
    ],
)
def test_creation_rules(model, parents, children):
    label = lambda models: {m._meta.label_lower for m in models}  # noqa: E731
    assert label(model.allowed_parent_page_models()) == parents
    assert label(model.allowed_subpage_models()) == children


def test_every_page_type_inherits_the_base_page():
    """Approval-only publishing and cached view restrictions hold for every page, not just clinical ones."""
    page_types = [model for model in get_page_models() if model._meta.app_label != "wagtailcore"]
    assert page_types
    assert [model for model in page_types if not issubclass(model, BasePage)] == []


def test_home_page_says_what_the_portal_covers_and_links_its_sections(client):
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    text = page_text(response)
    assert "muscle twitching" in text.lower()
    for topic in ("treatments", "nutrients", "calcium, magnesium and potassium"):
        assert topic in text.lower()
    links = {a.get_text(strip=True) for a in soup(response).select("main a")}
    assert {"Conditions", "Symptoms A to Z", "Treatments", "Nutrition", "Muscle twitching"} <= links
    assert soup(response).select_one("header form[role=search] input[name=q]")


def test_condition_index_lists_its_conditions(client, condition_index):
    ConditionPageFactory(parent=condition_index, title="Restless legs")
    text = page_text(client.get(condition_index.url))
    assert "Muscle twitching" in text and "Restless legs" in text


def test_condition_page_shows_its_structured_content(client):
    page = ConditionPage.objects.get(slug="muscle-twitching")
    response = client.get(page.url)
    html = soup(response)
    text = page_text(response)
    assert html.h1.get_text() == "Muscle twitching"
    callout = html.select_one("#when-to-seek-help")
    assert "you have had a twitch for more than 2 weeks" in callout.get_text()
    assert callout.select_one(".care-card--urgent .visually-hidden").get_text() == "Urgent advice: "
    assert [h.get_text() for h in html.select("#treatments h3")] == [
        "Home remedies",
        "Lifestyle changes",
        "Physical therapy",
        "Medications",
    ]
    assert "Eyelid twitching (myokymia)" in text
    assert "Found in: almonds, dairy products, leafy greens." in text
    assert "This page has not yet been checked by a clinician." in text
    assert "Page last reviewed" not in text and "Reviewed by" not in text
    assert html.select("ol.references li a[href^='https://medlineplus.gov/']")
    assert "Medical disclaimer" in html.footer.get_text()


def test_overdue_page_says_so_and_stays_published(client, condition_index):
    page = ConditionPageFactory(
        parent=condition_index,
        last_reviewed=datetime.date(2020, 3, 1),
        next_review_due=datetime.date(2021, 3, 1),
    )
    response = client.get(page.url)
    assert response.status_code == HTTPStatus.OK
    assert "This page is due for review. It was last checked on 1 March 2020" in page_text(response)


def test_review_due_date_must_follow_the_last_review(condition_index):
    page = ConditionPageFactory.build(
        last_reviewed=datetime.date(2026, 5, 1), next_review_due=datetime.date(2026, 4, 1)
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "next_review_due" in error.value.message_dict


def test_symptom_index_lists_symptoms_a_to_z_and_each_symptom_shows_both_sides(client, symptom_index):
    response = client.get(symptom_index.url)
    letters = [h.get_text() for h in soup(response).select("main h2")]
    assert letters == sorted(letters) and "E" in letters
    symptom_page = client.get(symptom_index.url + "muscle-cramp/")
    text = page_text(symptom_page)
    assert "Muscle twitching" in text  # the condition with it
    assert {"Calcium", "Magnesium", "Potassium"} <= {
        a.get_text() for a in soup(symptom_page).select("main a")
    }
    assert "Home remedies for muscle twitching" in text  # what helps
    assert client.get(symptom_index.url + "no-such-symptom/").status_code == HTTPStatus.NOT_FOUND


def test_a_long_symptom_list_is_shown_one_letter_at_a_time(client, symptom_index, monkeypatch):
    monkeypatch.setattr(Symptom, "A_TO_Z_ON_ONE_PAGE", 3)
    SymptomFactory(name="Aching calves")
    SymptomFactory(name="Zigzag vision", medical_term="scintillating scotoma")
    first = soup(client.get(symptom_index.url))
    letter_links = {a.get_text(): a["href"] for a in first.select("nav.az-nav a")}
    assert list(letter_links) == sorted(letter_links) and {"A", "E", "Z"} <= set(letter_links)
    assert [h.get_text(" ", strip=True) for h in first.select("main h2")] == ["Symptoms beginning with A"]
    assert "Aching calves" in first.select_one("main .az-list").get_text()
    assert first.select_one('nav.az-nav a[aria-current="page"]').get_text() == "A"

    response = client.get(letter_links["Z"])
    page = soup(response)
    assert letter_links["Z"] == symptom_index.url + "letter/z/"
    assert [a.get_text() for a in page.select("main .az-list a")] == ["Zigzag vision"]
    assert page.select_one('nav.az-nav a[aria-current="page"]').get_text() == "Z"
    assert "scintillating scotoma" in page_text(response)
    assert client.get(page.select_one("main .az-list a")["href"]).status_code == HTTPStatus.OK
    assert client.get(symptom_index.url + "letter/q/").status_code == HTTPStatus.NOT_FOUND
    assert client.get(symptom_index.url + "letter/zz/").status_code == HTTPStatus.NOT_FOUND


def test_a_short_symptom_list_links_its_letters_within_the_page(client, symptom_index):
    page = soup(client.get(symptom_index.url))
    for link in page.select("nav.az-nav a"):
        assert page.select_one(link["href"]) is not None
    assert not page.select("nav.az-nav [aria-current]")


def test_about_page_renders_its_body(client):
    page = AboutContentPage.objects.get(locale__language_code="en")
    assert "A clinical reviewer checks a page against those sources before signing it off." in page_text(
        client.get(page.url)
    )


def test_condition_search_index_carries_symptom_words():
    english = ConditionPage.objects.live().filter(locale=Locale.objects.get(language_code="en"))
    results = english.search("fasciculation")
    assert [page.slug for page in results] == ["muscle-twitching"]
    assert list(ConditionPage.objects.live().search("caffeine"))


def test_editor_can_create_a_condition_page_through_the_admin(
    admin_client, condition_index, treatment_index, nutrient_index
):
    symptom = SymptomFactory()
    medication = MedicationPageFactory(parent=treatment_index)
    nutrient = NutrientPageFactory(parent=nutrient_index)
    page = create_through_admin(
        admin_client,
        condition_index,
        ConditionPage,
        {
            "title": "Night cramps",
            "summary": "Painful cramps at night.",
            "overview": rich_text("<p>Cramps that wake you up.</p>"),
            "causes_intro": "",
            "causes": inline_formset(
                [{"name": "Dehydration", "category": "nutrition", "explanation": "Too little water."}], min=1
            ),
            "symptoms_description": rich_text(""),
            "when_to_seek_help": "",
            "warning_signs": inline_formset([{"sign": "cramps last for hours", "urgency": "urgent"}], min=1),
            "body": streamfield([]),
            "symptom_links": inline_formset([{"symptom": symptom.pk}]),
            "treatments_intro": "",
            "treatment_links": inline_formset([{"treatment": medication.pk, "note": "Eases cramps."}]),
            "nutrition_intro": "",
            "nutrient_links": inline_formset([{"nutrient": nutrient.pk, "note": ""}]),
            **reference_fields(),
        },
    )
    assert page.live
    assert [link.symptom for link in page.symptom_links.all()] == [symptom]
    assert page.treatment_links.get().treatment_id == medication.pk
    assert not page.is_signed_off  # approved without a clinician's sign-off


def test_admin_edit_view_groups_panels_in_tabs(admin_client):
    page = ConditionPage.objects.get(slug="muscle-twitching")
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == HTTPStatus.OK
    tabs = [re.sub(r"\(\d*\)$", "", tab.get_text(strip=True)) for tab in soup(response).select("[role=tab]")]
    assert tabs[:4] == ["Content", "Related content", "Sign-off and references", "Promote"]
