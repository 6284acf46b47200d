"""The loader builds the whole site from the content file, safely and repeatably."""

from io import StringIO

from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from wagtail.models import Page, Revision

import pytest
import yaml

from nutrition.models import Food, NutrientPage
from portal.content.loader import DEFAULT_CONTENT_FILE
from portal.models import ConditionPage, HomePage, Symptom, SynonymGroup
from tests.html import page_text
from treatments.models import MedicationPage

pytestmark = pytest.mark.django_db

# Every fact in the brief, and the page a patient finds it on.
BRIEF_FACTS = {
    "/conditions/muscle-twitching/": [
        "moves on its own",
        "small annoyance",
        "sign of a bigger health problem",
        "Stress",
        "Muscle fatigue",
        "Dehydration",
        "Some medicines",
        "amyotrophic lateral sclerosis (ALS)",
        "multiple sclerosis (MS)",
        "Not enough potassium or magnesium",
        "Too much caffeine",
        "Lack of sleep",
        "Prolonged physical exertion",
        "small twitches they hardly notice",
        "large twitches that really get in the way of their day",
        "Tired muscles",
        "a twitch for more than 2 weeks",
        "your twitching is getting worse",
        "weakness in the muscle",
        "change in muscle tone",
        "every day or does not go away",
        "Medications",
        "Physical therapy",
        "Home remedies",
    ],
    "/treatments/muscle-relaxants/": ["cyclobenzaprine", "stop spasms", "tired", "dizzy", "talk to a doctor"],
    "/treatments/anticonvulsants/": ["gabapentin", "nerves", "sleepy", "balance", "talk to a doctor"],
    "/treatments/physical-therapy/": [
        "Stretching",
        "more flexible",
        "tension",
        "Strengthening exercises",
        "stable and easier to control",
        "Therapeutic ultrasound",
        "Electrical stimulation",
        "heal",
    ],
    "/treatments/home-remedies/": [
        "Drink plenty of water",
        "muscle cramps",
        "magnesium and potassium",
        "Bananas and nuts",
        "yoga",
        "deep breathing",
        "stress",
    ],
    "/treatments/diet-for-muscle-health/": [
        "Dairy products, leafy greens and almonds",
        "Spinach, nuts, seeds and whole grains",
        "Bananas, sweet potatoes and avocados",
        "Drink water all day long",
    ],
    "/treatments/stress-management/": [
        "Mindfulness and meditation",
        "Yoga",
        "stretches your muscles and relieves tension",
        "Make sleep a priority",
        "make twitching worse",
    ],
    "/nutrition/calcium/": ["Dairy products", "Leafy greens", "Almonds"],
    "/nutrition/magnesium/": ["Spinach", "Nuts", "Seeds", "Whole grains"],
    "/nutrition/potassium/": ["Banana", "Sweet potato", "Avocado"],
}


@pytest.mark.parametrize("url", BRIEF_FACTS)
def test_every_fact_of_the_brief_is_on_the_site(client, url):
    text = page_text(client.get(url))
    missing = [fact for fact in BRIEF_FACTS[url] if fact.lower() not in text.lower()]
    assert not missing, f"{url} lacks {missing}"


def test_the_loaded_site_is_complete():
    assert HomePage.objects.get(locale__language_code="en").get_site().is_default_site
    assert Symptom.objects.filter(medical_term="fasciculation").exists()
    english = {"locale__language_code": "en"}
    assert set(NutrientPage.objects.filter(**english).values_list("slug", flat=True)) == {
        "calcium",
        "magnesium",
        "potassium",
    }
    assert MedicationPage.objects.filter(**english).count() == 2
    assert Food.objects.filter(**english).count() == 10
    page = ConditionPage.objects.get(locale__language_code="en")
    assert page.has_unpublished_changes is False
    assert page.revisions.count() == 1
    assert all(block.value["url"].startswith("https://") for block in page.references)


def load(*args):
    output = StringIO()
    call_command("load_portal_content", *args, stdout=output)
    return output.getvalue()


