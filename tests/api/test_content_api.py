"""The content API returns content: each page type's structured fields, relations as ids and
addresses in the page's own language, the review as patients are told it, filters by type, locale and
code; and never a draft, an unpublished or a private page."""

import datetime
from http import HTTPStatus

from wagtail.models import Page, PageViewRestriction

import pytest

from nutrition.models import Food, NutrientPage
from portal.models import AboutContentPage, ConditionPage, HomePage, Reviewer, Symptom
from treatments.models import HomeRemedyPage, LifestyleChangePage, MedicationPage, PhysicalTherapyPage

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"


def detail(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == HTTPStatus.OK, response.content
    return response.json()


def listing(client, query):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == HTTPStatus.OK, response.content
    return response.json()["items"]


def english(model, **lookup):
    return model.objects.get(locale__language_code="en", **lookup)


def test_a_condition_page_gives_its_clinical_content(client):
    page = detail(client, english(ConditionPage))

    assert page["meta"]["type"] == "portal.ConditionPage"
    assert page["codes"] == {"icd10cm": ["R25.3"], "snomedct": []}
    assert page["overview"].startswith("<p>Muscle twitching is when a muscle moves on its own")
    assert {"name": "Stress and anxiety", "category": "everyday"}.items() <= page["causes"][0].items()
    assert page["symptoms"][0] == {
        "id": english(Symptom, slug="muscle-twitching").pk,
        "name": "Muscle twitching",
        "url": f"{SITE}/symptoms/muscle-twitching/",
        "language": "en",
        "medical_term": "fasciculation",
    }
    emergency = page["warning_signs"][0]
    assert (emergency["urgency"], emergency["action"]) == ("emergency", "Call 911 now if:")
    assert [sign["urgency"] for sign in page["warning_signs"]] == sorted(
        (sign["urgency"] for sign in page["warning_signs"]), key=["emergency", "urgent", "non-urgent"].index
    )
    anticonvulsants = next(item for item in page["treatments"] if item["title"] == "Anticonvulsants")
    assert anticonvulsants["url"] == f"{SITE}/treatments/anticonvulsants/"
    assert anticonvulsants["type"] == "treatments.MedicationPage"
    assert anticonvulsants["id"] == english(MedicationPage, slug="anticonvulsants").pk
    magnesium = next(item for item in page["nutrients"] if item["title"] == "Magnesium")
    assert "Almonds" in [food["name"] for food in magnesium["foods"]]
    assert page["references"][0]["value"]["url"].startswith("https://")
    assert page["translations"] == [
        {
            "id": ConditionPage.objects.get(locale__language_code="es").pk,
            "title": "Contracciones musculares",
            "type": "portal.ConditionPage",
            "url": f"{SITE}/es/afecciones/contracciones-musculares/",
            "language": "es",
        }
    ]


def test_a_spanish_page_links_its_spanish_symptoms_treatments_and_nutrients(client):
    page = detail(client, ConditionPage.objects.get(locale__language_code="es"))

    assert page["meta"]["locale"] == "es"
    links = [*page["symptoms"], *page["treatments"], *page["nutrients"]]
    assert {link["language"] for link in links} == {"es"}
    assert all(link["url"].startswith(f"{SITE}/es/") for link in links)
    assert page["warning_signs"][0]["action"] == "Llame ahora al 911 si:"


def test_a_medication_page_gives_its_medicines_side_effects_and_interactions(client):
    page = detail(client, english(MedicationPage, slug="anticonvulsants"))

    assert page["codes"] == {"rxnorm": ["25480"]}
    assert page["medicines"][0] == {
        "generic_name": "gabapentin",
        "brand_names": ["Neurontin", "Gralise", "Horizant"],
        "notes": page["medicines"][0]["notes"],
        "rxnorm": ["25480"],
    }
    assert page["prescription_only"] is True
    assert page["side_effects"]
    interaction = page["interactions"][0]
    assert {
        "severity",
        "action",
        "what_to_do",
        "advice",
        "source",
        "interacts_with",
        "kind",
    } <= interaction.keys()
    assert interaction["source"]["url"].startswith("https://")
    magnesium = next(item for item in page["interactions"] if item["nutrient"])
    assert magnesium["nutrient"]["url"] == f"{SITE}/nutrition/magnesium/"
    assert "Muscle twitching" in [condition["title"] for condition in page["conditions"]]


def test_every_treatment_page_gives_what_is_its_own(client):
    therapy = detail(client, english(PhysicalTherapyPage))
    assert therapy["techniques"] and therapy["frequency"] and therapy["session_description"]

    remedies = detail(client, english(HomeRemedyPage))
    assert remedies["steps"][0]["title"]
    assert {"Magnesium", "Potassium"} <= {nutrient["title"] for nutrient in remedies["nutrients"]}

    lifestyle = detail(client, LifestyleChangePage.objects.filter(locale__language_code="en").first())
    assert lifestyle["practices"][0]["name"]
    for page in (therapy, remedies, lifestyle):
        assert page["how_it_helps"].startswith("<")
        assert page["review"]["status"] == "not-yet-reviewed"


def test_a_nutrient_page_gives_its_amounts_foods_and_limits(client):
    page = detail(client, english(NutrientPage, slug="potassium"))

    assert page["daily_amounts"][0].keys() == {"age_group", "amount", "notes"}
    banana = next(row for row in page["food_sources"] if row["food"]["name"] == "Banana")
    assert banana["food"]["url"] == f"{SITE}/nutrition/foods/banana/"
    assert banana["unit"] == "mg" and banana["quantity"].replace(".", "").isdigit()
    assert banana["amount"].endswith(" mg")
    assert "Symptoms" not in page  # only its own fields
    assert page["shortfall_symptoms"]
    assert page["medicine_interactions"] or page["supplement_interactions"]


def test_other_pages_give_their_text(client):
    assert detail(client, HomePage.objects.get(locale__language_code="en"))["hero_heading"]
    index = Page.objects.get(slug="conditions", locale__language_code="en")
    assert detail(client, index)["intro"]
    assert detail(client, AboutContentPage.objects.filter(locale__language_code="en").first())["body"]


def test_rich_text_links_are_the_pages_addresses(client):
    page = english(ConditionPage)
    magnesium = english(NutrientPage, slug="magnesium")
    page.overview = f'<p>Read about <a linktype="page" id="{magnesium.pk}">magnesium</a>.</p>'
    page.save_revision().publish()

    overview = detail(client, page)["overview"]

    assert 'href="/nutrition/magnesium/"' in overview
    assert "linktype" not in overview


def test_an_unsigned_page_says_so_and_names_no_reviewer(client):
    review = detail(client, english(ConditionPage))["review"]

    assert review == {
        "status": "not-yet-reviewed",
        "last_reviewed": None,
        "next_review_due": None,
        "reviewer": None,
        "overdue": False,
    }


def test_a_signed_off_page_names_its_reviewer_and_dates(client):
    page = english(ConditionPage)
    reviewer = Reviewer.objects.create(name="Dr Ada Lane", credentials="MD")
    ConditionPage.objects.filter(pk=page.pk).update(
        last_reviewed=datetime.date(2026, 12, 3),
        next_review_due=datetime.date(2027, 12, 3),
        reviewer=reviewer,
    )

    assert detail(client, page)["review"] == {
        "status": "signed-off",
        "last_reviewed": "2026-12-03",
        "next_review_due": "2027-12-03",
        "reviewer": "Dr Ada Lane, MD",
        "overdue": False,
    }


def test_pages_are_filtered_by_type_locale_and_code(client):
    spanish_conditions = listing(client, "type=portal.ConditionPage&locale=es")
    assert [item["title"] for item in spanish_conditions] == ["Contracciones musculares"]

    by_icd = listing(client, "icd10cm=r25.3&fields=_,title,locale")
    assert sorted(item["title"] for item in by_icd) == ["Contracciones musculares", "Muscle twitching"]

    by_rxnorm = listing(client, "rxnorm=25480&locale=en")
    assert [item["title"] for item in by_rxnorm] == ["Anticonvulsants"]

    assert listing(client, "icd10cm=R25.2") == []  # a symptom's code, not a page's own


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("locale=fr", "locale must be one of en, es"),
        ("icd10cm=twitch", "icd10cm: twitch is not an ICD-10-CM code"),
        ("snomedct=26544006", "its last digit does not check out"),
        ("rxnorm=R25.3", "not an RxNorm RxCUI"),
    ],
)
def test_a_filter_the_api_cannot_answer_is_a_400_that_says_why(client, query, says):
    response = client.get(f"/api/v2/pages/?{query}")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert says in response.json()["message"]


