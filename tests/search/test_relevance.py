"""Patients' own phrasings must find the right page in the top three, in English and in Spanish, on
SQLite and PostgreSQL (CI runs tests/search on both).

Each language is searched as a patient on its own address would: /search/ in English, /es/search/
in Spanish.

With RELEVANCE_CORPUS_PAGES=N (PostgreSQL only) the phrasings are searched with N generated pages
added to the shipped content (`generate_corpus --pages N`), as a large site would hold: many titles,
symptoms and foods sharing the patients' common words. The corpus is made once for this module
inside a transaction that is rolled back after it, so no other test sees it.
"""

import io
import os

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.test import RequestFactory
from django.utils import translation

from wagtail.search.models import IndexEntry

import pytest

from portal.models import ConditionPage
from portal.search.matching import postgresql
from portal.search.patient_search import PatientSearch
from tests.portal.factories import ConditionPageFactory

pytestmark = pytest.mark.django_db

CORPUS_PAGES = int(os.environ.get("RELEVANCE_CORPUS_PAGES") or 0)


class _CorpusRolledBack(Exception):
    """Leaves the transaction holding the generated corpus, undoing it."""


@pytest.fixture(scope="module", autouse=True)
def generated_corpus(django_db_setup, django_db_blocker):
    """RELEVANCE_CORPUS_PAGES generated pages, for this module only: every test of the module runs
    inside the transaction that made them (each test's own transaction is a savepoint of it), and
    rolling it back afterwards leaves the database as the session loaded it."""
    if not CORPUS_PAGES:
        yield
        return
    if connection.vendor != "postgresql":
        pytest.skip("RELEVANCE_CORPUS_PAGES measures relevance at scale on PostgreSQL: set DATABASE_URL")
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                call_command(
                    "generate_corpus", pages=CORPUS_PAGES, stdout=io.StringIO(), stderr=io.StringIO()
                )
                yield
                raise _CorpusRolledBack
        except _CorpusRolledBack:
            pass


CONDITION = "/conditions/muscle-twitching/"
SYMPTOM = "/symptoms/"
NUTRIENT = "/nutrition/"
FOOD = "/nutrition/foods/"
TREATMENT = "/treatments/"