def test_a_second_run_changes_and_duplicates_nothing():
    pages, revisions = Page.objects.count(), Revision.objects.count()
    output = load()
    # The English items and their Spanish translations.
    assert "Portal content: 0 created, 0 updated, 88 unchanged, 0 kept" in output
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)


def write_content(tmp_path, change):
    data = yaml.safe_load(DEFAULT_CONTENT_FILE.read_text())
    change(data)
    path = tmp_path / "content.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return str(path)


def test_a_changed_content_file_publishes_a_new_revision(tmp_path):
    def change(data):
        data["conditions"][0]["summary"] = "A new summary."

    output = load("--file", write_content(tmp_path, change))
    assert "updated: condition page 'Muscle twitching'" in output
    page = ConditionPage.objects.get(locale__language_code="en")
    assert page.summary == "A new summary."
    assert page.revisions.count() == 2


def test_pages_and_snippets_edited_in_the_admin_are_kept(tmp_path, superuser):
    page = ConditionPage.objects.get(locale__language_code="en")
    page.summary = "Written by an editor."
    page.save_revision(user=superuser).publish()  # the revision is the editor's; an approval publishes it
    food = Food.objects.get(slug="banana")
    food.description = "An editor's words."
    food.save()
    from wagtail.log_actions import log

    log(food, "wagtail.edit", user=superuser)

    def change(data):
        data["conditions"][0]["summary"] = "The file's words."
        data["foods"][2]["description"] = "The file's food words."

    output = load("--file", write_content(tmp_path, change))
    assert "kept: condition page 'Muscle twitching' (edited in the admin)" in output
    assert "kept: food 'Banana' (edited in the admin)" in output
    assert ConditionPage.objects.get(locale__language_code="en").summary == "Written by an editor."
    assert Food.objects.get(slug="banana").description == "An editor's words."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("home: [unclosed", "is not valid YAML at line 1"),
        ("- just a list", "must hold a mapping"),
        (None, "conditions[1].title is required"),
        ("unknown-slug", "conditions[1].treatments[1]: no treatment with slug 'no-such-page'"),
        (
            "review-date",
            "conditions[1].last_reviewed: review dates and reviewers come only from a clinician's sign-off",
        ),
    ],
)
def test_a_malformed_content_file_fails_clearly_and_writes_nothing(tmp_path, content, message):
    path = tmp_path / "content.yaml"
    data = yaml.safe_load(DEFAULT_CONTENT_FILE.read_text())
    if content is None:
        del data["conditions"][0]["title"]
        content = yaml.safe_dump(data)
    elif content == "unknown-slug":
        data["conditions"][0]["treatments"][0]["page"] = "no-such-page"
        data["symptoms"][0]["description"] = "Changed before the failure."
        content = yaml.safe_dump(data)
    elif content == "review-date":
        data["conditions"][0]["last_reviewed"] = "2026-11-30"
        content = yaml.safe_dump(data)
    path.write_text(content)
    with pytest.raises(CommandError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load("--file", str(path))
    assert Symptom.objects.get(slug="muscle-twitching").description != "Changed before the failure."


def test_loaded_snippets_are_live_with_the_release_as_their_published_revision():
    for model in (Symptom, Food, SynonymGroup):
        for obj in model.objects.all():
            assert obj.live and obj.live_revision_id == obj.latest_revision_id is not None, obj
            assert obj.latest_revision.user is None
    banana = Food.objects.get(slug="banana")
    assert [row.amount for row in banana.nutrient_amounts.all()] == ["422 mg", "32 mg"]
    almonds = Food.objects.get(slug="almonds").nutrient_amounts.get(nutrient__slug="calcium")
    assert (almonds.quantity, almonds.unit, almonds.approximate, almonds.amount) == (
        75,
        "mg",
        True,
        "about 75 mg",
    )


@pytest.mark.parametrize("amount", ["lots", "75", "75 kg", "1.000.000 mg"])
def test_a_food_amount_that_is_not_a_number_and_a_unit_fails_clearly(tmp_path, amount):
    def change(data):
        data["foods"][2]["nutrients"][0]["amount"] = amount

    with pytest.raises(CommandError, match=r"foods\[3\]\.nutrients\[1\]\.amount: .* is not an amount"):
        load("--file", write_content(tmp_path, change))
    assert Food.objects.get(slug="banana").nutrient_amounts.first().amount == "422 mg"


def test_a_synonym_group_the_model_would_refuse_fails_clearly(tmp_path):
    def change(data):
        data["synonyms"].append({"terms": "zorbly, zorbly"})

    with pytest.raises(CommandError, match=r"synonyms\[10\]: terms: A synonym group needs at least two"):
        load("--file", write_content(tmp_path, change))


def test_a_snippet_change_waiting_for_review_is_kept(tmp_path, editor):
    symptom = Symptom.objects.get(slug="muscle-twitching")
    symptom.description = "An editor's draft."
    symptom.save_revision(user=editor)

    def change(data):
        data["symptoms"][0]["description"] = "The file's words."

    output = load("--file", write_content(tmp_path, change))
    assert "kept: symptom 'Muscle twitching' (edited in the admin)" in output
    symptom.refresh_from_db()
    assert symptom.description != "The file's words."
    assert symptom.get_latest_revision_as_object().description == "An editor's draft."


def test_a_missing_content_file_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match="cannot read the content file"):
        load("--file", str(tmp_path / "missing.yaml"))


