"""The condition page reads the way NHS and MedlinePlus frame twitching: reassurance and self-care
first, warning signs at three levels with an action each, every common and rare cause."""

from http import HTTPStatus

import pytest

from portal.models import ConditionPage, Symptom
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db

URL = "/conditions/muscle-twitching/"


def test_reassurance_and_self_care_come_before_warning_signs_and_treatments(client):
    text = page_text(client.get(URL))
    reassurance = text.index("very rarely a sign of anything serious")
    self_care = text.index("Get plenty of rest and sleep")
    assert reassurance < self_care < text.index("When to seek medical attention", self_care)
    assert self_care < text.index("Medications")
    for step in ("less caffeine", "less alcohol", "Stretch and gently rub a muscle that cramps"):
        assert step in text


def test_self_care_treatments_are_listed_before_medicines(client):
    text = page_text(client.get(URL))
    treatments = text[text.index("Most twitching needs no treatment") :]
    assert (
        treatments.index("Home remedies")
        < treatments.index("Physical therapy")
        < treatments.index("Medications")
    )
    assert "rest and physical therapy" in treatments
    assert "for a specialist to decide" in treatments


def test_warning_signs_come_at_three_levels_each_with_its_action(client):
    cards = soup(client.get(URL)).select("#when-to-seek-help .care-card")
    levels = {card["class"][1].removeprefix("care-card--"): card for card in cards}
    assert set(levels) == {"non-urgent", "urgent", "emergency"}
    assert "See a doctor if" in levels["non-urgent"].get_text()
    assert "more than 2 weeks" in levels["non-urgent"].get_text()
    assert "more than one place, or it is spreading" in levels["non-urgent"].get_text()
    assert "new medicine" in levels["non-urgent"].get_text()
    assert "today" in levels["urgent"].get_text()
    assert "muscle wasting" in levels["urgent"].get_text()
    assert "numbness or a change in feeling" in levels["urgent"].get_text()
    assert "breathing" in levels["emergency"].get_text()
    # MedlinePlus (Muscle function loss): a sudden loss of muscle function is an emergency.
    assert "suddenly cannot move a muscle" in levels["emergency"].get_text()
    # The FDA's signs of a gabapentin breathing emergency, including those a bystander notices.
    for sign in (
        "blue lips, fingers or toes",
        "unusually dizzy or lightheaded",
        "very confused or very sleepy",
        "cannot be woken",
    ):
        assert sign in levels["emergency"].get_text()


def test_warning_signs_link_to_their_symptom_pages(client):
    links = {
        link.get_text(" ", strip=True): link["href"]
        for link in soup(client.get(URL)).select("#when-to-seek-help .care-card a")
    }
    assert links["you have weakness in the muscle that twitches"] == "/symptoms/muscle-weakness/"
    assert links["the muscle is getting smaller (muscle wasting)"] == "/symptoms/muscle-wasting/"
    assert links["you have numbness or a change in feeling in the area"] == "/symptoms/tingling-or-numbness/"
    assert client.get("/symptoms/muscle-wasting/").status_code == HTTPStatus.OK


def test_muscle_wasting_is_its_own_symptom_not_a_change_in_tone():
    wasting = Symptom.objects.get(slug="muscle-wasting")
    assert wasting.medical_term == "muscle atrophy"
    assert "wasting" not in Symptom.objects.get(slug="change-in-muscle-tone").synonyms


def test_causes_are_complete_and_rare_ones_are_said_to_be_rare(client):
    page = ConditionPage.objects.get(slug="muscle-twitching")
    causes = {cause.name: cause for cause in page.causes.all()}
    for name in ("Alcohol", "Stimulants", "Some medicines", "Benign fasciculation syndrome", "Dystonia"):
        assert name in causes
    assert "rare" in causes["Rare nerve conditions"].explanation
    assert "uncommon" in causes["Dystonia"].explanation
    headings = [h3.get_text() for h3 in soup(client.get(URL)).select("#causes h3")]
    assert headings == [
        "Everyday triggers",
        "Nutrition and fluids",
        "Medicines",
        "Nerve and muscle conditions",
    ]
