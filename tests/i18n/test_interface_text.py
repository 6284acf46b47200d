"""The words around the content, in the reader's language: what a patient reads on a Spanish page
that no editor wrote (skip link, navigation, search, review dates, notices), and the Spanish
catalogue they come from."""

import datetime
import json
import re
from pathlib import Path

from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from nutrition.models import format_amount
from portal.models import ConditionPage, Reviewer
from tests.html import soup
from tests.i18n.test_spanish_site import SPANISH_PAGES

SPANISH_CATALOGUE = (
    Path(__file__).resolve().parents[2] / "portal" / "locale" / "es" / "LC_MESSAGES" / "django.po"
)


def spanish_catalogue():
    """Each message of the Spanish catalogue as {msgctxt, msgid, msgid_plural, msgstr or msgstr[n],
    flags}: one block each, separated by blank lines; a string may continue on following lines."""
    entries = []
    for block in SPANISH_CATALOGUE.read_text().split("\n\n"):
        entry, key = {}, None
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', line)
            if match:
                key = match.group(1)
                entry[key] = json.loads(match.group(2))
            elif line.startswith('"') and key:
                entry[key] += json.loads(line)
            elif line.startswith("#,"):
                entry["flags"] = line
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def visible_text(response):
    page = BeautifulSoup(response.content, "html.parser")
    for hidden in page.select("script, template, style, head"):
        hidden.decompose()
    return " ".join(page.get_text(" ").split())


# -- What a patient reads on a Spanish page -------------------------------------------------------


@pytest.mark.django_db
def test_a_spanish_page_speaks_spanish_around_its_content(client):
    response = client.get("/es/afecciones/contracciones-musculares/")
    page = soup(response)
    text = visible_text(response)

    assert page.select_one("a.skip-link").get_text() == "Saltar al contenido principal"
    assert page.select_one("nav.site-nav")["aria-label"] == "Principal"
    assert page.select_one("nav.breadcrumbs")["aria-label"] == "Ruta de navegación"
    assert page.select_one("label[for=site-search-q]").get_text() == "Buscar en la guía"
    assert page.select_one("#site-search-q")["placeholder"] == "p. ej., calambre, plátano"
    assert page.select_one(".site-search button").get_text() == "Buscar"
    assert page.select_one("nav.contents")["aria-label"] == "En esta página"
    assert page.select_one("#seek-help-heading").get_text() == "Cuándo buscar atención médica"
    assert "Aviso médico:" in text and "En una emergencia, llame al" in text
    # Every Spanish page is still waiting for a clinician's sign-off, and says so in Spanish.
    assert page.select_one(".review-unsigned strong").get_text() == (
        "Esta página todavía no ha sido revisada por un profesional clínico."
    )
    # The switcher offers the English page, named in English.
    switcher = page.select_one("nav.language-switcher")
    assert switcher["aria-label"] == "Otros idiomas"
    assert switcher.select_one("a[hreflang=en]").get_text() == "English"


def sign_off(language_code):
    """The language's condition page as a clinician signed it off on 3 December 2026."""
    reviewer = Reviewer.objects.create(name="Dr Ada Lane", credentials="MD")
    ConditionPage.objects.filter(locale__language_code=language_code).update(
        last_reviewed=datetime.date(2026, 12, 3),
        next_review_due=datetime.date(2027, 12, 3),
        reviewer=reviewer,
    )


def review_dates(page):
    return {
        " ".join(row.select_one("dt").get_text().split()): row.select_one("dd").get_text()
        for row in page.select(".review-dates div")
    }


@pytest.mark.django_db
def test_a_spanish_review_date_is_written_as_spanish_readers_write_dates(client):
    sign_off("es")

    page = soup(client.get("/es/afecciones/contracciones-musculares/"))

    assert review_dates(page) == {
        "Última revisión de la página:": "3 de diciembre de 2026",
        "Próxima revisión:": "3 de diciembre de 2027",
        "Revisada por:": "Dr Ada Lane, MD",
    }
    assert page.select_one(".review-unsigned") is None


