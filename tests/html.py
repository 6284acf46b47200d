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
