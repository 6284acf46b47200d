"""The red-flag register: every warning sign on every live page, grouped by sign, with what to check.

Patients learn how urgent a sign is from its urgency: the same sign called an emergency on one
page and "see a doctor" on another leaves them frightened or ignoring both. A sign without an
urgency tells them nothing to do, and the page leaves it out.
"""

from dataclasses import dataclass, field

from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.fields import StreamField
from wagtail.models import get_page_models

from portal.core.blocks import CareLevel
from portal.pages.models import ConditionWarningSign

WARNING_SIGN_LIST = _("When to seek medical attention")
CARE_CARD = _("Care card")


@dataclass
class WarningSign:
    """One warning sign as one page gives it."""

    page_id: int
    page_title: str
    sign: str
    urgency: str
    where: str

    @property
    def has_action(self):
        return self.urgency in CareLevel.values

    @property
    def urgency_label(self):
        return (
            CareLevel(self.urgency).label if self.has_action else _("None: patients are not told what to do")
        )


@dataclass
class RedFlag:
    """A sign (a symptom, or the same words where no symptom is linked) across every page that gives it."""

    name: str
    is_symptom: bool
    warning_signs: list = field(default_factory=list)

    @property
    def urgency_differs_across_pages(self):
        with_action = [sign for sign in self.warning_signs if sign.has_action]
        return (
            len({sign.urgency for sign in with_action}) > 1
            and len({sign.page_id for sign in with_action}) > 1
        )

    @property
    def without_action(self):
        return [sign for sign in self.warning_signs if not sign.has_action]

    @property
    def needs_attention(self):
        return self.urgency_differs_across_pages or bool(self.without_action)

    @property
    def urgencies(self):
        """The urgencies given, most urgent first."""
        given = {sign.urgency for sign in self.warning_signs if sign.has_action}
        return [level.label for level in reversed(CareLevel) if level in given]


def same_words(text):
    return " ".join(strip_tags(text).lower().split()).rstrip(".!…:")


def warning_sign_rows():
    """The warning signs of live condition pages, and the care cards in live pages' bodies."""
    signs = ConditionWarningSign.objects.filter(condition__live=True).select_related("condition", "symptom")
    for warning_sign in signs.order_by("condition__title", "sort_order"):
        yield (
            warning_sign.symptom,
            WarningSign(
                page_id=warning_sign.condition_id,
                page_title=warning_sign.condition.title,
                sign=warning_sign.sign,
                urgency=warning_sign.urgency,
                where=WARNING_SIGN_LIST,
            ),
        )
    for model, field_name in streams_with_care_cards():
        # Only pages whose body holds a care card are read whole.
        pages = (
            model.objects.live()
            .annotate(stream_text=Cast(field_name, TextField()))
            .filter(stream_text__contains='"care_card"')
            .order_by("title")
            .values_list("pk", "title", field_name)
        )
        for page_id, title, stream in pages:
            for block in stream.raw_data:
                if block["type"] == "care_card":
                    card = block["value"]
                    yield (
                        None,
                        WarningSign(
                            page_id=page_id,
                            page_title=title,
                            sign=card.get("heading", ""),
                            urgency=card.get("urgency", ""),
                            where=CARE_CARD,
                        ),
                    )


def streams_with_care_cards():
    """(page model, field name) of each StreamField, in the page type's own table, that offers care cards."""
    for model in get_page_models():
        for model_field in model._meta.get_fields():
            if (
                isinstance(model_field, StreamField)
                and model_field.model is model
                and "care_card" in model_field.stream_block.child_blocks
            ):
                yield model, model_field.name


def red_flag_register():
    """Every sign with the pages that give it, those that need attention first, then A to Z."""
    red_flags = {}
    for symptom, warning_sign in warning_sign_rows():
        key = ("symptom", symptom.pk) if symptom else ("words", same_words(warning_sign.sign))
        if key not in red_flags:
            red_flags[key] = RedFlag(
                name=symptom.name if symptom else warning_sign.sign, is_symptom=bool(symptom)
            )
        red_flags[key].warning_signs.append(warning_sign)
    return sorted(
        red_flags.values(), key=lambda red_flag: (not red_flag.needs_attention, red_flag.name.lower())
    )