def test_an_interaction_the_model_would_refuse_fails_clearly(tmp_path):
    def change(data):
        medication = next(item for item in data["treatments"] if item["slug"] == "anticonvulsants")
        medication["interactions"][0]["action"] = "separate"

    with pytest.raises(CommandError, match=r"treatments\[2\]\.interactions\[1\]: Say how many hours apart"):
        load("--file", write_content(tmp_path, change))


def test_interactions_come_from_the_file_with_their_sources():
    page = MedicationPage.objects.get(slug="anticonvulsants")
    assert page.interactions.first().interacts_with.startswith("Opioid pain medicines")
    assert all(item.source_url.startswith("https://") for item in page.interactions.all())


@pytest.mark.parametrize(
    ("base_url", "root_url"),
    [
        ("https://portal.example.org", "https://portal.example.org"),
        ("https://portal.example.org:443/", "https://portal.example.org"),
        ("http://localhost:8000", "http://localhost:8000"),
    ],
)
def test_the_site_lives_at_the_configured_public_address(settings, base_url, root_url):
    settings.WAGTAILADMIN_BASE_URL = base_url
    output = load()
    site = HomePage.objects.get(locale__language_code="en").get_site()
    assert site.root_url == root_url
    assert f"updated: site {root_url}" in output
    assert "updated: site" not in load()


@pytest.mark.parametrize(
    "base_url",
    [
        "https://portal.example.org:8443",
        "http://portal.example.org:443",
        "portal.example.org",
        "https://portal.example.org/guide/",
    ],
)
def test_an_address_wagtail_cannot_serve_stops_the_loader_before_anything_is_written(settings, base_url):
    settings.WAGTAILADMIN_BASE_URL = base_url
    revisions = Revision.objects.count()
    with pytest.raises(
        ImproperlyConfigured, match="WAGTAILADMIN_BASE_URL must be the portal's public address"
    ):
        load()
    assert Revision.objects.count() == revisions


NEW_NUTRIENT_KEYS = ("upper_limits", "upper_limits_intro", "upper_limits_source", "no_upper_limit")
NEW_NUTRIENT_KEYS += ("supplement_cautions", "supplement_interactions")
NEW_MEDICATION_KEYS = ("not_for", "before_you_start", "urgent_side_effects")


def before_trust_iii(data):
    """The content file as an install had it before upper limits, supplement interactions,
    structured cautions and food sources were shipped."""
    for nutrient in data["nutrients"]:
        for key in NEW_NUTRIENT_KEYS:
            nutrient.pop(key, None)
    for food in data["foods"]:
        food.pop("references", None)
    for treatment in data["treatments"]:
        for key in NEW_MEDICATION_KEYS:
            treatment.pop(key, None)
        for interaction in treatment.get("interactions", []):
            interaction.pop("timing", None)
            if interaction.get("action") == "separate":
                interaction["action"], interaction["separate_hours"] = "ask", None


