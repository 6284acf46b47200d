"""StreamField blocks shared by every clinical page, defined once here.

The vocabulary follows public health sites: care cards at three levels of urgency, warning
callouts, inset text, do and don't lists, expanders, tables and references. Blocks with a
heading let the editor choose its level so screen-reader users get a sensible outline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError, StructValue
from wagtail.contrib.table_block.blocks import TableBlock

PATIENT_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class CareLevel(models.TextChoices):
    """How urgently a patient should get help: what editors pick on care cards and warning signs.

    The label is the editors' (translated in the admin); what patients read is in CARE_LEVEL_TEXT.
    """

    NON_URGENT = "non-urgent", _("Non-urgent: see a doctor if…")
    URGENT = "urgent", _("Urgent: get advice now if…")
    EMERGENCY = "emergency", _("Emergency: call emergency services if…")


@dataclass(frozen=True)
class CareLevelText:
    """What patients read for a level, as written here: the heading of a card that lists warning
    signs, and the prefix screen readers announce before a card's heading."""

    heading: Promise
    screen_reader_prefix: Promise


CARE_LEVEL_TEXT: dict[CareLevel, CareLevelText] = {
    CareLevel.NON_URGENT: CareLevelText(_("See a doctor if:"), _("Non-urgent advice: ")),
    CareLevel.URGENT: CareLevelText(_("Get advice from a doctor today if:"), _("Urgent advice: ")),
    CareLevel.EMERGENCY: CareLevelText(
        _("Call {emergency_number} now if:"), _("Immediate action required: ")
    ),
}

HEADING_LEVEL_CHOICES = [("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))]


class HeadingLevelBlock(blocks.ChoiceBlock):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=HEADING_LEVEL_CHOICES,
            default="h2",
            label=_("Heading level"),
            help_text=_(
                "Choose the level that fits the page outline: level 2 directly under the "
                "page title, level 3 inside a level-2 section."
            ),
            **kwargs,
        )


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(features=PATIENT_RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "components/blocks/paragraph.html"
        description = _("Plain-language text: short sentences, everyday words.")


class CareCardBlock(blocks.StructBlock):
    """Tells a patient how urgently to get help; the level drives colour and the hidden prefix."""

    urgency = blocks.ChoiceBlock(
        choices=CareLevel.choices,
        default=CareLevel.NON_URGENT,
        label=_("Urgency"),
    )
    heading = blocks.CharBlock(
        label=_("Heading"), help_text=_('For example "See a doctor if your twitching…".')
    )
    heading_level = HeadingLevelBlock()
    body = blocks.RichTextBlock(features=PATIENT_RICH_TEXT_FEATURES, label=_("Body"))

    def get_context(self, value: StructValue, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        context = super().get_context(value, parent_context)
        context["screen_reader_prefix"] = CARE_LEVEL_TEXT[CareLevel(value["urgency"])].screen_reader_prefix
        return context

    class Meta:
        icon = "warning"
        label = _("Care card")
        template = "components/blocks/care_card.html"
        description = _("When and how urgently to get medical help.")
        preview_value = {
            "urgency": "non-urgent",
            "heading": "See a doctor if your twitching lasts for weeks",
            "heading_level": "h2",
            "body": "<p>Also see a doctor if it gets worse or comes with weakness.</p>",
        }


class WarningCalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Important", label=_("Heading"))
    heading_level = HeadingLevelBlock()
    body = blocks.RichTextBlock(features=PATIENT_RICH_TEXT_FEATURES, label=_("Body"))

    class Meta:
        icon = "warning"
        label = _("Warning callout")
        template = "components/blocks/warning_callout.html"
        description = _("Something a patient must not miss, such as a safety caution.")


class InsetTextBlock(blocks.StructBlock):
    body = blocks.RichTextBlock(features=PATIENT_RICH_TEXT_FEATURES, label=_("Body"))

    class Meta:
        icon = "openquote"
        label = _("Inset text")
        template = "components/blocks/inset_text.html"
        description = _("Sets a short piece of text apart from the text around it.")


class DoDontListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Heading"))
    heading_level = HeadingLevelBlock()
    do = blocks.ListBlock(blocks.CharBlock(label=_("Do")), label=_("Do"), min_num=1)
    dont = blocks.ListBlock(blocks.CharBlock(label=_("Don't")), label=_("Don't"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Do and don't list")
        template = "components/blocks/do_dont_list.html"
        description = _("Paired lists of what to do and what not to do.")


class ExpanderBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), help_text=_("Shown while the section is closed."))
    body = blocks.RichTextBlock(features=PATIENT_RICH_TEXT_FEATURES, label=_("Body"))

    class Meta:
        icon = "collapse-down"
        label = _("Expander")
        template = "components/blocks/expander.html"
        description = _("Detail that only some readers need, behind a heading they can open.")


class CaptionedTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=_("Caption"), help_text=_("Says what the table shows; read out by screen readers.")
    )
    table = TableBlock(table_options={"startRows": 3, "startCols": 2}, label=_("Table"))

    class Meta:
        icon = "table"
        label = _("Table")
        template = "components/blocks/table.html"
        description = _("A small table with a caption and a header row.")


class ReferenceBlock(blocks.StructBlock):
    """A source the page relies on: the citation and at least one way to find it."""

    citation = blocks.CharBlock(
        label=_("Citation"),
        help_text=_(
            'Author or organisation, title, year. E.g. "NIH Office of Dietary '
            'Supplements. Magnesium: fact sheet for consumers. 2022."'
        ),
    )
    url = blocks.URLBlock(required=False, label=_("URL"))
    doi = blocks.RegexBlock(
        regex=r"^10\.\d{4,9}/\S+$",
        required=False,
        label=_("DOI"),
        help_text=_("E.g. 10.1000/xyz123, without https://doi.org/"),
        error_messages={"invalid": _("A DOI starts with 10. followed by a slash and a suffix.")},
    )
    pubmed_id = blocks.RegexBlock(
        regex=r"^\d{1,9}$",
        required=False,
        label=_("PubMed ID"),
        error_messages={"invalid": _("A PubMed ID is a number, e.g. 31234567.")},
    )

    def clean(self, value: StructValue) -> StructValue:
        value = super().clean(value)
        if not (value.get("url") or value.get("doi") or value.get("pubmed_id")):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Give a URL, a DOI or a PubMed ID."))}
            )
        return value

    class Meta:
        icon = "link"
        label = _("Reference")
        template = "components/blocks/reference.html"
        description = _("A reputable source for the page, with a link, DOI or PubMed ID.")


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
