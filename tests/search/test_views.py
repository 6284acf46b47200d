import json
import re
from http import HTTPStatus

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

import pytest

from nutrition.models import Food, NutrientPage
from portal.caching.version import VERSION_QUERY
from portal.models import QueryWithoutResultsDailyHits, Symptom
from portal.search.matching import postgresql, search_backend
from portal.search.suggestions import prefix_first, starts_a_word
from tests.html import page_text, soup
from tests.nutrition.factories import FoodFactory, FoodNutrientFactory, NutrientPageFactory

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == HTTPStatus.OK
    return response


def results(response):
    return soup(response).select("main ol.search-results > li")


def test_results_are_an_ordered_list_with_kind_snippet_and_reason(client):
    response = search(client, q="eyelid twitching")
    items = results(response)
    assert [item.select_one(".search-result__kind").get_text() for item in items[:2]] == [
        "Symptom",
        "Condition",
    ]
    assert items[1].h2.a["href"] == "/conditions/muscle-twitching/"
    assert "eyelid" in [mark.get_text().lower() for mark in items[0].select("mark")]
    assert "Eyelid twitching" in items[1].select_one(".search-result__why").get_text()
    assert "result" in soup(response).select_one(".result-count").get_text()


def test_filter_by_kind_shows_only_that_kind(client):
    items = results(search(client, q="banana", kind="nutrient"))
    assert {item.select_one(".search-result__kind").get_text() for item in items} == {"Nutrient"}
    assert "/nutrition/potassium/" in [item.h2.a["href"] for item in items]


def test_a_food_named_as_typed_leads_however_many_entries_outscore_it(client, nutrient_index, monkeypatch):
    """In a large site many foods and pages can hold a word more often than the one food whose
    editors gave it that name; the search's bounded matches must not leave that food out."""
    monkeypatch.setattr(postgresql, "RESULTS_PER_SOURCE", 1)
    monkeypatch.setattr(search_backend, "RESULTS_PER_SOURCE", 1)
    fibre = NutrientPageFactory(parent=nutrient_index, title="Dietary fibre")
    grains = FoodFactory(name="Ancient grains", synonyms="teff, millet, sorghum")
    FoodNutrientFactory(food=grains, nutrient=fibre)
    for number in range(4):
        FoodFactory(name=f"Millet blend {number}", synonyms="puffed millet", description="Millet, millet.")
    items = results(search(client, q="millet"))
    assert [item.h2.a.get_text() for item in items[:2]] == ["Ancient grains", "Dietary fibre"]


def test_misspelling_is_corrected_or_suggested(client):
    text = page_text(search(client, q="magnesim"))
    assert "magnesium" in text.lower()
    assert results(search(client, q="magnesim"))[0].h2.a["href"] == "/nutrition/magnesium/"


def test_no_results_is_kind_and_helpful(client):
    response = search(client, q="zebra xylophone")
    text = page_text(response)
    assert "0 results" in text
    assert "Sorry, we could not find a page" in text
    assert "Popular topics" in text and "Muscle twitching" in text
    assert soup(response).select_one("main a[href$='#when-to-seek-help']")


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "x" * 2500},
        {"q": "!!! ??? ..."},
        {"q": "'; DROP TABLE wagtailcore_page; --"},
        {"q": "\x00\x07\x1b[31mcramp"},
        {"q": "cramp", "kind": "nonsense"},
        {"q": "cramp", "page": "999"},
        {"q": "cramp", "page": "abc"},
        {"q": "cramp", "page": "-1"},
    ],
)
def test_bad_input_never_breaks_search(client, params):
    response = search(client, **params)
    assert b"<script>" not in response.content


def test_html_in_the_query_is_escaped(client):
    response = search(client, q='<script>alert("x")</script> cramp')
    assert b'<script>alert("x")</script>' not in response.content
    assert b"&lt;script&gt;" in response.content