ENGLISH_PHRASINGS = [
    # Symptoms, in lay words and medical terms
    ("eyelid twitching", "/conditions/muscle-twitching/"),
    ("eyelid twitching", "/symptoms/eyelid-twitching/"),
    ("my eyelid keeps jumping", "/conditions/muscle-twitching/"),
    ("muscle jumping", "/conditions/muscle-twitching/"),
    ("fasciculation", "/conditions/muscle-twitching/"),
    ("cramps at night", "/symptoms/muscle-cramp/"),
    ("leg cramps", "/symptoms/muscle-cramp/"),
    ("tired muscles", "/symptoms/muscle-fatigue/"),
    ("weakness", "/symptoms/muscle-weakness/"),
    # Misspellings
    ("magnesim", "/nutrition/magnesium/"),
    ("potasium", "/nutrition/potassium/"),
    ("twiching", "/conditions/muscle-twitching/"),
    # Foods and nutrients
    ("banana", "/nutrition/foods/banana/"),
    ("banana", "/nutrition/potassium/"),
    ("bananas", "/nutrition/potassium/"),
    ("foods with potassium", "/nutrition/potassium/"),
    ("spinach", "/nutrition/magnesium/"),
    ("almonds", "/nutrition/calcium/"),
    ("sweet potato", "/nutrition/potassium/"),
    ("dairy", "/nutrition/calcium/"),
    ("whole grains", "/nutrition/magnesium/"),
    # Medicines by generic and brand name
    ("Flexeril", "/treatments/muscle-relaxants/"),
    ("cyclobenzaprine", "/treatments/muscle-relaxants/"),
    ("gabapentin", "/treatments/anticonvulsants/"),
    ("Neurontin", "/treatments/anticonvulsants/"),
    ("muscle relaxer", "/treatments/muscle-relaxants/"),
    # Treatments in patients' words
    ("physio", "/treatments/physical-therapy/"),
    ("electrical stimulation", "/treatments/physical-therapy/"),
    ("meditation", "/treatments/stress-management/"),
    ("yoga", "/treatments/home-remedies/"),
    # Causes
    ("caffeine", "/conditions/muscle-twitching/"),
    ("lack of sleep", "/conditions/muscle-twitching/"),
    ("dehydration", "/conditions/muscle-twitching/"),
    ("multiple sclerosis", "/conditions/muscle-twitching/"),
    ("stress", "/treatments/stress-management/"),
    # Worry
    ("when to see a doctor", "/conditions/muscle-twitching/"),
    # More symptoms, in lay words and medical terms
    ("eye twitch", SYMPTOM + "eyelid-twitching/"),
    ("my eye keeps twitching", SYMPTOM + "eyelid-twitching/"),
    ("twitching eye", SYMPTOM + "eyelid-twitching/"),
    ("myokymia", SYMPTOM + "eyelid-twitching/"),
    ("charley horse", SYMPTOM + "muscle-cramp/"),
    ("night cramps", SYMPTOM + "muscle-cramp/"),
    ("cramp in my calf", SYMPTOM + "muscle-cramp/"),
    ("calf cramps", SYMPTOM + "muscle-cramp/"),
    ("muscle knot", SYMPTOM + "muscle-spasm/"),
    ("spasms", SYMPTOM + "muscle-spasm/"),
    ("muscle tightening", SYMPTOM + "muscle-spasm/"),
    ("heavy muscles", SYMPTOM + "muscle-fatigue/"),
    ("muscles feel tired", SYMPTOM + "muscle-fatigue/"),
    ("weak grip", SYMPTOM + "muscle-weakness/"),
    ("loss of strength", SYMPTOM + "muscle-weakness/"),
    ("I can't lift things", SYMPTOM + "muscle-weakness/"),
    ("stiff muscles", SYMPTOM + "change-in-muscle-tone/"),
    ("floppy muscles", SYMPTOM + "change-in-muscle-tone/"),
    ("muscle stiffness", SYMPTOM + "change-in-muscle-tone/"),
    ("muscle loss", SYMPTOM + "muscle-wasting/"),
    ("muscle atrophy", SYMPTOM + "muscle-wasting/"),
    ("shrinking muscle", SYMPTOM + "muscle-wasting/"),
    ("pins and needles", SYMPTOM + "tingling-or-numbness/"),
    ("numb hands", SYMPTOM + "tingling-or-numbness/"),
    ("tingling", SYMPTOM + "tingling-or-numbness/"),
    ("paresthesia", SYMPTOM + "tingling-or-numbness/"),
    ("twitchy muscles", CONDITION),
    ("muscle twitching", CONDITION),
    ("twitching all over my body", CONDITION),
    ("muscle flicker", CONDITION),
    ("calcum", NUTRIENT + "calcium/"),
    ("magneisum", NUTRIENT + "magnesium/"),
    ("cyclobenzaprin", TREATMENT + "muscle-relaxants/"),
    ("gabapentn", TREATMENT + "anticonvulsants/"),
    ("fasiculation", CONDITION),
    ("eyelid twiching", SYMPTOM + "eyelid-twitching/"),
    ("bananna", FOOD + "banana/"),
    ("spinnach", NUTRIENT + "magnesium/"),
    ("avocado", NUTRIENT + "potassium/"),
    ("milk", NUTRIENT + "calcium/"),
    ("cheese", NUTRIENT + "calcium/"),
    ("yogurt", NUTRIENT + "calcium/"),
    ("kale", NUTRIENT + "calcium/"),
    ("pumpkin seeds", NUTRIENT + "magnesium/"),
    ("peanut butter", NUTRIENT + "magnesium/"),
    ("brown rice", NUTRIENT + "magnesium/"),
    ("oats", NUTRIENT + "magnesium/"),
    ("guacamole", FOOD + "avocado/"),
    ("yams", FOOD + "sweet-potato/"),
    ("foods rich in magnesium", NUTRIENT + "magnesium/"),
    ("calcium rich foods", NUTRIENT + "calcium/"),
    ("magnesium supplements", NUTRIENT + "magnesium/"),
    ("potassium foods", NUTRIENT + "potassium/"),
    ("how much magnesium per day", NUTRIENT + "magnesium/"),
    ("how much calcium do I need", NUTRIENT + "calcium/"),
    ("daily potassium intake", NUTRIENT + "potassium/"),
    ("recommended daily calcium", NUTRIENT + "calcium/"),
    ("magnesium daily amount", NUTRIENT + "magnesium/"),
    ("Amrix", TREATMENT + "muscle-relaxants/"),
    ("Gralise", TREATMENT + "anticonvulsants/"),
    ("muscle relaxants side effects", TREATMENT + "muscle-relaxants/"),
    ("anticonvulsants", TREATMENT + "anticonvulsants/"),
    ("seizure medicine", TREATMENT + "anticonvulsants/"),
    ("nerve pain medication", TREATMENT + "anticonvulsants/"),
    ("gabapentin and alcohol", TREATMENT + "anticonvulsants/"),
    ("stretching exercises", TREATMENT + "physical-therapy/"),
    ("physical therapy for cramps", TREATMENT + "physical-therapy/"),
    ("yoga and meditation", TREATMENT + "stress-management/"),
    ("muscle relaxants or physical therapy", TREATMENT + "muscle-relaxants/"),
    ("muscle relaxants or physical therapy", TREATMENT + "physical-therapy/"),
    ("gabapentin vs cyclobenzaprine", TREATMENT + "anticonvulsants/"),
    ("gabapentin vs cyclobenzaprine", TREATMENT + "muscle-relaxants/"),
    ("deep breathing", TREATMENT + "home-remedies/"),
    ("drink more water", TREATMENT + "diet-for-muscle-health/"),
    ("diet for muscles", TREATMENT + "diet-for-muscle-health/"),
    ("eating for healthy muscles", TREATMENT + "diet-for-muscle-health/"),
    ("home remedies", TREATMENT + "home-remedies/"),
    ("stress relief", TREATMENT + "stress-management/"),
    ("mindfulness", TREATMENT + "stress-management/"),
    ("better sleep", TREATMENT + "stress-management/"),
    ("TENS", TREATMENT + "physical-therapy/"),
    ("ultrasound therapy", TREATMENT + "physical-therapy/"),
    ("anxiety", CONDITION),
    ("is muscle twitching serious", CONDITION),
    ("red flags", CONDITION),
    ("calcium and magnesium", NUTRIENT + "calcium/"),
    ("calcium and magnesium", NUTRIENT + "magnesium/"),
    ("magnesium for leg cramps", NUTRIENT + "magnesium/"),
    ("Maalox", TREATMENT + "anticonvulsants/"),
]


