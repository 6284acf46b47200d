"""Every page the portal ships reads at US school grade 8 or lower, the English in US English and
the Spanish also at a Fernández-Huerta reading ease of 60 ("normal") or more."""

import re

from wagtail.models import Page

import pytest
from textstat.textstat import textstatistics

from nutrition.models import Food, NutrientIndexPage
from portal.core.readability import TARGET_GRADE, reading_grade
from portal.models import Symptom, SymptomIndexPage
from tests.html import reading_text

pytestmark = pytest.mark.django_db

# British spellings and words a US reader would trip over.
BRITISH_WORDS = [
    "fibre",
    "diarrhoea",
    "practise",
    "practising",
    "paraesthesia",
    "physio",
    "sweets",
    "tablets",
    "colour",
    "behaviour",
    "programme",
    "haemoglobin",
    "oestrogen",
    "GP",
    "A&E",
    "paracetamol",
    "leaflet",
    "light-headed",
]


# Fernández-Huerta's reading ease for Spanish: 60 to 70 reads as "normal", above 70 as easy.
SPANISH_EASE_FLOOR = 60


def shipped_page_urls(language):
    """Every page of the shipped site in the language: the page tree, and each symptom's and food's page."""
    in_language = {"locale__language_code": language}
    pages = [page.url for page in Page.objects.live().filter(depth__gt=1, **in_language)]
    symptoms_url = SymptomIndexPage.objects.get(**in_language).url
    foods_url = NutrientIndexPage.objects.get(**in_language).url + "foods/"
    symptoms = [f"{symptoms_url}{symptom.slug}/" for symptom in Symptom.objects.filter(**in_language)]
    foods = [f"{foods_url}{food.slug}/" for food in Food.objects.filter(**in_language)]
    return pages + symptoms + foods


def grades(client, language):
    return {
        url: reading_grade(reading_text(client.get(url)), language) for url in shipped_page_urls(language)
    }


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_shipped_page_reads_at_grade_8_or_lower(client, language):
    measured = grades(client, language)
    too_hard = {url: grade for url, grade in measured.items() if grade is not None and grade > TARGET_GRADE}
    assert not too_hard, f"above grade {TARGET_GRADE}: {too_hard}"
    assert len(measured) > 30


def test_every_shipped_spanish_page_reads_with_normal_ease_or_easier(client):
    spanish = textstatistics()
    spanish.set_lang("es")
    ease = {url: spanish.fernandez_huerta(reading_text(client.get(url))) for url in shipped_page_urls("es")}
    too_hard = {url: score for url, score in ease.items() if score < SPANISH_EASE_FLOOR}
    assert not too_hard, f"Fernández-Huerta below {SPANISH_EASE_FLOOR}: {too_hard}"


def test_every_shipped_page_is_in_us_english(client):
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, BRITISH_WORDS)) + r")\b", re.IGNORECASE)
    found = {}
    for url in shipped_page_urls("en"):
        words = set(pattern.findall(reading_text(client.get(url))))
        if words:
            found[url] = sorted(words)
    assert not found, f"British spellings: {found}"


def test_the_reading_text_ends_each_list_item_and_heading_as_a_sentence(client):
    text = reading_text(client.get("/conditions/muscle-twitching/"))
    assert "Causes. " in text
    assert "Page last reviewed" not in text
