from django.core.exceptions import ValidationError

import pytest

from portal.core.blocks import BodyStreamBlock, CareCardBlock, ReferenceBlock
from tests.html import soup


class Rendered:
    def __init__(self, html):
        self.content = html.encode()


def render(block, value):
    return soup(Rendered(block.render(block.to_python(value))))


@pytest.mark.parametrize(
    ("urgency", "prefix"),
    [
        ("non-urgent", "Non-urgent advice: "),
        ("urgent", "Urgent advice: "),
        ("emergency", "Immediate action required: "),
    ],
)
def test_care_card_announces_its_urgency_to_screen_readers(urgency, prefix):
    html = render(
        CareCardBlock(),
        {
            "urgency": urgency,
            "heading": "Call now if",
            "heading_level": "h3",
            "body": "<p>You cannot breathe.</p>",
        },
    )
    heading = html.select_one(f".care-card--{urgency} h3")
    assert heading.select_one(".visually-hidden").get_text() == prefix
    assert heading.get_text() == f"{prefix}Call now if"


def test_reference_needs_a_url_doi_or_pubmed_id():
    block = ReferenceBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"citation": "A book", "url": "", "doi": "", "pubmed_id": ""}))
    assert block.clean(
        block.to_python({"citation": "A paper", "url": "", "doi": "10.1000/xyz123", "pubmed_id": ""})
    )
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"citation": "A paper", "url": "", "doi": "", "pubmed_id": "PMID-abc"}))


def test_reference_links_its_doi_and_pubmed_record():
    html = render(
        ReferenceBlock(),
        {"citation": "A trial.", "url": "", "doi": "10.1000/xyz123", "pubmed_id": "31234567"},
    )
    hrefs = [a["href"] for a in html.select("a")]
    assert hrefs == ["https://doi.org/10.1000/xyz123", "https://pubmed.ncbi.nlm.nih.gov/31234567/"]


def test_body_blocks_render_their_patient_vocabulary():
    stream = BodyStreamBlock()
    value = stream.to_python(
        [
            {
                "type": "warning_callout",
                "value": {
                    "heading": "Do not drive",
                    "heading_level": "h2",
                    "body": "<p>It makes you sleepy.</p>",
                },
            },
            {"type": "inset_text", "value": {"body": "<p>Most twitches are harmless.</p>"}},
            {
                "type": "do_dont_list",
                "value": {
                    "heading": "Caffeine",
                    "heading_level": "h3",
                    "do": ["Drink water"],
                    "dont": ["Drink energy drinks"],
                },
            },
            {"type": "expander", "value": {"title": "More about ALS", "body": "<p>It is rare.</p>"}},
        ]
    )
    html = soup(Rendered(stream.render(value)))
    assert html.select_one(".warning-callout h2").get_text() == "Important: Do not drive"
    assert "Most twitches are harmless." in html.select_one(".inset-text").get_text()
    assert html.select_one(".do-dont h3").get_text() == "Caffeine"
    assert [li.get_text() for li in html.select(".do-dont li")] == [
        "do: Drink water",
        "do not: Drink energy drinks",
    ]
    assert html.select_one("details.expander summary").get_text() == "More about ALS"


def test_a_table_shows_its_caption_and_scrolls_by_keyboard_on_a_phone():
    from portal.core.blocks import CaptionedTableBlock

    html = render(
        CaptionedTableBlock(),
        {
            "caption": "Magnesium in common foods",
            "table": {"data": [["Food", "Serving"], ["Spinach", "1 cup"]]},
        },
    )

    assert html.select_one("figcaption").get_text(strip=True) == "Magnesium in common foods"
    region = html.select_one(".table-wrap")
    assert (region["role"], region["tabindex"], region["aria-label"]) == (
        "region",
        "0",
        "Magnesium in common foods",
    )
    assert "Spinach" in region.get_text()
