"""The clinical review flow, walked through Wagtail's admin views as editors and reviewers do."""

import datetime
from http import HTTPStatus

from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

import pytest

from portal.governance.workflow import proposed_next_review
from portal.models import ConditionPage
from tests.html import page_text

pytestmark = pytest.mark.django_db


def edit_form(client, page):
    """The edit form as the browser would post it, streams included (the admin renders those with JS)."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == HTTPStatus.OK
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    page = page.specific.get_latest_revision_as_object()
    streams = nested_form_data(
        {
            "body": streamfield([]),
            "references": streamfield([("reference", dict(block.value)) for block in page.references]),
        }
    )
    data.update(streams)
    return data


def submit_change(client, page, summary, action="action-submit"):
    data = edit_form(client, page)
    data["summary"] = summary
    data[action] = action
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def current_task_state(page):
    return WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(page.pk), status="in_progress"
    ).current_task_state


def approve_url(page):
    return reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", current_task_state(page).pk]
    )


def approve(
    client, page, comment="", next_review_due=None, confirmed=True, change_note="", revision=None, **headers
):
    """Sign the page off through the approval form, as the modal posts it: by default for the
    version the modal shows when opened now, the latest."""
    data = {
        "comment": comment,
        "next_review_due": (next_review_due or proposed_next_review()).isoformat(),
        "change_note": change_note,
        "revision": revision or type(page).objects.get(pk=page.pk).get_latest_revision().pk,
    }
    if confirmed:
        data["confirmed"] = "on"
    return client.post(approve_url(page), data, **headers)


def test_roles_exist_with_the_clinical_review_workflow_on_the_whole_tree():
    page = ConditionPage.objects.get(locale__language_code="en")
    assert page.get_workflow().name == "Clinical review"
    task = page.get_workflow().tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Clinical reviewers"]


def test_editor_submits_reviewer_approves_and_the_page_goes_live(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    response = submit_change(client, page, "A reviewed summary.")
    assert response.status_code == HTTPStatus.FOUND

    page.refresh_from_db()
    assert page.summary != "A reviewed summary."  # the draft is not live
    client.logout()
    assert "A reviewed summary." not in page_text(client.get(page.url))

    client.force_login(reviewer)
    assert approve(client, page, comment="Checked against MedlinePlus.").status_code == HTTPStatus.FOUND
    page.refresh_from_db()
    assert page.summary == "A reviewed summary."
    assert page.reviewer.name == "Dr Ada Lane"
    assert page.last_reviewed == timezone.localdate()
    assert (
        page.next_review_due == proposed_next_review() > timezone.localdate() + datetime.timedelta(days=360)
    )
    client.logout()
    text = page_text(client.get(page.url))
    assert "A reviewed summary." in text and "Reviewed by: Dr Ada Lane, MD, neurologist" in text

    log = PageLogEntry.objects.filter(page=page)
    assert log.filter(action="wagtail.workflow.start", user=editor).exists()
    assert log.filter(action="wagtail.workflow.approve", user=reviewer).exists()
    assert log.filter(action="wagtail.publish", user=reviewer).exists()
    sign_off = log.get(action="portal.sign_off", user=reviewer)
    assert sign_off.data["statement"] == "I have checked this page against its references"
    assert sign_off.data["last_reviewed"] == timezone.localdate().isoformat()


def test_an_editor_cannot_publish_directly(client, editor):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "Published without review?", action="action-publish")
    page.refresh_from_db()
    assert page.summary != "Published without review?"
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=editor).exists()
    unpublish = client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert unpublish.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.FOUND)
    page.refresh_from_db()
    assert page.live


def test_rejection_returns_the_page_to_the_editor_with_the_comment(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "Needs a source.")
    client.force_login(reviewer)
    task_state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress").current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])
    assert client.post(url, {"comment": "Please cite the NIH fact sheet."}).status_code == HTTPStatus.FOUND
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == "needs_changes"
    page.refresh_from_db()
    assert page.summary != "Needs a source."
    client.force_login(editor)
    edit_view = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert b"Please cite the NIH fact sheet." in edit_view.content


def test_an_edit_after_approval_needs_approval_again(client, editor, reviewer, settings):
    assert settings.WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT is True
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "Approved change.")
    client.force_login(reviewer)
    approve(client, page)
    client.force_login(editor)
    submit_change(client, page, "A later change.")
    page.refresh_from_db()
    assert page.summary == "Approved change."
    client.force_login(reviewer)
    approve(client, page)
    page.refresh_from_db()
    assert page.summary == "A later change."


def test_editors_cannot_change_a_page_while_a_reviewer_has_it(client, editor):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "Under review.")
    submit_change(client, page, "Sneaked in during review.", action="action-save")
    assert "Sneaked in" not in page.specific.get_latest_revision_as_object().summary


def test_a_page_without_references_cannot_be_submitted_or_published(admin_client):
    page = ConditionPage.objects.get(locale__language_code="en")
    data = edit_form(admin_client, page)
    for key in [key for key in data if key.startswith("references-")]:
        del data[key]
    data["references-count"] = "0"
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == HTTPStatus.OK
    assert b"Add at least one reference" in response.content
    del data["action-publish"]
    draft = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert draft.status_code == HTTPStatus.FOUND  # a draft may be saved without one
