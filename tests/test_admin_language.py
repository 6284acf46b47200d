"""The admin's words: one name per thing, in English as in any other language an editor chooses."""

import json
import re
from http import HTTPStatus
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from portal.models import ClinicalReviewTask, ConditionPage
from tests.governance.test_workflow import approve, current_task_state, submit_change
from tests.html import soup

pytestmark = pytest.mark.django_db

ENGLISH_CATALOGUE = (
    Path(__file__).resolve().parents[1] / "portal" / "locale" / "en" / "LC_MESSAGES" / "django.po"
)


def sidebar_links(client):
    """(label, url) of every link in the admin's menu, submenus included."""
    props = json.loads(soup(client.get("/admin/")).select_one("#wagtail-sidebar-props").string)

    def walk(node):
        if isinstance(node, dict):
            if node.get("_type") == "wagtail.sidebar.LinkMenuItem":
                yield node["_args"][0]["label"], node["_args"][0]["url"]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    return list(walk(props))


def test_each_menu_item_leads_to_a_page_headed_with_its_name(admin_client):
    internal = [(label, url) for label, url in sidebar_links(admin_client) if url.startswith("/admin/")]
    assert ("Reviewers", "/admin/snippets/portal/reviewer/") in internal
    assert ("Search synonym groups", "/admin/snippets/portal/synonymgroup/") in internal
    for label, url in internal:
        response = admin_client.get(url, follow=True)
        assert response.status_code == HTTPStatus.OK, url
        heading = " ".join(soup(response).select_one("h1").get_text(" ").split())
        assert heading.removeprefix("Editing: ") == label, url  # a setting opens its edit form


def test_the_workflow_its_task_and_the_task_type_have_one_name_each():
    page = ConditionPage.objects.get(locale__language_code="en")
    workflow = page.get_workflow()
    assert (workflow.name, [task.name for task in workflow.tasks]) == (
        "Clinical review",
        ["Clinical sign-off"],
    )
    assert ClinicalReviewTask._meta.verbose_name == "clinical sign-off task"


def visible_text(response):
    page = BeautifulSoup(response.content, "html.parser")
    for hidden in page.select("script, template, style"):
        hidden.decompose()
    return " ".join(page.get_text(" ").split())


def test_submitting_says_clinical_review_in_the_admin_and_in_every_email(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    submitted = submit_change(client, page, "A change for review.")
    after = visible_text(client.get(submitted["Location"]))
    assert "Page 'Muscle twitching' has been submitted for clinical review." in after
    assert "In clinical review" in visible_text(client.get(edit_url))

    client.force_login(reviewer)
    task_state = current_task_state(page)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]),
        {"comment": "Please cite the NIH fact sheet."},
    )
    client.force_login(editor)
    submit_change(client, page, "A change with its source.", action="action-restart-workflow")
    client.force_login(reviewer)
    approve(client, page)

    subjects = [message.subject for message in mail.outbox]
    assert (
        'The page "Muscle twitching" has been submitted for clinical review at step "Clinical sign-off"'
        in subjects
    )
    texts = [f"{message.subject}\n{message.body}" for message in mail.outbox]
    assert any("sent back with changes requested" in text for text in texts)
    assert any('has been approved in workflow "Clinical review"' in text for text in texts)
    for text in texts:
        assert "moderat" not in text.lower() and "rejected" not in text.lower(), text
    for url in ("/admin/", edit_url, reverse("wagtailadmin_pages:history", args=[page.pk])):
        assert "moderat" not in visible_text(client.get(url)).lower(), url


def english_catalogue():
    """The msgid → msgstr pairs of the portal's English catalogue (one line each: written unwrapped)."""
    entries, current = [], {}
    for line in ENGLISH_CATALOGUE.read_text().splitlines():
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
        if match:
            key, value = match.groups()
            if key == "msgid" and current:
                entries.append(current)
                current = {}
            current[key] = json.loads(f'"{value}"')
    entries.append(current)
    return [entry for entry in entries if entry["msgid"]]


