"""Editors' content cannot carry scripts: no javascript: links in rich text, no raw HTML blocks."""

import json

from django.apps import apps

from wagtail import blocks
from wagtail.fields import StreamField

import pytest

from portal.models import ConditionPage


def contentstate_with_link(url):
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": "Read this first",
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 15, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}},
        }
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(document.cookie)", " javascript:void(0)", "data:text/html,<b>"],
)
def test_the_editor_drops_script_links_from_rich_text(url):
    form_class = ConditionPage.get_edit_handler().get_form_class()
    widget = form_class.base_fields["overview"].widget
    stored = widget.value_from_datadict({"overview": contentstate_with_link(url)}, {}, "overview")
    assert "Read this first" in stored
    assert "javascript" not in stored.lower() and "data:" not in stored


@pytest.mark.django_db
def test_ordinary_links_survive():
    form_class = ConditionPage.get_edit_handler().get_form_class()
    widget = form_class.base_fields["overview"].widget
    stored = widget.value_from_datadict(
        {"overview": contentstate_with_link("https://medlineplus.gov/")}, {}, "overview"
    )
    assert 'href="https://medlineplus.gov/"' in stored


def all_blocks(block):
    yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from all_blocks(child)
    if isinstance(block, blocks.ListBlock):
        yield from all_blocks(block.child_block)


def test_no_stream_field_offers_raw_html():
    stream_fields = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
    ]
    assert stream_fields, "expected the portal's pages to use StreamFields"
    offenders = [
        f"{model.__name__}.{field.name}: {type(block).__name__}"
        for model, field in stream_fields
        for block in all_blocks(field.stream_block)
        if isinstance(block, blocks.RawHTMLBlock)
    ]
    assert offenders == []
