"""The benchmark corpus: pages written in bulk must be as real as pages added one by one."""

import io

from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from bench.management.commands.generate_corpus import (
    BODY_PARTS,
    FOOD_FORMS,
    FOOD_WORDS,
    PROBLEMS,
    food_other_name,
    symptom_other_name,
)
from nutrition.models import Food, NutrientPage
from portal.models import ConditionIndexPage, ConditionPage, Symptom
from portal.search.text import words_of
from treatments.models import HomeRemedyPage, MedicationPage

pytestmark = pytest.mark.django_db


def generate(pages):
    progress = io.StringIO()
    call_command("generate_corpus", pages=pages, stdout=io.StringIO(), stderr=progress)
    return progress.getvalue()


def test_generated_pages_fit_the_page_tree():
    before = Page.objects.count()
    progress = generate(30)
    generate(20)  # a second run appends after the first
    assert Page.objects.count() == before + 50
    assert "30/30 pages" in progress
    # treebeard's own check: characters, step lengths, orphans, depths and child counts.
    assert not any(Page.find_problems())
    assert ConditionPage.objects.live().count() >= 20


def test_generated_pages_are_served_with_their_relations(client):
    generate(20)
    condition = ConditionPage.objects.order_by("-pk").first()
    response = client.get(condition.url)
    assert response.status_code == 200
    links = list(condition.symptom_links.select_related("symptom"))
    assert len(links) == 3
    for link in links:
        assert link.symptom.name in response.text
    nutrient = NutrientPage.objects.order_by("-pk").first()
    response = client.get(nutrient.url)
    assert response.status_code == 200
    assert nutrient.food_amounts.first().food.name in response.text


def test_generated_pages_and_snippets_are_searchable(client):
    generate(20)
    medication = MedicationPage.objects.order_by("-pk").first()
    results = get_search_backend().search(medication.medicines.get().generic_name, MedicationPage)
    assert medication.pk in [page.pk for page in results]
    response = client.get("/search/", {"q": medication.title})
    assert medication.url in response.text


@pytest.mark.parametrize("model", [ConditionPage, NutrientPage, HomeRemedyPage])
def test_indexing_reads_relations_in_a_fixed_number_of_queries(model):
    generate(40)
    with CaptureQueriesContext(connection) as queries:
        objects = list(model.get_indexed_objects())
        get_search_backend().add_bulk(model, objects)
    assert len(objects) > 3
    reads = [query for query in queries.captured_queries if "wagtailsearch_indexentry" not in query["sql"]]
    # The pages, then one query per prefetched relation: never one per page.
    assert len(reads) <= 5


def test_corpus_needs_the_portal_content_first():
    ConditionIndexPage.objects.get(locale__language_code="en").delete()
    with pytest.raises(CommandError, match="run load_portal_content first"):
        generate(10)


def test_corpus_needs_at_least_one_page():
    with pytest.raises(CommandError, match="at least 1"):
        generate(0)


def test_no_generated_symptom_or_food_is_called_what_a_shipped_one_is():
    """A synonym is another name for the same thing: a generated "Yogurt blend 12" may be called
    "frozen yogurt", never "kale", and never by a name a shipped symptom or food has, which would
    make it what a patient typing that name asked for."""
    shipped = {
        name.lower()
        for model in (Symptom, Food)
        for item in model.objects.all()
        for name in item.search_keywords()
    }
    assert "yogurt" in shipped
    possible = {
        symptom_other_name(body_part, problem) for body_part in BODY_PARTS for problem in PROBLEMS
    } | {food_other_name(form, word) for form in FOOD_FORMS for word in FOOD_WORDS}
    assert not possible & shipped

    generate(200)
    linking_words = {"in", "the", *FOOD_FORMS}
    for model in (Symptom, Food):
        generated = model.objects.filter(name__regex=r" [0-9]+$")
        assert generated.count() == 10
        for item in generated:
            assert item.synonyms in possible, item
            assert set(words_of(item.synonyms)) - linking_words <= set(words_of(item.name)), item
