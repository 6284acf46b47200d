"""Patients' own phrasings must find the right page in the top three, on SQLite and PostgreSQL."""

from django.db import connection
from django.db.models import F
from django.test import RequestFactory

from wagtail.search.models import IndexEntry

import pytest

from portal.models import ConditionPage
from portal.search.matching import postgresql
from portal.search.patient_search import PatientSearch
from tests.portal.factories import ConditionPageFactory

pytestmark = pytest.mark.django_db

PHRASINGS = [
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
]


@pytest.mark.parametrize(("phrase", "expected_url"), PHRASINGS)
def test_phrase_finds_the_page_in_the_top_three(phrase, expected_url):
    outcome = PatientSearch(RequestFactory().get("/search/")).search(phrase)
    top_three = [result.url for result in outcome.results[:3]]
    assert expected_url in top_three, f"{phrase!r} gave {top_three}"


def test_there_are_at_least_twenty_five_phrasings():
    assert len({phrase for phrase, _ in PHRASINGS}) >= 25


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
