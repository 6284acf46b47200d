"""Every page the portal ships reads at US school grade 8 or lower, in US English."""

import re

from wagtail.models import Page

import pytest

from nutrition.models import Food
from portal.core.readability import TARGET_GRADE, reading_grade
from portal.models import Symptom
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


def shipped_page_urls():
    """Every page of the shipped site: the page tree, and each symptom's and food's page."""
    pages = [page.url for page in Page.objects.live().filter(depth__gt=1)]
    symptoms = [f"/symptoms/{symptom.slug}/" for symptom in Symptom.objects.all()]
    foods = [f"/nutrition/foods/{food.slug}/" for food in Food.objects.all()]
    return pages + symptoms + foods


def grades(client):
    return {url: reading_grade(reading_text(client.get(url))) for url in shipped_page_urls()}


def test_every_shipped_page_reads_at_grade_8_or_lower(client):
    measured = grades(client)
    too_hard = {url: grade for url, grade in measured.items() if grade is not None and grade > TARGET_GRADE}
    assert not too_hard, f"above grade {TARGET_GRADE}: {too_hard}"
    assert len(measured) > 30


def test_every_shipped_page_is_in_us_english(client):
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, BRITISH_WORDS)) + r")\b", re.IGNORECASE)
    found = {}
    for url in shipped_page_urls():
        words = set(pattern.findall(reading_text(client.get(url))))
        if words:
            found[url] = sorted(words)
    assert not found, f"British spellings: {found}"


def test_the_reading_text_ends_each_list_item_and_heading_as_a_sentence(client):
    text = reading_text(client.get("/conditions/muscle-twitching/"))
    assert "Causes. " in text
    assert "Page last reviewed" not in text
