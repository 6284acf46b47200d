"""The order of results, on any database: what the patient typed decides the groups, scores the
order within them."""

from portal.models import Symptom
from portal.search.ranking import rank, share_typed
from portal.search.results import SearchResult


def page(title, score, page_id):
    return SearchResult(kind="condition", title=title, url=f"/{page_id}/", score=score, page_id=page_id)


def symptom(name, score, synonyms=""):
    return SearchResult(
        kind="symptom",
        title=name,
        url=f"/{name}/",
        score=score,
        snippet=Symptom(name=name, synonyms=synonyms),
    )


def test_share_typed_is_the_share_of_the_title_the_patient_typed():
    assert share_typed("Eyelid twitching", ["eye", "twitching"]) == 1
    assert share_typed("Occasional eyelid twitch 12", ["eye", "twitching"]) == 0.5
    assert share_typed("Calcium", ["yogurt"]) == 0


def test_a_symptom_whose_name_holds_every_word_ranks_with_such_pages():
    results = [
        page("Occasional eyelid twitch 12", 0.3, 1),
        symptom("Eyelid twitching", 0.1),
        page("Other", 0.9, 2),
    ]
    rank(results, typed=frozenset({"eye twitching"}), words=["eye", "twitching"])
    assert [result.title for result in results] == [
        "Eyelid twitching",
        "Occasional eyelid twitch 12",
        "Other",
    ]


def test_titles_the_patients_words_make_up_more_of_come_first():
    results = [page("Sudden calf cramp at night 7", 0.9, 1), page("Calf cramp", 0.1, 2)]
    rank(results, typed=frozenset({"cramp calf", "cramp in my calf"}), words=["cramp", "calf"])
    assert [result.title for result in results] == ["Calf cramp", "Sudden calf cramp at night 7"]


def test_named_as_typed_still_comes_first():
    results = [
        symptom("Tingling or numbness", 0.1, "pins and needles"),
        page("Pins and needles clinic 3", 0.9, 1),
    ]
    rank(results, typed=frozenset({"pins needles", "pins and needles"}), words=["pins", "needles"])
    assert results[0].title == "Tingling or numbness"
