"""How readable a page's own text is: its US reading grade and its hardest paragraph.

The grade is measured with a formula made for the page's language, each counting syllables by
that language's rules (textstat): Flesch-Kincaid for English, Crawford's for Spanish, both in US
school years, so one target serves both. A language with no formula here gets no grade rather
than a wrong one.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Field, Model
from django.utils.text import capfirst

from wagtail.fields import RichTextField
from wagtail.models import Page

from bs4 import BeautifulSoup
from textstat.textstat import textstatistics

from portal.core.languages import default_language, language_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TARGET_GRADE = 8
# {language: (textstat's language, the grade formula)}
GRADE_FORMULAS = {"en": ("en_US", "flesch_kincaid_grade"), "es": ("es", "crawford")}
_statistics: dict[str, textstatistics] = {}
# The blocks of rich text that read as paragraphs of their own.
TEXT_BLOCKS = ["p", "li", "h2", "h3", "h4", "blockquote"]


def patient_text_fields(model: type[Model]) -> list[Field]:
    """The page type's own fields that patients read besides the title: its summary and text fields."""
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, Field)
        and field.concrete
        and field.model is not Page
        and field.name not in ("seo_title", "search_description")
        and field.get_internal_type() == "TextField"
    ]


def patient_text(page: Page) -> str:
    """The words a patient reads on the page's own fields: title, summary and text fields."""
    parts = [page.title, page.summary]
    for field in patient_text_fields(type(page)):
        if field.name == "summary":
            continue
        value = getattr(page, field.name, None)
        if isinstance(field, RichTextField) and value:
            # Paragraphs apart: strip_tags would run "…harmless.</p><p>It…" into one word.
            parts.append(BeautifulSoup(value, "html.parser").get_text(" "))
        elif isinstance(value, str):
            parts.append(value)
    return "\n".join(" ".join(part.split()) for part in parts if part)


@dataclass
class Paragraph:
    field: "StrOrPromise"
    text: str
    grade: float


def page_language(page: Page) -> str:
    """The language a page is written in; a page not yet saved, the default language's."""
    return language_of(page) if page.locale_id else default_language()


def paragraphs(page: Page) -> list[Paragraph]:
    """Each paragraph (or list item) of the page's own text fields, with the field's label and its
    reading grade; paragraphs too short to grade are left out."""
    language = page_language(page)
    found = []
    for field in patient_text_fields(type(page)):
        value = getattr(page, field.name, None) or ""
        if isinstance(field, RichTextField):
            blocks = [
                block.get_text(" ") for block in BeautifulSoup(value, "html.parser").find_all(TEXT_BLOCKS)
            ]
        else:
            blocks = value.splitlines()
        for block in blocks:
            text = " ".join(block.split())
            grade = reading_grade(text, language)
            if grade is not None:
                found.append(Paragraph(field=capfirst(field.verbose_name), text=text, grade=grade))
    return found


@dataclass
class Readability:
    grade: float | None
    hardest: Paragraph | None
    target: int = TARGET_GRADE

    @property
    def meets_target(self) -> bool:
        return self.grade is not None and self.grade <= self.target


def readability(page: Page) -> Readability:
    """The reading grade of the page's own text, and its hardest paragraph."""
    graded = paragraphs(page)
    return Readability(
        grade=reading_grade(patient_text(page), page_language(page)),
        hardest=max(graded, key=lambda paragraph: paragraph.grade) if graded else None,
    )


def page_from_form_data(model: type[Page], data: Mapping[str, Any], locale_id: int | None = None) -> Page:
    """An unsaved page of this type, in the locale, with the patient text of an edit form as posted,
    rich text as it would be saved (the editor posts its own format, which its widget turns into HTML)."""
    page = model(title=data.get("title", ""), locale_id=locale_id)
    for field in patient_text_fields(model):
        form_field = field.formfield()
        assert form_field is not None, "a text field has a form field"
        widget = form_field.widget
        try:
            value = widget.value_from_datadict(data, {}, field.name)
        except ValueError:  # not the editor's format: take it as written
            value = data.get(field.name)
        setattr(page, field.name, value or "")
    return page


def reading_grade(text: str, language: str = "en") -> float | None:
    """US school grade needed to read the text, by the language's formula; None for too little text
    or a language with no formula."""
    if len(text.split()) < 10 or language not in GRADE_FORMULAS:
        return None
    textstat_language, formula = GRADE_FORMULAS[language]
    if language not in _statistics:
        statistics = textstatistics()
        statistics.set_lang(textstat_language)
        _statistics[language] = statistics
    return round(getattr(_statistics[language], formula)(text), 1)
