"""The readability panel: the reading grade of the text being edited and its hardest paragraph,
checked without saving."""

import json
from http import HTTPStatus

from django.urls import reverse

import pytest

from portal.core.readability import patient_text, reading_grade
from portal.models import ConditionPage
from tests.governance.test_workflow import edit_form
from tests.html import soup

pytestmark = pytest.mark.django_db

HARD = (
    "Pathophysiological mechanisms underlying fasciculations encompass spontaneous depolarisation of "
    "lower motor neurons, frequently attributable to electrolyte disturbances or neurodegeneration."
)
CHECK_URL = reverse("readability_check", args=["portal", "conditionpage"])


def rich_text(*paragraphs):
    """Rich text as the admin's editor posts it (Draftail's content state)."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": f"k{number}",
                    "type": "unstyled",
                    "text": text,
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
                for number, text in enumerate(paragraphs)
            ],
            "entityMap": {},
        }
    )


def check(client, data):
    response = client.post(CHECK_URL, data)
    assert response.status_code == HTTPStatus.OK
    return response.json()


def test_the_form_as_posted_gets_the_grade_saving_it_would_give(client, editor):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    answer = check(client, edit_form(client, page))
    assert answer["grade"] == reading_grade(patient_text(page.specific))
    assert f"Reading grade {answer['grade']}" in answer["html"]


def test_the_hardest_paragraph_is_named_with_its_field(client, editor):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    before = check(client, edit_form(client, page))
    data = edit_form(client, page)
    data["overview"] = rich_text("Twitching is common. It is mostly harmless and goes away.", HARD)
    answer = check(client, data)
    assert answer["grade"] > before["grade"]
    assert answer["hardest"] == {"field": "Overview", "grade": reading_grade(HARD)}
    hardest = soup_of(answer["html"]).select_one("[data-hardest-paragraph]")
    assert (
        "Overview" in hardest.get_text()
        and "Pathophysiological mechanisms" in hardest.select_one("q").get_text()
    )

    data["summary"] = f"{HARD} {HARD}"
    assert check(client, data)["hardest"]["field"] == "Summary"


def soup_of(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_checking_saves_nothing(client, editor):
    page = ConditionPage.objects.get(locale__language_code="en")
    revisions = page.revisions.count()
    client.force_login(editor)
    data = edit_form(client, page)
    data["summary"] = HARD
    check(client, data)
    page.refresh_from_db()
    assert page.revisions.count() == revisions and page.summary != HARD
    assert page.specific.get_latest_revision_as_object().summary != HARD


def test_too_little_text_has_no_grade_yet(client, editor):
    client.force_login(editor)
    answer = check(client, {"title": "Cramp", "summary": "Short."})
    assert answer["grade"] is None and answer["hardest"] is None
    assert "not enough text yet" in answer["html"]


def test_only_signed_in_editors_may_check_and_only_clinical_page_types(client, editor):
    assert client.post(CHECK_URL, {"summary": HARD}).status_code == HTTPStatus.FOUND  # to sign-in
    client.force_login(editor)
    assert client.get(CHECK_URL).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.post(reverse("readability_check", args=["portal", "homepage"])).status_code == 404
    assert client.post(reverse("readability_check", args=["portal", "nothing"])).status_code == 404


def test_the_panel_names_the_hardest_paragraph_of_the_saved_text_and_offers_the_check(client, editor):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    panel = soup(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))).select_one(
        "[data-readability-panel]"
    )
    assert panel["data-readability-url"] == CHECK_URL
    assert panel.select_one("button[data-readability-check]").get_text(strip=True) == "Check reading level"
    assert panel.select_one("[data-hardest-paragraph] strong").get_text(strip=True)
    assert panel.select_one("[data-readability-result]")["aria-live"] == "polite"