@pytest.mark.django_db
def test_the_english_page_reads_as_before(client):
    sign_off("en")

    page = soup(client.get("/conditions/muscle-twitching/"))

    assert page.select_one("a.skip-link").get_text() == "Skip to main content"
    assert page.select_one("nav.site-nav")["aria-label"] == "Main"
    assert page.select_one("label[for=site-search-q]").get_text() == "Search the guide"
    assert page.select_one("#seek-help-heading").get_text() == "When to seek medical attention"
    # English dates as the portal has always written them, not Django's "Dec. 3, 2026".
    assert review_dates(page) == {
        "Page last reviewed:": "3 December 2026",
        "Next review due:": "3 December 2027",
        "Reviewed by:": "Dr Ada Lane, MD",
    }
    # The switcher offers the Spanish page, in Spanish.
    assert page.select_one("nav.language-switcher a[hreflang=es]").get_text() == "Español"


@pytest.mark.django_db
def test_a_page_not_yet_in_spanish_says_so_in_spanish(client):
    spanish = ConditionPage.objects.get(locale__language_code="es")
    spanish.unpublish()

    switcher = soup(client.get("/conditions/muscle-twitching/")).select_one("nav.language-switcher")

    text = " ".join(switcher.get_text(" ").split())
    assert "Español: esta página todavía no está traducida." in text
    assert switcher.select_one("a[hreflang=es]").get_text() == "Ir a la página de inicio"


@pytest.mark.django_db
def test_spanish_search_speaks_spanish(client):
    page = soup(client.get("/es/search/?q=calambre"))

    assert page.select_one("h1").get_text() == "Buscar"
    assert (
        page.select_one("label[for=search-page-q]").get_text() == "Busque por síntoma, alimento o tratamiento"
    )
    count = page.select_one(".result-count").get_text()
    assert re.fullmatch(r"\d+ resultados? para “calambre”", count), count
    assert page.select_one("fieldset.kind-filter legend").get_text() == "Mostrar"
    filters = [" ".join(label.get_text().split()) for label in page.select("fieldset.kind-filter label")]
    assert filters[0] == "Todo" and "Síntomas" in filters and "Alimentos" in filters


@pytest.mark.django_db
def test_a_spanish_search_that_finds_nothing_offers_spanish_topics(client):
    page = soup(client.get("/es/search/?q=zzzzqx"))

    assert page.select_one(".no-results h2").get_text() == "No se encontraron páginas"
    topics = [link.get_text() for link in page.select(".no-results li a")]
    assert topics == ["Contracciones musculares"]


@pytest.mark.django_db
def test_a_spanish_page_that_is_not_found_says_so_in_spanish(client):
    page = soup(client.get("/es/no-existe/"))

    assert page.select_one("h1").get_text() == "Página no encontrada"
    assert page.select_one("html")["lang"] == "es"


def test_amounts_are_written_as_each_language_writes_numbers():
    from decimal import Decimal

    with translation.override("en"):
        assert format_amount(Decimal("1000"), "mg") == "1,000 mg"
        assert format_amount(Decimal("75"), "mg", approximate=True) == "about 75 mg"
        assert format_amount(Decimal("0.5"), "mg") == "0.5 mg"
    with translation.override("es"):
        assert format_amount(Decimal("1000"), "mg") == "1\xa0000 mg"
        assert format_amount(Decimal("75"), "mg", approximate=True) == "unos 75 mg"
        assert format_amount(Decimal("0.5"), "mg") == "0,5 mg"


# -- The catalogue ---------------------------------------------------------------------------------


def test_the_compiled_spanish_catalogue_says_what_its_source_says():
    entries = spanish_catalogue()
    assert len(entries) > 300
    with translation.override("es"):
        for entry in entries:
            if "msgid_plural" in entry:
                assert translation.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[0]"]
                assert translation.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr[2]"]
            elif "msgctxt" in entry:
                assert translation.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"]
            else:
                assert translation.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