def test_the_compiled_english_catalogue_says_what_its_source_says():
    entries = english_catalogue()
    assert len(entries) > 30
    with translation.override("en-us"):
        for entry in entries:
            if "msgid_plural" in entry:
                assert translation.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[0]"]
                assert translation.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr[1]"]
            else:
                assert translation.gettext(entry["msgid"]) == entry["msgstr"]
            assert "moderat" not in json.dumps(entry.get("msgstr", entry.get("msgstr[1]")))


# Bookkeeping that no admin screen shows.
NOT_IN_THE_ADMIN = {"portal.ContentVersion", "portal.QueryWithoutResultsDailyHits"}


# An admin language in which every string offered for translation comes back marked: whatever
# an editor then reads unmarked was never offered, and would stay English in any language.
MARK = re.compile(r"⟦[^⟦⟧]*⟧")


@pytest.fixture
def marked_language(monkeypatch):
    from django.utils.translation import _trans

    monkeypatch.setattr(_trans, "gettext", lambda message: f"⟦{message}⟧", raising=False)
    monkeypatch.setattr(_trans, "pgettext", lambda context, message: f"⟦{message}⟧", raising=False)
    monkeypatch.setattr(
        _trans, "ngettext", lambda singular, plural, n: f"⟦{singular if n == 1 else plural}⟧", raising=False
    )
    monkeypatch.setattr(
        _trans,
        "npgettext",
        lambda context, singular, plural, n: f"⟦{singular if n == 1 else plural}⟧",
        raising=False,
    )


# Each language's name as its readers write it ("English", "Español"): the same in every language.
LANGUAGE_NAMES = re.compile("|".join(re.escape(name) for _code, name in settings.LANGUAGES))


def unmarked(text):
    """The words of a text left outside every translated string."""
    previous = None
    while previous != text:
        previous, text = text, MARK.sub(" ", text)
    return re.findall(r"[A-Za-z]{2,}(?:[ '-][A-Za-z]+)*", LANGUAGE_NAMES.sub(" ", text))


def interface_text(element):
    """An element's words less what it quotes (<q>): a quotation is the editor's own content."""
    element = BeautifulSoup(str(element), "html.parser")
    for quotation in element.select("q"):
        quotation.decompose()
    return " ".join(element.get_text(" ").split())


def words_left_in_english(elements):
    found = {}
    for element in elements:
        text = interface_text(element)
        if text and unmarked(text):
            found[text] = unmarked(text)
    return found


def labels_and_help(page):
    """What a form says about its fields: labels (not those of one choice among data), help texts,
    panel headings, tabs, and the options of fixed choices."""
    labels = [label for label in page.select("form label") if not label.select("input")]
    return [
        *labels,
        *page.select("form .w-field__help, form .help"),
        *page.select("form .w-panel__heading"),
        *page.select("[role=tab]"),
        *page.select('form select[name$="urgency"] option, form select[name$="category"] option'),
    ]


def test_a_clinical_page_form_offers_every_label_help_text_and_heading_for_translation(
    client, editor, marked_language
):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    form = soup(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    assert form.select("form label")  # the marked language is in use
    assert words_left_in_english(labels_and_help(form)) == {}
    assert words_left_in_english(form.select("[data-review-status], [data-readability-grade]")) == {}


@pytest.mark.parametrize(
    "model_path",
    [
        "treatments.MedicationPage",
        "treatments.PhysicalTherapyPage",
        "treatments.HomeRemedyPage",
        "treatments.LifestyleChangePage",
        "nutrition.NutrientPage",
        "portal.HomePage",
        "portal.AboutContentPage",
    ],
)
def test_every_page_types_form_is_offered_for_translation(admin_client, marked_language, model_path):
    from django.apps import apps

    model = apps.get_model(model_path)
    page = model.objects.first()
    form = soup(admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    assert words_left_in_english(labels_and_help(form)) == {}


def test_the_sign_off_form_and_the_request_for_changes_are_offered_for_translation(
    client, editor, reviewer, marked_language
):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "A change for review.")
    client.force_login(reviewer)
    task_state = current_task_state(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    modal = BeautifulSoup(
        json.loads(client.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest").content)["html"], "html.parser"
    )
    assert modal.select("label")
    assert (
        words_left_in_english([*modal.select("label, .help, .w-field__help, h2, h3, dt, th, p, button")])
        == {}
    )

    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]),
        {"comment": "Cite."},
    )
    client.force_login(editor)
    banner = soup(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))).select(
        "[data-changes-requested] p"
    )
    assert banner and words_left_in_english(banner) == {}