AFECCION = "/es/afecciones/contracciones-musculares/"
SINTOMA = "/es/sintomas/"
NUTRIENTE = "/es/nutricion/"
ALIMENTO = "/es/nutricion/foods/"
TRATAMIENTO = "/es/tratamientos/"

SPANISH_PHRASINGS = [
    ("me tiembla el párpado", SINTOMA + "espasmos-del-parpado/"),
    ("me tiembla el parpado", AFECCION),
    ("tic en el ojo", SINTOMA + "espasmos-del-parpado/"),
    ("me brinca el ojo", AFECCION),
    ("contracciones musculares", AFECCION),
    ("fasciculaciones", AFECCION),
    ("fasciculación", SINTOMA + "contracciones-musculares/"),
    ("músculo que brinca", SINTOMA + "contracciones-musculares/"),
    ("calambres en las piernas por la noche", AFECCION),
    ("calambres", SINTOMA + "calambre-muscular/"),
    ("calambre en la pantorrilla", SINTOMA + "calambre-muscular/"),
    ("tirón", SINTOMA + "calambre-muscular/"),
    ("espasmos", SINTOMA + "espasmo-muscular/"),
    ("músculos cansados", SINTOMA + "cansancio-muscular/"),
    ("debilidad", SINTOMA + "debilidad-muscular/"),
    ("hormigueo en las manos", SINTOMA + "hormigueo-o-entumecimiento/"),
    ("cuánto magnesio necesito al día", NUTRIENTE + "magnesio/"),
    ("platano potasio", NUTRIENTE + "potasio/"),
    ("plátano", ALIMENTO + "platano/"),
    ("platano", NUTRIENTE + "potasio/"),
    ("alimentos ricos en potasio", NUTRIENTE + "potasio/"),
    ("espinacas", NUTRIENTE + "magnesio/"),
    ("almendras", NUTRIENTE + "calcio/"),
    ("leche", NUTRIENTE + "calcio/"),
    ("aguacate", NUTRIENTE + "potasio/"),
    ("magensio", NUTRIENTE + "magnesio/"),
    ("potacio", NUTRIENTE + "potasio/"),
    ("calsio", NUTRIENTE + "calcio/"),
    ("relajantes musculares", TRATAMIENTO + "relajantes-musculares/"),
    ("relajante", TRATAMIENTO + "relajantes-musculares/"),
    ("ciclobenzaprina", TRATAMIENTO + "relajantes-musculares/"),
    ("gabapentina", TRATAMIENTO + "anticonvulsivos/"),
    ("Neurontin", TRATAMIENTO + "anticonvulsivos/"),
    ("fisioterapia", TRATAMIENTO + "fisioterapia/"),
    ("kinesiología", TRATAMIENTO + "fisioterapia/"),
    ("contracciones por estrés", AFECCION),
    ("estres", TRATAMIENTO + "manejo-del-estres/"),
    ("meditación", TRATAMIENTO + "manejo-del-estres/"),
    ("cafeína", AFECCION),
    ("falta de sueño", AFECCION),
    ("remedios caseros", TRATAMIENTO + "remedios-caseros/"),
    ("deshidratación", AFECCION),
    ("esclerosis múltiple", AFECCION),
    ("suplementos de magnesio", NUTRIENTE + "magnesio/"),
    ("musculos rigidos", SINTOMA + "cambio-en-el-tono-muscular/"),
    ("lacteos", NUTRIENTE + "calcio/"),
    ("pérdida de músculo", SINTOMA + "perdida-de-masa-muscular/"),
    ("calambres en las piernas", SINTOMA + "calambre-muscular/"),
    ("estrés", TRATAMIENTO + "manejo-del-estres/"),
    ("cuánto calcio necesito", NUTRIENTE + "calcio/"),
    ("potasio al día", NUTRIENTE + "potasio/"),
    ("cantidad diaria de magnesio", NUTRIENTE + "magnesio/"),
    ("relajantes musculares o fisioterapia", TRATAMIENTO + "relajantes-musculares/"),
    ("relajantes musculares o fisioterapia", TRATAMIENTO + "fisioterapia/"),
    ("gabapentina y alcohol", TRATAMIENTO + "anticonvulsivos/"),
    ("yoga y meditación", TRATAMIENTO + "manejo-del-estres/"),
    ("fisoterapia", TRATAMIENTO + "fisioterapia/"),
    ("gabapentin", TRATAMIENTO + "anticonvulsivos/"),
    ("calambre", SINTOMA + "calambre-muscular/"),
    ("dieta para los músculos", TRATAMIENTO + "alimentacion-para-musculos-sanos/"),
    ("tomar más agua", TRATAMIENTO + "alimentacion-para-musculos-sanos/"),
    ("hormigueo", SINTOMA + "hormigueo-o-entumecimiento/"),
    ("manos dormidas", SINTOMA + "hormigueo-o-entumecimiento/"),
    ("musculos cansados", SINTOMA + "cansancio-muscular/"),
    ("remedios caseros para las contracciones", TRATAMIENTO + "remedios-caseros/"),
    ("Flexeril", TRATAMIENTO + "relajantes-musculares/"),
    ("convulsiones", TRATAMIENTO + "anticonvulsivos/"),
    ("banana", NUTRIENTE + "potasio/"),
    ("nueces", NUTRIENTE + "magnesio/"),
    ("yogur", NUTRIENTE + "calcio/"),
    ("pérdida de masa muscular", SINTOMA + "perdida-de-masa-muscular/"),
    ("estiramientos", TRATAMIENTO + "fisioterapia/"),
    ("hormigeo", SINTOMA + "hormigueo-o-entumecimiento/"),
    ("almendra", ALIMENTO + "almendras/"),
]