def test_a_draft_is_never_shown(client):
    page = english(ConditionPage)
    page.title = "A title still in review"
    page.summary = "A draft summary."
    page.save_revision()

    shown = detail(client, page)
    assert (shown["title"], shown["summary"]) != ("A title still in review", "A draft summary.")
    assert (
        "A title still in review"
        not in client.get("/api/v2/pages/?type=portal.ConditionPage&fields=*").content.decode()
    )


def test_an_unpublished_page_is_not_listed_linked_or_found(client):
    medication = english(MedicationPage, slug="anticonvulsants")
    medication.unpublish()

    assert client.get(f"/api/v2/pages/{medication.pk}/").status_code == HTTPStatus.NOT_FOUND
    assert "Anticonvulsants" not in [
        item["title"] for item in listing(client, "type=treatments.MedicationPage")
    ]
    condition = detail(client, english(ConditionPage))
    assert "Anticonvulsants" not in [item["title"] for item in condition["treatments"]]
    assert listing(client, "rxnorm=25480&locale=en") == []


def test_a_private_page_is_not_listed_linked_or_found(client):
    nutrient = english(NutrientPage, slug="magnesium")
    PageViewRestriction.objects.create(page=nutrient, restriction_type="password", password="secret")

    assert client.get(f"/api/v2/pages/{nutrient.pk}/").status_code == HTTPStatus.NOT_FOUND
    assert "Magnesium" not in [item["title"] for item in listing(client, "type=nutrition.NutrientPage")]
    almonds = client.get(f"/api/v2/foods/{english(Food, slug='almonds').pk}/").json()
    assert [row["nutrient"]["title"] for row in almonds["nutrients"]] == ["Calcium"]
    condition = detail(client, english(ConditionPage))
    assert "Magnesium" not in [item["title"] for item in condition["nutrients"]]


