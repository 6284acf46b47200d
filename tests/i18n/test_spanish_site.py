"""The shipped site in Spanish: every page type under /es/, linking to Spanish pages, and how a
patient moves between the languages."""

import re
import xml.etree.ElementTree as ET

from wagtail.models import Locale, Page

import pytest

from nutrition.models import Food, NutrientPage
from portal.models import ConditionPage, HomePage, Symptom
from treatments.models import HomeRemedyPage, LifestyleChangePage, MedicationPage, PhysicalTherapyPage

# One shipped address of each page type and route, in Spanish, with what it must show.
SPANISH_PAGES = [
    ("/es/", "Información clara sobre las contracciones musculares"),
    ("/es/afecciones/", "Afecciones"),
    ("/es/afecciones/contracciones-musculares/", "Calambre muscular"),
    ("/es/sintomas/", "Espasmos del párpado"),
    ("/es/sintomas/calambre-muscular/", "Contracciones musculares"),
    ("/es/tratamientos/", "Fisioterapia"),
    ("/es/tratamientos/relajantes-musculares/", "ciclobenzaprina"),
    ("/es/tratamientos/fisioterapia/", "Fisioterapia"),
    ("/es/tratamientos/remedios-caseros/", "Remedios caseros"),
    ("/es/tratamientos/manejo-del-estres/", "estrés"),
    ("/es/nutricion/", "Magnesio"),
    ("/es/nutricion/magnesio/", "Espinacas"),
    ("/es/nutricion/foods/", "Plátano (banana)"),
    ("/es/nutricion/foods/platano/", "Potasio"),
    ("/es/sobre-nuestro-contenido/", "Sobre nuestro contenido"),
    ("/es/search/?q=calambre", "calambre"),
]

SWITCHER = re.compile(r'<nav class="language-switcher.*?</nav>', re.S)
HEAD = re.compile(r"<head>.*?</head>", re.S)


def links_shown(html):
    """The site's own links a patient can follow, leaving out the language switcher and the head."""
    body = SWITCHER.sub("", HEAD.sub("", html))
    return {
        href
        for href in re.findall(r'href="([^"#]*)', body)
        if href.startswith("/") and not href.startswith("/static/")
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "shown"), SPANISH_PAGES)
def test_each_page_type_renders_in_spanish_and_links_only_spanish_pages(client, url, shown):
    response = client.get(url)
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="es">' in html
    assert response["Content-Language"] == "es"
    assert shown in html
    english_links = {href for href in links_shown(html) if not href.startswith("/es/")}
    assert english_links == set(), f"{url} links English pages: {sorted(english_links)}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/conditions/muscle-twitching/",
        "/symptoms/",
        "/symptoms/muscle-cramp/",
        "/nutrition/foods/banana/",
    ],
)
def test_english_pages_stay_at_the_root_and_link_only_english_pages(client, url):
    response = client.get(url)
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert not any(href.startswith("/es/") for href in links_shown(html))


@pytest.mark.django_db
def test_a_spanish_condition_lists_spanish_symptoms_treatments_and_foods(client):
    html = client.get("/es/afecciones/contracciones-musculares/").content.decode()

    assert '<a href="/es/sintomas/espasmos-del-parpado/">Espasmos del párpado</a>' in html
    assert 'href="/es/tratamientos/relajantes-musculares/"' in html
    assert 'href="/es/nutricion/foods/platano/"' in html
    # The English names are not shown on the Spanish page.
    assert "Eyelid twitching" not in html
    assert "Muscle relaxants" not in html


@pytest.mark.django_db
def test_a_spanish_symptom_page_lists_the_spanish_pages_that_mention_it(client):
    html = client.get("/es/sintomas/espasmos-del-parpado/").content.decode()

    assert 'href="/es/afecciones/contracciones-musculares/"' in html
    assert 'href="/es/nutricion/magnesio/"' in html  # a magnesium shortfall can cause it
    assert "Muscle twitching" not in html


@pytest.mark.django_db
def test_each_language_has_its_own_a_to_z(client):
    spanish = client.get("/es/sintomas/").content.decode()
    english = client.get("/symptoms/").content.decode()

    assert "Espasmos del párpado" in spanish and "Eyelid twitching" not in spanish
    assert "Eyelid twitching" in english and "Espasmos del párpado" not in english


@pytest.mark.django_db
def test_a_symptom_slug_of_the_other_language_is_not_found(client):
    assert client.get("/es/sintomas/muscle-cramp/").status_code == 404
    assert client.get("/symptoms/calambre-muscular/").status_code == 404