@pytest.mark.parametrize(
    "url",
    ["/admin/reports/review-due/", "/admin/reports/searches-without-results/", "/admin/reports/red-flags/"],
)
def test_the_portals_reports_are_offered_for_translation(client, editor, marked_language, url):
    client.get("/search/", {"q": "zebra xylophone"})  # a search with no results to list
    client.force_login(editor)
    report = soup(client.get(url))
    headings = report.select("h1, th, form label, [data-red-flag-summary], [data-urgency-differs]")
    assert words_left_in_english(headings) == {}


def test_the_menu_and_the_dashboard_are_offered_for_translation(client, editor, marked_language):
    client.force_login(editor)
    dashboard = soup(client.get("/admin/"))
    labels = [label for label, url in sidebar_links(client) if url.startswith("/admin/")]
    assert "⟦Red-flag register⟧" in labels
    # wagtail-localize translates its report's label from its own catalogues when the menu is
    # first built, before this test marks the language.
    assert [label for label in labels if unmarked(label)] in ([], ["Translations"])
    assert (
        words_left_in_english(dashboard.select("#review-due-panel-heading ~ *, #review-due-panel-heading"))
        == {}
    )


def project_models():
    from django.apps import apps

    for app_label in ("portal", "treatments", "nutrition"):
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.label not in NOT_IN_THE_ADMIN:
                yield model


def is_lazy(text):
    from django.utils.functional import Promise

    return isinstance(text, Promise)


def test_every_model_field_and_choice_of_the_portal_has_a_translatable_name():
    untranslatable = []
    for model in project_models():
        for option in ("verbose_name", "verbose_name_plural"):
            if not is_lazy(model._meta.original_attrs.get(option)):
                untranslatable.append(f"{model._meta.label}.Meta.{option}")
        for field in model._meta.get_fields():
            if field.auto_created or getattr(field, "model", None) is not model or not field.editable:
                continue
            if getattr(field, "remote_field", None) and getattr(field.remote_field, "parent_link", False):
                continue
            if not is_lazy(field.verbose_name):
                untranslatable.append(f"{model._meta.label}.{field.name}.verbose_name")
            if field.help_text and not is_lazy(field.help_text):
                untranslatable.append(f"{model._meta.label}.{field.name}.help_text")
            for _, label in field.flatchoices or ():
                if not is_lazy(label):
                    untranslatable.append(f"{model._meta.label}.{field.name} choice {label!r}")
    assert untranslatable == []


def test_every_block_of_the_portal_has_a_translatable_label_and_help():
    from wagtail.blocks import ChoiceBlock
    from wagtail.fields import StreamField

    untranslatable = []

    def check(block, path):
        for attribute in ("label", "help_text", "description"):
            text = getattr(block.meta, attribute, None)
            if text and not is_lazy(text):
                untranslatable.append(f"{path}.{attribute}")
        if isinstance(block, ChoiceBlock):
            untranslatable.extend(
                f"{path} choice {label!r}" for _, label in block.field.choices if label and not is_lazy(label)
            )
        children = getattr(block, "child_blocks", None) or {}
        for name, child in children.items():
            check(child, f"{path}.{name}")
        if hasattr(block, "child_block"):
            check(block.child_block, f"{path}.item")

    for model in project_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField) and field.model is model:
                for name, block in field.stream_block.child_blocks.items():
                    check(block, f"{model._meta.label}.{field.name}.{name}")
    assert untranslatable == []
