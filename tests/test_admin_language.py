"""The admin's words: one name per thing, in English as in any other language an editor chooses."""

import json
import re
from http import HTTPStatus
from pathlib import Path

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
    page = ConditionPage.objects.get()
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
    page = ConditionPage.objects.get()
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