@pytest.mark.django_db
def test_the_page_names_its_versions_in_every_language_for_search_engines(client):
    html = client.get("/conditions/muscle-twitching/").content.decode()
    head = HEAD.search(html).group()

    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/conditions/muscle-twitching/">' in head
    )
    assert (
        '<link rel="alternate" hreflang="es" href="http://testserver/es/afecciones/contracciones-musculares/">'
        in head
    )
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/conditions/muscle-twitching/">'
        in head
    )
    assert '<meta property="og:locale" content="en_US">' in head
    assert '<meta property="og:locale:alternate" content="es_US">' in head
    assert '"inLanguage": "es"' in client.get("/es/afecciones/contracciones-musculares/").content.decode()


@pytest.mark.django_db
def test_the_switcher_leads_to_the_same_page_in_the_other_language(client):
    spanish = client.get("/es/sintomas/calambre-muscular/").content.decode()
    english = client.get("/symptoms/muscle-cramp/").content.decode()

    assert '<a href="/symptoms/muscle-cramp/" hreflang="en">English</a>' in SWITCHER.search(spanish).group()
    assert (
        '<a href="/es/sintomas/calambre-muscular/" hreflang="es">Español</a>'
        in SWITCHER.search(english).group()
    )


@pytest.mark.django_db
def test_the_switcher_keeps_the_search_words(client):
    html = client.get("/search/?q=banana").content.decode()

    assert 'href="/es/search/?q=banana"' in SWITCHER.search(html).group()


@pytest.mark.django_db
def test_the_switcher_says_so_in_the_other_language_when_a_page_is_not_translated(client, condition_index):
    from tests.portal.factories import ConditionPageFactory

    ConditionPageFactory(parent=condition_index, title="Restless legs", slug="restless-legs")

    switcher = SWITCHER.search(client.get("/conditions/restless-legs/").content.decode()).group()

    assert 'lang="es"' in switcher
    assert "todavía no está traducida" in switcher
    assert '<a href="/es/" hreflang="es">' in switcher


@pytest.mark.django_db
def test_a_page_not_yet_translated_is_linked_as_it_is_from_a_spanish_page(client):
    # The Spanish stress page is taken off the site: the Spanish condition still links the English one.
    LifestyleChangePage.objects.get(slug="manejo-del-estres").unpublish()

    html = client.get("/es/afecciones/contracciones-musculares/").content.decode()

    assert 'href="/treatments/stress-management/"' in html


@pytest.mark.django_db
def test_without_a_live_home_page_in_a_language_its_addresses_are_not_found(client):
    HomePage.objects.get(locale__language_code="es").unpublish()

    assert client.get("/es/").status_code == 404
    assert client.get("/es/afecciones/contracciones-musculares/").status_code == 404
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_the_sitemap_lists_both_languages_with_their_alternates(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entries = {
        url.find("s:loc", ns).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        for url in root.findall("s:url", ns)
    }

    assert entries["http://testserver/es/afecciones/contracciones-musculares/"] == {
        "en": "http://testserver/conditions/muscle-twitching/",
        "es": "http://testserver/es/afecciones/contracciones-musculares/",
        "x-default": "http://testserver/conditions/muscle-twitching/",
    }
    assert (
        entries["http://testserver/symptoms/muscle-cramp/"]["es"]
        == "http://testserver/es/sintomas/calambre-muscular/"
    )
    assert (
        entries["http://testserver/es/nutricion/foods/platano/"]["en"]
        == "http://testserver/nutrition/foods/banana/"
    )


@pytest.mark.django_db
def test_every_shipped_page_and_snippet_exists_in_spanish():
    spanish = Locale.objects.get(language_code="es")
    for model in [HomePage, ConditionPage, MedicationPage, PhysicalTherapyPage, HomeRemedyPage, NutrientPage]:
        english = model.objects.filter(locale__language_code="en")
        for page in english:
            assert page.has_translation(spanish), f"{page} has no Spanish translation"
    for model in [Symptom, Food]:
        for obj in model.objects.filter(locale__language_code="en"):
            assert obj.has_translation(spanish), f"{obj} has no Spanish translation"
    assert (
        Page.objects.filter(locale=spanish).count()
        == Page.objects.filter(locale__language_code="en", depth__gt=1).count()
    )


@pytest.mark.django_db
def test_spanish_pages_say_they_are_not_yet_checked_by_a_clinician(client):
    for page in ConditionPage.objects.filter(locale__language_code="es"):
        assert not page.is_signed_off
        assert page.reviewer is None
