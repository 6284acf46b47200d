"""What search engines, other software and worried patients get besides the page text."""

import json
import re
from http import HTTPStatus

import pytest

from portal.models import ConditionPage, HomePage, SymptomIndexPage
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db


def json_ld(response):
    scripts = soup(response).select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_condition_structured_data(client):
    data = json_ld(client.get("/conditions/muscle-twitching/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert "lastReviewed" not in data and "reviewedBy" not in data  # no clinician has signed it off
    about = data["about"]
    assert about["@type"] == "MedicalCondition" and about["name"] == "Muscle twitching"
    assert {"@type": "MedicalSignOrSymptom", "name": "Eyelid twitching"} in about["signOrSymptom"]
    assert {"@type": "MedicalCause", "name": "Stress and anxiety"} in about["cause"]
    therapies = {therapy["name"]: therapy["@type"] for therapy in about["possibleTreatment"]}
    assert therapies["Physical therapy"] == "PhysicalTherapy"
    assert therapies["Muscle relaxants"] == "MedicalTherapy"


@pytest.mark.parametrize(
    ("url", "about_type"),
    [
        ("/treatments/muscle-relaxants/", "DrugClass"),
        ("/treatments/physical-therapy/", "PhysicalTherapy"),
        ("/treatments/home-remedies/", "MedicalTherapy"),
        ("/treatments/stress-management/", "LifestyleModification"),
        ("/nutrition/magnesium/", "Substance"),
    ],
)
def test_each_clinical_page_is_a_medical_web_page(client, url, about_type):
    data = json_ld(client.get(url))
    assert data["@type"] == "MedicalWebPage"
    assert data["about"]["@type"] == about_type
    assert {"url", "name", "description"} <= set(data)


def test_medication_lists_its_drugs_with_generic_and_brand_names(client):
    drugs = json_ld(client.get("/treatments/muscle-relaxants/"))["about"]["drug"]
    assert drugs == [
        {
            "@type": "Drug",
            "name": "cyclobenzaprine",
            "nonProprietaryName": "cyclobenzaprine",
            "proprietaryName": ["Flexeril", "Amrix", "Fexmid"],
            "prescriptionStatus": "https://schema.org/PrescriptionOnly",
        }
    ]


def test_symptom_food_and_index_pages_have_structured_data(client):
    symptom = json_ld(client.get("/symptoms/eyelid-twitching/"))
    assert symptom["about"]["@type"] == "MedicalSignOrSymptom"
    assert "myokymia" in symptom["about"]["alternateName"]
    assert json_ld(client.get("/nutrition/foods/banana/"))["about"]["name"] == "Banana"
    assert json_ld(client.get("/"))["@type"] == "WebPage"


def test_meta_description_canonical_and_open_graph(client, settings):
    site = settings.WAGTAILADMIN_BASE_URL  # the address load_portal_content gave the site
    html = soup(client.get("/nutrition/potassium/"))
    description = html.select_one('meta[name="description"]')["content"]
    assert description.startswith("Potassium carries the signals")
    assert html.select_one('link[rel="canonical"]')["href"] == f"{site}/nutrition/potassium/"
    og = {tag["property"]: tag["content"] for tag in html.select('meta[property^="og:"]')}
    assert og["og:title"] == "Potassium" and og["og:type"] == "article"
    assert og["og:url"] == f"{site}/nutrition/potassium/"


def test_home_and_index_pages_describe_themselves_for_search_engines_and_link_previews(client):
    home = HomePage.objects.get(locale__language_code="en")
    symptoms = SymptomIndexPage.objects.get(locale__language_code="en")
    for page, description in ((home, home.hero_intro), (symptoms, symptoms.intro)):
        html = soup(client.get(page.url))
        assert html.select_one('meta[name="description"]')["content"] == description
        assert html.select_one('meta[property="og:type"]')["content"] == "website"
    symptoms.search_description = "Every symptom, from cramps to twitching."
    symptoms.save_revision().publish()
    html = soup(client.get(symptoms.url))
    assert html.select_one('meta[name="description"]')["content"] == symptoms.search_description


def test_structured_data_cannot_break_out_of_its_script(client, condition_index):
    from tests.portal.factories import ConditionPageFactory

    page = ConditionPageFactory(parent=condition_index, summary="</script><script>alert(1)</script>")
    response = client.get(page.url)
    assert b"</script><script>alert(1)" not in response.content
    assert json_ld(response)["description"] == "</script><script>alert(1)</script>"


def test_sitemap_lists_pages_symptoms_and_foods(client, settings):
    response = client.get("/sitemap.xml")
    assert response.status_code == HTTPStatus.OK
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    for path in [
        "/conditions/muscle-twitching/",
        "/symptoms/eyelid-twitching/",
        "/nutrition/foods/banana/",
        "/treatments/physical-therapy/",
    ]:
        assert f"{settings.WAGTAILADMIN_BASE_URL}{path}" in locations


def test_robots_txt_points_to_the_sitemap_and_keeps_search_and_admin_out(client, settings):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text and "Disallow: /search/" in text
    assert f"Sitemap: {settings.WAGTAILADMIN_BASE_URL}/sitemap.xml" in text


def test_about_our_content_is_linked_from_every_page(client):
    footer_links = {
        a.get_text(): a["href"] for a in soup(client.get("/nutrition/calcium/")).select("footer a")
    }
    assert footer_links["About our content"] == "/about-our-content/"
    assert footer_links["When to seek medical attention"] == "/conditions/muscle-twitching/#when-to-seek-help"


def test_friendly_404_keeps_header_search_and_help(client):
    response = client.get("/no/such/page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    html = soup(response)
    assert html.select_one("header form[role=search]")
    assert "Page not found" in page_text(response)
    assert html.select_one("main a[href$='#when-to-seek-help']")


def test_friendly_500_without_details(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(ConditionPage, "get_context", broken)
    client.raise_request_exception = False
    response = client.get("/conditions/muscle-twitching/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert b"Sorry, something went wrong" in response.content
    assert b"secret internal detail" not in response.content and b"Traceback" not in response.content
    html = soup(response)
    assert html.select_one("header form[role=search]")
    assert html.select_one("main a[href$='#when-to-seek-help']")