def test_clear_messages_for_odd_input(client):
    assert "type a word to search for" in page_text(search(client, q="!!! ???"))
    assert "first 200 characters" in page_text(search(client, q="cramp " * 500))
    assert "That filter does not exist" in page_text(search(client, q="cramp", kind="nonsense"))
    assert "this is the last one" in page_text(search(client, q="cramp", page="999"))
    assert "That page number is not valid" in page_text(search(client, q="cramp", page="abc"))


def test_pagination_and_count(client):
    response = search(client, q="muscle")
    count = int(page_text(response).split(" result")[0].split()[-1])
    assert count > 10
    assert len(results(response)) == 10
    second = search(client, q="muscle", page="2")
    assert soup(second).select_one("ol.search-results")["start"] == "11"


def test_searches_are_counted_without_who_searched(client):
    response = search(client, q="Banana")
    assert Query.objects.get(query_string="banana").hits == 1
    assert not response.cookies  # no session, no tracking cookie
    assert {field.name for field in Query._meta.concrete_fields} == {"id", "query_string"}
    search(client, q="zebra xylophone")
    assert QueryWithoutResultsDailyHits.objects.get(query__query_string="zebra xylophone").hits == 1
    search(client, q="banana", page="2")  # paging through results is not a new search
    assert Query.objects.get(query_string="banana").hits == 1
    search(client, q="BANANA ")
    search(client, q="zebra xylophone")
    assert Query.objects.get(query_string="banana").hits == 2
    assert QueryWithoutResultsDailyHits.objects.get(query__query_string="zebra xylophone").hits == 2
    assert Query.objects.get(query_string="zebra xylophone").hits == 2


def test_counting_a_search_made_before_is_one_statement(client):
    search(client, q="banana")
    with CaptureQueriesContext(connection) as queries:
        search(client, q="banana")
    counting = [query["sql"] for query in queries if "querydailyhits" in query["sql"]]
    assert len(counting) == 1
    assert Query.objects.get(query_string="banana").hits == 2


def test_editors_can_pin_a_result_for_a_query(client):
    calcium = NutrientPage.objects.get(slug="calcium")
    SearchPromotion.objects.create(query=Query.get("twitch"), page=calcium, description="Pinned by editors.")
    first = results(search(client, q="twitch"))[0]
    assert first.h2.a["href"] == "/nutrition/calcium/"
    assert "Recommended" in first.get_text()


def test_a_promotion_shows_and_goes_at_once(client):
    calcium = NutrientPage.objects.get(slug="calcium")
    assert "Recommended" not in results(search(client, q="twitch"))[0].get_text()
    promotion = SearchPromotion.objects.create(query=Query.get("twitch"), page=calcium)
    assert "Recommended" in results(search(client, q="twitch"))[0].get_text()
    promotion.delete()
    assert "Recommended" not in results(search(client, q="twitch"))[0].get_text()


def test_suggestions_endpoint_returns_titles_and_names(client):
    response = client.get("/search/suggest/", {"q": "magn"})
    assert response.status_code == HTTPStatus.OK
    data = json.loads(response.content)
    assert data["suggestions"][0] == {
        "title": "Magnesium",
        "url": "/nutrition/magnesium/",
        "kind": "nutrient",
    }
    symptoms = json.loads(client.get("/search/suggest/", {"q": "eyel"}).content)["suggestions"]
    assert {"title": "Eyelid twitching", "url": "/symptoms/eyelid-twitching/", "kind": "symptom"} in symptoms
    assert json.loads(client.get("/search/suggest/", {"q": "a"}).content)["suggestions"] == []


def test_search_box_is_in_every_page_header_and_works_without_javascript(client):
    for url in ["/", "/conditions/muscle-twitching/", "/nutrition/foods/banana/", "/search/?q=cramp"]:
        form = soup(client.get(url)).select_one("header form[role=search]")
        assert form["action"] == "/search/" and form["method"] == "get"
        assert form.select_one("input[name=q]")["data-suggest-url"] == "/search/suggest/"