def test_every_spanish_message_is_translated_and_none_is_fuzzy():
    entries = spanish_catalogue()
    untranslated = [
        entry["msgid"]
        for entry in entries
        if not all(entry[key] for key in entry if key.startswith("msgstr"))
        or not any(key.startswith("msgstr") for key in entry)
    ]
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry.get("flags", "")]
    assert untranslated == []
    assert fuzzy == []
    assert "#, fuzzy" not in SPANISH_CATALOGUE.read_text()  # the header's flag too


def test_every_spanish_message_keeps_the_placeholders_of_its_english():
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    for entry in spanish_catalogue():
        wanted = sorted(placeholder.findall(entry["msgid"]))
        for key in [key for key in entry if key.startswith("msgstr")]:
            assert sorted(placeholder.findall(entry[key])) == wanted, (entry["msgid"], entry[key])


# -- No English slips onto a Spanish page -----------------------------------------------------------

# Words that English interface text is made of and Spanish text is not: any of them outside the
# translated strings on a Spanish page is an English phrase nobody offered for translation.
ENGLISH_WORDS = {
    "the", "and", "of", "to", "your", "you", "this", "that", "with", "for", "not", "yet", "page",
    "pages", "what", "how", "when", "is", "are", "it", "can", "more", "about", "search", "results",
    "result", "found", "go", "home", "main", "skip", "content", "help", "foods", "food", "symptoms",
    "symptom", "treatments", "treatment", "nutrients", "nutrient", "conditions", "condition",
    "causes", "overview", "reviewed", "review", "next", "previous", "show", "everything", "filter",
    "did", "mean", "medical", "doctor", "emergency", "call", "source", "references", "history",
    "by", "in", "on", "or", "do", "don't", "we", "could", "find", "try", "sorry",
}  # fmt: skip
TRANSLATED = re.compile(r"⟦[^⟦⟧]*⟧")
# Content that stays as its source wrote it, in English: citations and the sources of interactions.
QUOTED_SOURCES = "ol.references, .interaction-source, q"


@pytest.fixture
def marked_translations(monkeypatch):
    """Every translated interface string comes back between ⟦ ⟧, in Spanish as usual."""
    from django.utils.translation import _trans, trans_real

    monkeypatch.setattr(_trans, "gettext", lambda message: f"⟦{trans_real.gettext(message)}⟧", raising=False)
    monkeypatch.setattr(
        _trans,
        "pgettext",
        lambda context, message: f"⟦{trans_real.pgettext(context, message)}⟧",
        raising=False,
    )
    monkeypatch.setattr(
        _trans,
        "ngettext",
        lambda singular, plural, n: f"⟦{trans_real.ngettext(singular, plural, n)}⟧",
        raising=False,
    )
    monkeypatch.setattr(
        _trans,
        "npgettext",
        lambda context, singular, plural, n: f"⟦{trans_real.npgettext(context, singular, plural, n)}⟧",
        raising=False,
    )


def english_left(html):
    """English words in what a page shows (text, labels, placeholders) outside its translated
    strings, leaving out quoted sources."""
    page = BeautifulSoup(html, "html.parser")
    for quoted in page.select(f"script, style, template, {QUOTED_SOURCES}"):
        quoted.decompose()
    shown = [page.get_text(" ")]
    for element in page.select("[aria-label], [placeholder], [title]"):
        shown += [element.get(attribute, "") for attribute in ("aria-label", "placeholder", "title")]
    for meta in page.select(
        'meta[name=description], meta[property="og:title"], meta[property="og:site_name"]'
    ):
        shown.append(meta["content"])
    found = set()
    for text in shown:
        previous = None
        while previous != text:
            previous, text = text, TRANSLATED.sub(" ", text)
        found |= {word for word in re.findall(r"[A-Za-z']+", text) if word.lower() in ENGLISH_WORDS}
    return found


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", [url for url, _ in SPANISH_PAGES] + ["/es/no-existe/", "/es/search/?q=zzzzqx"]
)
def test_no_english_interface_text_slips_onto_a_spanish_page(client, marked_translations, url):
    response = client.get(url)
    assert "⟦" in response.content.decode()  # the marked translations are in use

    assert english_left(response.content) == set()
