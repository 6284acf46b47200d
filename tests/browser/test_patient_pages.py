"""What a patient sees and does, in a real browser: journeys, accessibility, keyboard, phone widths."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

# Live-server tests need real transactions; the database is emptied after each test.
pytestmark = pytest.mark.django_db(transaction=True)

PAGE_TYPES = {
    "home": "/",
    "condition-index": "/conditions/",
    "condition": "/conditions/muscle-twitching/",
    "symptom-index": "/symptoms/",
    "symptom": "/symptoms/eyelid-twitching/",
    "treatment-index": "/treatments/",
    "medication": "/treatments/muscle-relaxants/",
    "physical-therapy": "/treatments/physical-therapy/",
    "home-remedy": "/treatments/home-remedies/",
    "lifestyle-change": "/treatments/stress-management/",
    "nutrient-index": "/nutrition/",
    "nutrient": "/nutrition/potassium/",
    "food-index": "/nutrition/foods/",
    "food": "/nutrition/foods/banana/",
    "search-results": "/search/?q=eyelid+twitching",
    "search-no-results": "/search/?q=zebra+xylophone",
    "about": "/about-our-content/",
    "not-found": "/no-such-page/",
}
# The same page types in Spanish.
SPANISH_PAGE_TYPES = {
    "home": "/es/",
    "condition-index": "/es/afecciones/",
    "condition": "/es/afecciones/contracciones-musculares/",
    "symptom-index": "/es/sintomas/",
    "symptom": "/es/sintomas/espasmos-del-parpado/",
    "treatment-index": "/es/tratamientos/",
    "medication": "/es/tratamientos/relajantes-musculares/",
    "physical-therapy": "/es/tratamientos/fisioterapia/",
    "home-remedy": "/es/tratamientos/remedios-caseros/",
    "lifestyle-change": "/es/tratamientos/manejo-del-estres/",
    "nutrient-index": "/es/nutricion/",
    "nutrient": "/es/nutricion/potasio/",
    "food-index": "/es/nutricion/foods/",
    "food": "/es/nutricion/foods/platano/",
    "search-results": "/es/search/?q=calambres",
    "search-no-results": "/es/search/?q=cebra+xilofono",
    "about": "/es/sobre-nuestro-contenido/",
    "not-found": "/es/no-existe/",
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def test_patient_journey_from_search_to_a_food(site, page):
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(urlsplit(request.url).hostname))
    page.goto(site + "/")
    page.get_by_label("Search the guide").fill("eyelid twitching")
    page.get_by_label("Search the guide").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=eyelid"))
    page.locator("main ol.search-results").get_by_role("link", name="Muscle twitching").first.click()
    page.wait_for_url(re.compile(r"/conditions/muscle-twitching/$"))
    assert page.get_by_role("heading", name="When to seek medical attention").is_visible()
    page.get_by_role("link", name="Muscle relaxants").click()
    page.wait_for_url(re.compile(r"/treatments/muscle-relaxants/$"))
    assert page.get_by_text("Cyclobenzaprine", exact=True).is_visible()
    page.go_back()
    page.locator("#nutrition").get_by_role("link", name="Potassium").click()
    page.wait_for_url(re.compile(r"/nutrition/potassium/$"))
    page.get_by_role("table", name=re.compile("Foods that provide potassium")).get_by_role(
        "link", name="Banana"
    ).click()
    page.wait_for_url(re.compile(r"/nutrition/foods/banana/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Banana"
    # A symptom search is health data: nothing may go to a third party.
    assert requested_hosts <= {"localhost", "127.0.0.1"}


def axe_violations(browser, site, pages, width, height, screenshots, language):
    """{page type: axe's violations} of each page at the viewport's size."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    axe = Axe()
    failures = {}
    for name, path in pages.items():
        response = page.goto(site + path)
        assert response.status < 500, path
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        if results.violations_count:
            failures[name] = [
                (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
                for v in results.response["violations"]
            ]
        if width < 500:
            page.screenshot(path=str(screenshots / f"{language}-{name}-{width}.png"), full_page=True)
    context.close()
    return failures


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_every_page_type_passes_axe(site, browser, screenshots, width, height):
    failures = axe_violations(browser, site, PAGE_TYPES, width, height, screenshots, "en")
    assert not failures, failures


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_every_page_type_passes_axe_in_spanish(site_in_every_language, browser, screenshots, width, height):
    failures = axe_violations(
        browser, site_in_every_language, SPANISH_PAGE_TYPES, width, height, screenshots, "es"
    )
    assert not failures, failures


def test_no_sideways_scrolling_at_320px(site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    too_wide = {}
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[name] = width
    context.close()
    assert not too_wide, too_wide


def test_keyboard_only_navigation(site, page):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"

    page.goto(site + "/")
    labels = []
    for _ in range(12):
        page.keyboard.press("Tab")
        labels.append(
            page.evaluate(
                "document.activeElement.getAttribute('aria-label') || document.activeElement.textContent.trim() || document.activeElement.id"
            )
        )
    assert "Conditions" in labels and "Nutrition" in labels
    while page.evaluate("document.activeElement.textContent.trim()") != "Nutrition":
        page.keyboard.press("Shift+Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/nutrition/$"))

    page.goto(site + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type("banana")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=banana"))
    assert page.locator("main ol.search-results li").count() > 0


def test_suggestions_appear_as_you_type(site, page):
    page.goto(site + "/")
    page.get_by_label("Search the guide").type("magn", delay=50)
    # A locator, not wait_for_function: the page's CSP forbids the eval that a string predicate needs.
    page.locator("#site-search-suggestions option").first.wait_for(state="attached")
    options = page.eval_on_selector_all(
        "#site-search-suggestions option", "options => options.map(o => o.value)"
    )
    assert "Magnesium" in options


def test_printed_page_has_no_navigation_and_shows_reference_links(site, page):
    page.goto(site + "/conditions/muscle-twitching/")
    page.emulate_media(media="print")
    assert not page.locator("header.site-header").is_visible()
    assert not page.locator("nav.breadcrumbs").is_visible()
    assert page.locator("ol.references a").first.is_visible()
    assert page.get_by_role("heading", name="When to seek medical attention").is_visible()