def test_the_symptoms_endpoint_lists_live_symptoms_with_their_codes(client):
    cramp = english(Symptom, slug="muscle-cramp")
    response = client.get(f"/api/v2/symptoms/{cramp.pk}/").json()

    assert response["codes"] == {"icd10cm": ["R25.2"], "snomedct": []}
    assert response["meta"]["locale"] == "en"
    assert "charley horse" in response["other_names"]
    assert response["url"] == f"{SITE}/symptoms/muscle-cramp/"
    assert [condition["title"] for condition in response["conditions"]] == ["Muscle twitching"]
    assert response["translations"][0]["url"] == f"{SITE}/es/sintomas/calambre-muscular/"

    by_code = client.get("/api/v2/symptoms/?icd10cm=R25.2&locale=es").json()["items"]
    assert sorted(item["name"] for item in by_code) == ["Calambre muscular", "Espasmo muscular"]
    weakness = client.get("/api/v2/symptoms/?snomedct=26544005").json()["items"]
    assert [item["name"] for item in weakness] == ["Muscle weakness", "Debilidad muscular"]


def test_a_draft_symptom_is_not_in_the_api(client):
    cramp = english(Symptom, slug="muscle-cramp")
    cramp.live = False
    cramp.save()

    assert client.get(f"/api/v2/symptoms/{cramp.pk}/").status_code == HTTPStatus.NOT_FOUND
    names = [item["name"] for item in client.get("/api/v2/symptoms/?locale=en&limit=20").json()["items"]]
    assert "Muscle cramp" not in names
    assert "Muscle cramp" not in [
        symptom["name"] for symptom in detail(client, english(ConditionPage))["symptoms"]
    ]


def test_the_foods_endpoint_gives_amounts_with_their_nutrient_pages(client):
    banana = client.get(f"/api/v2/foods/{english(Food, slug='banana').pk}/").json()

    assert banana["name"] == "Banana"
    potassium = banana["nutrients"][0]
    assert potassium["nutrient"]["url"] == f"{SITE}/nutrition/potassium/"
    assert potassium["amount"].endswith("mg")
    assert banana["references"]


def test_an_unknown_address_under_api_answers_json(client):
    response = client.get("/api/v2/nothing-here/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"] == "application/json"


def test_a_private_page_is_not_linked_through_a_translation_of_it(client):
    """The Spanish condition is public while the English one is private: an English symptom must not
    link the English page because the Spanish one lists the symptom."""
    english_condition = english(ConditionPage)
    PageViewRestriction.objects.create(page=english_condition, restriction_type="password", password="secret")

    symptom = english(Symptom, slug="muscle-twitching")
    linked = client.get(f"/api/v2/symptoms/{symptom.pk}/").json()["conditions"]
    assert english_condition.pk not in [page["id"] for page in linked]
    assert "/conditions/muscle-twitching/" not in client.get("/symptoms/muscle-twitching/").content.decode()


def test_answers_with_health_data_are_kept_by_no_one_and_others_are_revalidated(client):
    assert "no-store" in client.get("/api/v2/symptoms/?icd10cm=R25.2")["Cache-Control"]
    assert "no-store" in client.get("/api/v2/pages/?rxnorm=25480")["Cache-Control"]
    listing = client.get("/api/v2/pages/")
    assert "no-cache" in listing["Cache-Control"] and "public" in listing["Cache-Control"]


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/api/v2/pages/?icd10cm=R25.3&icd10cm=R25.2", "icd10cm is given more than once"),
        ("/api/v2/symptoms/?rxnorm=25480", "rxnorm: nothing listed here carries RxNorm codes"),
        ("/api/v2/foods/?icd10cm=R25.3", "icd10cm: nothing listed here carries ICD-10-CM codes"),
    ],
)
def test_a_code_filter_that_cannot_apply_is_refused(client, path, says):
    response = client.get(path)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert says in response.json()["message"]


def test_only_reads_are_answered_and_in_the_apis_own_shape(client):
    response = client.post("/api/v2/pages/")

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response.json() == {"message": 'Method "POST" not allowed.'}
    assert "GET" in response["Allow"]


def test_the_api_answers_json_even_to_a_browser(client):
    response = client.get("/api/v2/pages/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")

    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("field", ["medicines", "interactions", "nutrients", "causes"])
def test_a_field_of_related_rows_is_not_a_filter(client, field):
    type_of = {
        "medicines": "treatments.MedicationPage",
        "interactions": "treatments.MedicationPage",
        "nutrients": "treatments.HomeRemedyPage",
        "causes": "portal.ConditionPage",
    }
    response = client.get(f"/api/v2/pages/?type={type_of[field]}&{field}=")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert f"{field} cannot be filtered by" in response.json()["message"]