def top_three(phrase, language):
    with translation.override(language):
        request = RequestFactory().get("/es/search/" if language == "es" else "/search/")
        outcome = PatientSearch(request).search(phrase)
    return [result.url for result in outcome.results[:3]]


@pytest.mark.parametrize(("phrase", "expected_url"), ENGLISH_PHRASINGS)
def test_phrase_finds_the_page_in_the_top_three(phrase, expected_url):
    top = top_three(phrase, "en")
    assert expected_url in top, f"{phrase!r} gave {top}"


@pytest.mark.parametrize(("phrase", "expected_url"), SPANISH_PHRASINGS)
def test_spanish_phrase_finds_the_spanish_page_in_the_top_three(phrase, expected_url):
    top = top_three(phrase, "es")
    assert expected_url in top, f"{phrase!r} gave {top}"


def test_there_are_enough_phrasings_in_each_language():
    assert len({phrase for phrase, _ in ENGLISH_PHRASINGS}) >= 100
    assert len({phrase for phrase, _ in SPANISH_PHRASINGS}) >= 30


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the direct index look-up is PostgreSQL's")
def test_a_common_body_word_ranks_the_same_entries_every_time(condition_index, monkeypatch):
    """Of thousands of entries matching only in their body, the same bounded set is ranked each time."""
    monkeypatch.setattr(postgresql, "BODY_MATCHES_RANKED", 2)
    pages = [
        ConditionPageFactory(parent=condition_index, title=f"Condition {n}", summary="Mentions zanzibarite.")
        for n in range(5)
    ]
    # Rewritten entries move to the end of the table, where reading the whole table finds them last.
    IndexEntry.objects.filter(object_id__in=[str(page.pk) for page in pages[:2]]).update(
        title_norm=F("title_norm")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexscan = off")
    found = [postgresql.index_matches(["zanzibarite"], ["zanzibarite"], [ConditionPage]) for _ in range(3)]
    assert all(matches == found[0] for matches in found)
    assert {page_id for _, page_id, _ in found[0]} == {pages[0].pk, pages[1].pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the direct index look-up is PostgreSQL's")
def test_titles_with_every_word_fill_the_ranked_places_before_titles_with_some(condition_index, monkeypatch):
    """In a large site one of the words can be in thousands of titles; those are never ranked
    while titles with all of the patient's words fill every place."""
    monkeypatch.setattr(postgresql, "TITLE_MATCHES_RANKED", 2)
    with_every_word = [
        ConditionPageFactory(parent=condition_index, title=f"Zanzibarite quokka {n}") for n in range(2)
    ]
    for n in range(3):
        ConditionPageFactory(parent=condition_index, title=f"Zanzibarite {n}")
    ranking = []

    def keep_ranking_query(execute, sql, params, many, context):
        if "best_titles" in sql:
            ranking.append((sql, params))
        return execute(sql, params, many, context)

    words = ["zanzibarite", "quokka"]
    with connection.execute_wrapper(keep_ranking_query):
        matches = postgresql.index_matches(words, words, [ConditionPage])
    assert {page_id for _, page_id, _ in matches} == {page.pk for page in with_every_word}

    ((sql, params),) = ranking
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
        plan = [row[0] for row in cursor.fetchall()]
    # The scan for titles with only some of the words is the one leaving out titles with all of them.
    leaves_out_every_word = "NOT (title @@ '''zanzibarit'' & ''quokka'''::tsquery)"
    some_words_filter = next(number for number, line in enumerate(plan) if leaves_out_every_word in line)
    some_words_scan = next(line for line in reversed(plan[:some_words_filter]) if "Scan on" in line)
    assert "(never executed)" in some_words_scan, "\n".join(plan)
