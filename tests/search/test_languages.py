"""Search in each language: a patient on /es/search/ finds only Spanish pages, with Spanish words,
stemming, synonyms and corrections; on /search/ only English ones; accents are optional."""

import json
from http import HTTPStatus

from django.db import connection
from django.test import RequestFactory
from django.utils import translation

from wagtail.search.models import IndexEntry

import pytest

from portal.core.snippets import Symptom
from portal.search.patient_search import PatientSearch
from portal.search.text import fold_accents, highlight, meaningful_words
from portal.search.vocabulary import get_vocabulary
from tests.html import soup

pytestmark = pytest.mark.django_db


def result_links(response):
    assert response.status_code == HTTPStatus.OK
    return [item.h2.a["href"] for item in soup(response).select("main ol.search-results > li")]


def search(language, phrase):
    with translation.override(language):
        request = RequestFactory().get("/es/search/" if language == "es" else "/search/")
        return PatientSearch(request).search(phrase)


# "banana" and "yoga" are words of both languages' content.
@pytest.mark.parametrize("phrase", ["banana", "yoga", "magnesio", "magnesium"])
def test_each_address_finds_only_its_own_language(client, phrase):
    spanish = result_links(client.get("/es/search/", {"q": phrase}))
    english = result_links(client.get("/search/", {"q": phrase}))
    assert all(link.startswith("/es/") for link in spanish), spanish
    assert not any(link.startswith("/es/") for link in english), english
    assert spanish or english


def test_suggestions_are_in_the_language_of_the_address(client):
    spanish = json.loads(client.get("/es/search/suggest/", {"q": "mag"}).content)["suggestions"]
    english = json.loads(client.get("/search/suggest/", {"q": "mag"}).content)["suggestions"]
    assert "Magnesio" in [item["title"] for item in spanish]
    assert all(item["url"].startswith("/es/") for item in spanish)
    assert "Magnesium" in [item["title"] for item in english]
    assert not any(item["url"].startswith("/es/") for item in english)


@pytest.mark.parametrize(
    ("with_accents", "without"),
    [
        ("plátano", "platano"),
        ("músculo", "musculo"),
        ("estrés", "estres"),
        ("fasciculación", "fasciculacion"),
    ],
)
def test_accents_are_optional(with_accents, without):
    found_with = [result.url for result in search("es", with_accents).results[:5]]
    found_without = [result.url for result in search("es", without).results[:5]]
    assert found_with and found_with == found_without


def test_an_accent_left_out_is_not_a_misspelling():
    assert search("es", "platano").suggestion is None


def test_did_you_mean_comes_from_the_vocabulary_of_the_language():
    assert search("es", "magensio").suggestion == "magnesio"
    assert search("en", "magnesim").suggestion == "magnesium"


def test_a_correction_keeps_the_accents_the_content_spells():
    assert search("es", "platanno").suggestion == "plátano"


def test_a_spanish_function_word_is_not_corrected():
    assert search("es", "cuánto magnesio necesito al día").suggestion is None


def test_each_language_keeps_its_own_vocabulary_and_synonyms():
    with translation.override("es"):
        spanish = get_vocabulary()
    with translation.override("en"):
        english = get_vocabulary()
    assert "potasio" in spanish.known and "potasio" not in english.known
    assert "potassium" in english.known and "potassium" not in spanish.known
    assert "espasmo" in spanish.expand("calambres")
    assert "calambre" in spanish.expand("tiron")
    assert "spasm" in english.expand("cramps")
    assert spanish.expand("cramps") == []


def test_spanish_function_words_are_quiet():
    assert meaningful_words("me tiembla el párpado", "es") == ["tiembla", "párpado"]
    assert meaningful_words("cuánto magnesio necesito al día", "es") == ["magnesio", "día"]


def test_accents_are_folded_letter_for_letter_and_marked_either_way():
    assert fold_accents("Plátano, año, pingüino") == "Platano, ano, pinguino"
    assert highlight("Plátano (banana)", ["platano"]) == "<mark>Plátano</mark> (banana)"
    assert highlight("Platano", ["plátano"]) == "<mark>Platano</mark>"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's text search configurations")
def test_spanish_is_indexed_with_spanish_stemming_and_without_accents():
    cramp = Symptom.objects.get(slug="calambre-muscular", locale__language_code="es")
    entry = IndexEntry.objects.get(object_id=str(cramp.pk), content_type__model="symptom")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT body @@ plainto_tsquery('spanish', %s), body @@ plainto_tsquery('spanish', %s)"
            " FROM wagtailsearch_indexentry WHERE id = %s",
            ["calambres", "musculo acalambrado", entry.pk],
        )
        spanish_stem, without_accents = cursor.fetchone()
    assert spanish_stem and without_accents
    with connection.cursor() as cursor:
        cursor.execute("SELECT plainto_tsquery('spanish', 'contracciones')::text")
        (stemmed,) = cursor.fetchone()
    assert stemmed == "'contraccion'"
    assert search("es", "contracción").results[0].url == search("es", "contracciones").results[0].url