def test_editors_see_searches_that_found_nothing_in_a_report(admin_client, client):
    search(client, q="zebra xylophone")
    search(client, q="zebra xylophone")
    search(client, q="banana")
    response = admin_client.get("/admin/reports/searches-without-results/")
    assert response.status_code == HTTPStatus.OK
    rows = [" ".join(row.get_text(" ").split()) for row in soup(response).select("tbody tr")]
    assert len(rows) == 1 and rows[0].startswith("zebra xylophone 2 2")
    export = admin_client.get("/admin/reports/searches-without-results/?export=csv")
    assert b"zebra xylophone,2,2" in b"".join(export.streaming_content)
    menu = admin_client.get("/admin/reports/searches-without-results/").content
    assert b"Searches with no results" in menu


def test_suggestions_offer_names_that_begin_with_the_words_first(client, treatment_index):
    from tests.treatments.factories import PhysicalTherapyPageFactory

    for number in range(12):
        PhysicalTherapyPageFactory(parent=treatment_index, title=f"Stretches for eyelid strain {number}")
    suggestions = json.loads(client.get("/search/suggest/", {"q": "eyel"}).content)["suggestions"]
    assert suggestions[0]["title"] == "Eyelid twitching"
    assert any(item["title"].startswith("Stretches for eyelid") for item in suggestions)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
@pytest.mark.parametrize(
    ("queryset", "field", "index"),
    [
        (lambda: Page.objects.all(), "title", "portal_page_title_word_prefix"),
        (lambda: Symptom.objects.all(), "name", "portal_symptom_name_word_prefix"),
        (lambda: Food.objects.all(), "name", "nutrition_food_name_word_prefix"),
    ],
)
def test_suggestions_can_be_served_by_an_index_at_any_size(queryset, field, index):
    """Suggestions read names by the start of their words; without an index that is every row."""
    with connection.cursor() as cursor:
        # With a handful of rows PostgreSQL rightly prefers to read them all; forbid that to
        # prove the index matches the expression Django writes.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = prefix_first(queryset().filter(starts_a_word(field, "magn")), field, "magn").explain()
    assert index in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the direct index look-up is PostgreSQL's")
def test_a_repeated_search_reads_only_the_search_index(client):
    """Pages, symptoms, foods, addresses and summaries are remembered; matching and ranking are not."""
    search(client, q="eyelid twitching", page="2")
    with CaptureQueriesContext(connection) as queries:
        response = search(client, q="eyelid twitching", page="2")
    version, *rest = [query["sql"] for query in queries]
    assert version == VERSION_QUERY
    assert [set(re.findall(r'FROM "(\w+)"', sql)) for sql in rest] == [{"wagtailsearch_indexentry"}]
    assert results(response)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="synchronous_commit is PostgreSQL's")
def test_counting_a_search_does_not_wait_for_the_disk(client):
    with CaptureQueriesContext(connection) as queries:
        search(client, q="banana")
    statements = [query["sql"] for query in queries]
    assert "SET LOCAL synchronous_commit TO OFF" in statements
    assert Query.objects.get(query_string="banana").hits == 1


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=eyelid+twitching",
        "/search/?q=eyelid+twitching&page=99",
        "/search/suggest/?q=eyel",
        "/api/v2/pages/?search=eyelid+twitching",
        "/api/v2/pages/?search=eyelid&search_operator=maybe",
        "/api/v2/images/?search=eyelid",
        "/api/v2/documents/?search=eyelid",
    ],
)
def test_no_cache_keeps_what_a_patient_searched_for(client, url):
    """A symptom search is health data: a shared computer's browser, a proxy or a CDN must not keep it."""
    response = client.get(url)
    assert response.status_code < 500
    directives = {directive.strip() for directive in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_a_search_of_one_kind_then_of_every_kind_both_find_their_results(client):
    from portal.caching.remember import clear_caches

    clear_caches()
    foods = client.get("/search/", {"q": "banana", "kind": "food"})
    everything = client.get("/search/", {"q": "banana"})

    assert foods.status_code == everything.status_code == HTTPStatus.OK
    assert "/nutrition/foods/banana/" in foods.text
    assert "/nutrition/potassium/" in everything.text
