"""StreamField blocks shared by every clinical page, defined once here.

The vocabulary follows public health sites: care cards at three levels of urgency, warning
callouts, inset text, do and don't lists, expanders, tables and references. Blocks with a
heading let the editor choose its level so screen-reader users get a sensible outline.
"""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock

PATIENT_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]

# Levels of urgency for care cards: the label editors pick, the heading patients see when the
# card lists warning signs, and the prefix screen readers announce before the heading.
CARE_LEVELS = {
    "non-urgent": ("Non-urgent: see a doctor if…", "See a doctor if:", "Non-urgent advice: "),
    "urgent": ("Urgent: get advice now if…", "Get advice from a doctor today if:", "Urgent advice: "),
    "emergency": (
        "Emergency: call emergency services if…",
        "Call {emergency_number} now if:",
        "Immediate action required: ",
    ),
}

HEADING_LEVEL_CHOICES = [("h2", "Level 2"), ("h3", "Level 3"), ("h4", "Level 4")]


class HeadingLevelBlock(blocks.ChoiceBlock):
    def __init__(self, **kwargs):
        super().__init__(
            choices=HEADING_LEVEL_CHOICES,
            default="h2",
            help_text="Choose the level that fits the page outline: level 2 directly under the "
            "page title, level 3 inside a level-2 section.",
            **kwargs,
        )


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=PATIENT_RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "components/blocks/paragraph.html"
        description = "Plain-language text: short sentences, everyday words."


class CareCardBlock(blocks.StructBlock):
    """Tells a patient how urgently to get help; the level drives colour and the hidden prefix."""

    urgency = blocks.ChoiceBlock(
        choices=[(level, label) for level, (label, _, _) in CARE_LEVELS.items()],
        default="non-urgent",
    )
    heading = blocks.CharBlock(help_text='For example "See a doctor if your twitching…".')
    heading_level = HeadingLevelBlock()
    body = blocks.RichTextBlock(features=PATIENT_RICH_TEXT_FEATURES)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["screen_reader_prefix"] = CARE_LEVELS[value["urgency"]][2]
        return context

    class Meta:
        icon = "warning"
        template = "components/blocks/care_card.html"
        description = "When and how urgently to get medical help."
        preview_value = {
            "urgency": "non-urgent",
            "heading": "See a doctor if your twitching lasts for weeks",
            "heading_level": "h2",
            "body": "<p>Also see a doctor if it gets worse or comes with weakness.</p>",
        }


class WarningCalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Important")
    heading_level = HeadingLevelBlock()
    body = blocks.RichTextBlock(features=PATIENT_RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "components/blocks/warning_callout.html"
        description = "Something a patient must not miss, such as a safety caution."


class InsetTextBlock(blocks.StructBlock):
    body = blocks.RichTextBlock(features=PATIENT_RICH_TEXT_FEATURES)

    class Meta:
        icon = "openquote"
        template = "components/blocks/inset_text.html"
        description = "Sets a short piece of text apart from the text around it."


class DoDontListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False)
    heading_level = HeadingLevelBlock()
    do = blocks.ListBlock(blocks.CharBlock(label="Do"), label="Do", min_num=1)
    dont = blocks.ListBlock(blocks.CharBlock(label="Don't"), label="Don't", min_num=1)

    class Meta:
        icon = "list-ul"
        template = "components/blocks/do_dont_list.html"
        description = "Paired lists of what to do and what not to do."


class ExpanderBlock(blocks.StructBlock):
    title = blocks.CharBlock(help_text="Shown while the section is closed.")
    body = blocks.RichTextBlock(features=PATIENT_RICH_TEXT_FEATURES)

    class Meta:
        icon = "collapse-down"
        template = "components/blocks/expander.html"
        description = "Detail that only some readers need, behind a heading they can open."


class CaptionedTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(help_text="Says what the table shows; read out by screen readers.")
    table = TableBlock(table_options={"startRows": 3, "startCols": 2})

    class Meta:
        icon = "table"
        template = "components/blocks/table.html"
        description = "A small table with a caption and a header row."


class ReferenceBlock(blocks.StructBlock):
    """A source the page relies on: the citation and at least one way to find it."""

    citation = blocks.CharBlock(
        help_text='Author or organisation, title, year. E.g. "NIH Office of Dietary '
        'Supplements. Magnesium: fact sheet for consumers. 2022."'
    )
    url = blocks.URLBlock(required=False, label="URL")
    doi = blocks.RegexBlock(
        regex=r"^10\.\d{4,9}/\S+$",
        required=False,
        label="DOI",
        help_text="E.g. 10.1000/xyz123, without https://doi.org/",
        error_messages={"invalid": "A DOI starts with 10. followed by a slash and a suffix."},
    )
    pubmed_id = blocks.RegexBlock(
        regex=r"^\d{1,9}$",
        required=False,
        label="PubMed ID",
        error_messages={"invalid": "A PubMed ID is a number, e.g. 31234567."},
    )

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("url") or value.get("doi") or value.get("pubmed_id")):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError("Give a URL, a DOI or a PubMed ID.")}
            )
        return value

    class Meta:
        icon = "link"
        template = "components/blocks/reference.html"
        description = "A reputable source for the page, with a link, DOI or PubMed ID."


class BodyStreamBlock(blocks.StreamBlock):
    """Free-form sections that do not fit a page's structured fields."""

    paragraph = ParagraphBlock()
    care_card = CareCardBlock()
    warning_callout = WarningCalloutBlock()
    inset_text = InsetTextBlock()
    do_dont_list = DoDontListBlock()
    expander = ExpanderBlock()
    table = CaptionedTableBlock()


class ReferencesStreamBlock(blocks.StreamBlock):
    reference = ReferenceBlock()
