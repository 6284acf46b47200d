"""Reading pages the way a patient does: as text, without markup."""

import re

from bs4 import BeautifulSoup


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def page_text(response):
    """The visible text of the main content, with whitespace collapsed."""
    main = soup(response).find("main")
    text = " ".join(main.get_text(" ").split())
    return re.sub(r" ([,.:;)])", r"\1", text)


# Blocks a reader takes in as one unit: a list item or a heading ends a sentence even without a full stop.
READING_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "th", "td", "caption", "label")


def reading_text(response):
    """The page's own patient text, as Flesch-Kincaid should read it.

    The main content without what every page repeats (the review dates and references, the
    on-this-page contents, search forms) or cites (an interaction's source), each heading, list
    item and table cell a sentence.
    """
    main = soup(response).find("main")
    for repeated in main.select(".page-review, nav.contents, form, .interaction-source"):
        repeated.decompose()
    sentences = []
    for block in main.find_all(READING_BLOCKS):
        if block.find(READING_BLOCKS):
            continue
        text = " ".join(block.get_text(" ").split()).strip()
        if text:
            sentences.append(text if text[-1] in ".!?:" else f"{text}.")
    return " ".join(sentences)