def test_safety_data_comes_from_the_file():
    calcium = NutrientPage.objects.get(slug="calcium")
    assert [(limit.age_group, limit.amount) for limit in calcium.upper_limits.all()][-1] == (
        "Adults 51 years and over",
        2000,
    )
    assert calcium.supplement_interactions.first().interacts_with == "Thyroid medicine (levothyroxine)"
    assert NutrientPage.objects.get(slug="potassium").no_upper_limit
    gabapentin = MedicationPage.objects.get(slug="anticonvulsants")
    assert "slow, shallow or hard breathing" in gabapentin.urgent_side_effects
    antacids = gabapentin.interactions.get(nutrient__slug="magnesium")
    assert antacids.timing == "Take gabapentin at least 2 hours after the antacid."
    avocado = Food.objects.get(slug="avocado")
    assert avocado.nutrient_amounts.get().amount == "487 mg"
    # FoodData Central's 487 mg is half of its 201-gram avocado: the serving says how much that is.
    assert avocado.nutrient_amounts.get().serving == "½ avocado, about 100 grams (3.5 ounces)"
    assert avocado.references[0].value["url"] == "https://fdc.nal.usda.gov/food-details/171705/nutrients"


def test_an_existing_install_gets_the_new_safety_data_and_keeps_what_editors_changed(tmp_path, superuser):
    load("--file", write_content(tmp_path, before_trust_iii))
    magnesium = NutrientPage.objects.get(slug="magnesium")
    assert not magnesium.upper_limits.exists() and not magnesium.supplement_interactions.exists()
    assert not Food.objects.get(slug="avocado").references
    potassium = NutrientPage.objects.get(slug="potassium")
    potassium.summary = "An editor's potassium summary."
    # As the clinical review workflow publishes an editor's revision once a reviewer signs it off.
    potassium.save_revision(user=superuser).publish(user=superuser, skip_permission_checks=True)
    banana = Food.objects.get(slug="banana")
    banana.description = "An editor's banana."
    banana.save_revision(user=superuser).publish(user=superuser, skip_permission_checks=True)

    output = load()

    assert "updated: nutrient page 'Magnesium'" in output
    assert "updated: medication 'Anticonvulsants'" in output
    assert "updated: food 'Avocado'" in output
    assert "kept: nutrient page 'Potassium' (edited in the admin)" in output
    assert "kept: food 'Banana' (edited in the admin)" in output
    magnesium = NutrientPage.objects.get(slug="magnesium")
    assert magnesium.upper_limits.count() == 3 and magnesium.supplement_interactions.count() == 4
    assert not magnesium.has_unpublished_changes
    assert Food.objects.get(slug="avocado").references
    potassium = NutrientPage.objects.get(slug="potassium")
    assert potassium.summary == "An editor's potassium summary." and not potassium.no_upper_limit
    assert Food.objects.get(slug="banana").description == "An editor's banana."
    assert "0 created, 0 updated" in load()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda data: data["nutrients"][0]["upper_limits"][0].update(applies_to="everything"),
            r"nutrients\[1\]\.upper_limits\[1\]: Value 'everything' is not a valid choice",
        ),
        (
            lambda data: data["nutrients"][0].update(no_upper_limit=True),
            r"nutrients\[1\]: give upper_limits or no_upper_limit: true, not both",
        ),
        (
            lambda data: data["nutrients"][1]["supplement_interactions"][0].pop("separate_hours"),
            r"nutrients\[2\]\.supplement_interactions\[1\]: Say how many hours apart",
        ),
    ],
)
def test_safety_data_the_admin_would_refuse_fails_clearly(tmp_path, change, message):
    with pytest.raises(CommandError, match=message):
        load("--file", write_content(tmp_path, change))
