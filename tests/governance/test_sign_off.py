"""Review dates come only from a reviewer's sign-off, four eyes, and what patients are told."""

import datetime
import json
from http import HTTPStatus

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, WorkflowState

import pytest
from bs4 import BeautifulSoup

from portal.governance.roles import CLINICAL_REVIEWERS
from portal.governance.workflow import add_months, proposed_next_review
from portal.models import ConditionPage, Reviewer
from tests.governance.test_workflow import (
    approve,
    approve_url,
    current_task_state,
    edit_form,
    submit_change,
)
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def modal(response):
    """The workflow modal's HTML, which Wagtail sends as JSON."""
    assert response.status_code == HTTPStatus.OK
    return BeautifulSoup(json.loads(response.content)["html"], "html.parser")


def structured_data(response):
    return json.loads(soup(response).select_one('script[type="application/ld+json"]').string)


def test_editors_cannot_set_review_dates_or_the_reviewer(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    form = soup(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    assert not form.select('[name="last_reviewed"], [name="next_review_due"], [name="reviewer"]')
    assert "set only when a clinical reviewer approves" in form.select_one("[data-review-status]").get_text()

    data = edit_form(client, page)
    data.update(
        summary="A change with typed-in review dates.",
        last_reviewed="2026-11-30",
        next_review_due="2029-06-30",
        reviewer=str(Reviewer.objects.get(user=reviewer).pk),
    )
    data["action-submit"] = "action-submit"
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    submitted = page.specific.get_latest_revision_as_object()
    assert (submitted.last_reviewed, submitted.next_review_due, submitted.reviewer) == (None, None, None)

    client.force_login(reviewer)
    approve(client, page)
    page.refresh_from_db()
    assert page.summary == "A change with typed-in review dates."
    assert page.last_reviewed == TODAY and page.next_review_due == proposed_next_review()
    assert page.reviewer.user == reviewer


def test_the_sign_off_form_shows_the_change_the_dates_and_the_statement(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "Zebra stripes.")
    client.force_login(reviewer)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Approve and sign off" in dashboard and "Approve with comment" not in dashboard
    edit_view = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Approve and sign off" not in edit_view  # approving there would save the form first

    form = modal(client.get(approve_url(page), **XHR))
    text = " ".join(form.get_text(" ").split())
    assert "I have checked this page against its references" in text
    assert "Reviewed by Dr Ada Lane, MD, neurologist" in text
    assert form.select_one('[name="next_review_due"]')["value"] == proposed_next_review().isoformat()
    changes = form.select_one("[data-changes-against-live]")
    added = " ".join(addition.get_text() for addition in changes.select(".addition"))
    assert "Summary" in changes.get_text() and "Zebra stripes." in added
    assert "Title" not in changes.get_text()  # unchanged fields are not listed


def test_approval_needs_the_statement_confirmed_and_a_next_review_within_the_maximum(
    client, editor, reviewer, settings
):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "A change to sign off.")
    client.force_login(reviewer)

    unconfirmed = modal(approve(client, page, confirmed=False, **XHR))
    assert "Confirm that you have checked the page" in unconfirmed.get_text()
    too_far = modal(approve(client, page, next_review_due=add_months(TODAY, 37), **XHR))
    assert f"at most {settings.CLINICAL_REVIEW_MAX_MONTHS} months away" in too_far.get_text()
    past = modal(approve(client, page, next_review_due=TODAY - datetime.timedelta(days=1), **XHR))
    assert "must be due after today" in past.get_text()
    page.refresh_from_db()
    assert page.summary != "A change to sign off." and not page.is_signed_off

    sooner = TODAY + datetime.timedelta(days=90)
    approve(client, page, next_review_due=sooner)
    page.refresh_from_db()
    assert page.summary == "A change to sign off."
    assert (page.last_reviewed, page.next_review_due) == (TODAY, sooner)


def test_a_reviewer_cannot_sign_off_a_change_they_edited(client, reviewer, django_user_model):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(reviewer)
    submit_change(client, page, "The reviewer's own words.")
    assert "Approve and sign off" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert approve(client, page).status_code == HTTPStatus.FORBIDDEN
    page.refresh_from_db()
    assert page.summary != "The reviewer's own words."

    colleague = django_user_model.objects.create_user("colleague", "c@example.org", "a colleague passphrase")
    colleague.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
    Reviewer.objects.create(name="Dr Ben Okoro", credentials="MD, GP", user=colleague)
    client.force_login(colleague)
    approve(client, page)
    page.refresh_from_db()
    assert page.summary == "The reviewer's own words." and page.reviewer.name == "Dr Ben Okoro"


def test_a_sign_off_names_only_the_version_the_reviewer_was_shown(
    client, editor, reviewer, django_user_model
):
    """Another reviewer may save the page while it waits for a sign-off (approvers are not locked
    out). A sign-off from a form opened before that save is refused, and nobody's review is
    written into the version the reviewer never saw, nor into the page history. (Failed before
    the fix: the reviewer's name and dates were written into the colleague's unseen revision.)"""
    from portal.models import SignOff

    def colleague(username, name):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "a long passphrase")
        user.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
        Reviewer.objects.create(name=name, credentials="MD, GP", user=user)
        return user

    second, third = colleague("second", "Dr Ben Okoro"), colleague("third", "Dr Cy Diaz")
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "The editor's summary.")
    client.force_login(reviewer)
    shown = modal(client.get(approve_url(page), **XHR)).select_one("input[name=revision]")["value"]
    assert int(shown) == ConditionPage.objects.get(pk=page.pk).get_latest_revision().pk
    client.force_login(second)
    submit_change(client, page, "A colleague's unseen summary.", action="action-save")
    unseen = ConditionPage.objects.get(pk=page.pk).get_latest_revision()

    client.force_login(reviewer)
    refused = approve(client, page, change_note="Checked the editor's summary", revision=shown, **XHR)
    assert json.loads(refused.content)["step"] == "success"  # the modal closes and says why
    assert "this change was edited after you opened it" in page_text(client.get(reverse("wagtailadmin_home")))
    page.refresh_from_db()
    assert page.summary not in ("The editor's summary.", "A colleague's unseen summary.")
    assert page.has_unpublished_changes
    unseen.refresh_from_db()
    assert (unseen.content.get("reviewer"), unseen.content.get("last_reviewed")) == (None, None)
    assert not SignOff.objects.filter(page=page).exists()

    client.force_login(third)
    assert (
        approve(client, page, change_note="Checked the colleague's summary").status_code == HTTPStatus.FOUND
    )
    client.logout()
    page.refresh_from_db()
    assert page.summary == "A colleague's unseen summary." and page.reviewer.name == "Dr Cy Diaz"
    history = [sign_off.reviewer_name for sign_off in page.get_sign_off_history()]
    assert history == ["Dr Cy Diaz, MD, GP"]


def test_a_refused_sign_off_is_explained_in_the_modal_not_answered_with_a_bare_403(client, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(reviewer)
    submit_change(client, page, "The reviewer's own words.")
    response = approve(client, page, **XHR)  # as the sign-off modal posts it
    assert response.status_code == HTTPStatus.OK
    answer = json.loads(response.content)
    assert answer["step"] == "success" and answer["redirect"] == reverse("wagtailadmin_home")
    dashboard = page_text(client.get(answer["redirect"]))
    assert "Only a credentialed reviewer who did not edit this change can sign it off." in dashboard
    page.refresh_from_db()
    assert page.summary != "The reviewer's own words."


def test_a_page_workflow_action_asks_who_you_are_before_anything(client, editor):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "A change waiting for review.")
    client.logout()
    response = approve(client, page)
    assert response.status_code == HTTPStatus.FOUND and "login" in response["Location"]
    assert "no-cache" in response["Cache-Control"]
    assert approve(client, page, **XHR).status_code == HTTPStatus.FORBIDDEN
    assert ConditionPage.objects.get(locale__language_code="en").summary != "A change waiting for review."


def test_a_colleagues_sign_off_puts_live_the_version_a_reviewer_edited_in_review(
    client, editor, reviewer, django_user_model
):
    """The reviewer's edit is the latest revision, which the sign-off modal shows: signing it off
    finishes the review, rather than starting the task again with nothing live."""
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "The editor's words.")
    client.force_login(reviewer)
    data = edit_form(client, page)
    data["summary"] = "The reviewer's better words."
    assert (
        client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data).status_code == HTTPStatus.FOUND
    )
    colleague = django_user_model.objects.create_user("colleague", "c@example.org", "a colleague passphrase")
    colleague.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
    Reviewer.objects.create(name="Dr Ben Okoro", credentials="MD, GP", user=colleague)

    client.force_login(colleague)
    shown = modal(client.get(approve_url(page), **XHR)).select_one("[data-changes-against-live]")
    assert "better" in " ".join(addition.get_text() for addition in shown.select(".addition"))
    approve(client, page, change_note="Clearer summary")
    page.refresh_from_db()
    assert page.summary == "The reviewer's better words." and not page.has_unpublished_changes
    assert (page.reviewer.name, page.last_reviewed) == ("Dr Ben Okoro", TODAY)
    assert page.current_workflow_state is None
    assert [sign_off.change_note for sign_off in page.get_sign_off_history()] == ["Clearer summary"]


def test_only_a_reviewer_with_credentials_can_sign_off(client, editor, django_user_model):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "Waiting for a clinician.")
    uncredentialed = django_user_model.objects.create_user("team", "t@example.org", "a team passphrase")
    uncredentialed.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
    client.force_login(uncredentialed)
    assert approve(client, page).status_code == HTTPStatus.FORBIDDEN
    assert not Reviewer.objects.filter(user=uncredentialed).exists()
    assert WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")


def test_reviewers_cannot_publish_or_unpublish_around_the_workflow(client, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(reviewer)
    edit_view = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'name="action-publish"' not in edit_view
    submit_change(client, page, "Published by a reviewer?", action="action-publish")
    page.refresh_from_db()
    assert page.summary != "Published by a reviewer?"
    assert (
        client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk])).status_code
        == HTTPStatus.FORBIDDEN
    )
    page.refresh_from_db()
    assert page.live


def test_a_superuser_can_take_a_page_off_the_site_at_once_and_it_is_logged(admin_client, superuser):
    page = ConditionPage.objects.get(locale__language_code="en")
    response = admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert response.status_code == HTTPStatus.FOUND
    page.refresh_from_db()
    assert not page.live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.unpublish", user=superuser).exists()


def test_a_page_no_clinician_signed_off_says_so_and_claims_no_review(client):
    page = ConditionPage.objects.get(locale__language_code="en")
    text = page_text(client.get(page.url))
    assert "This page has not yet been checked by a clinician." in text
    assert "Page last reviewed" not in text and "Reviewed by" not in text
    data = structured_data(client.get(page.url))
    assert "reviewedBy" not in data and "lastReviewed" not in data
    assert "checked information" not in page_text(client.get("/")).lower()


def test_a_signed_off_page_names_its_reviewer_and_review_date(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "Signed off text.")
    client.force_login(reviewer)
    approve(client, page)
    client.logout()
    response = client.get(page.url)
    text = page_text(response)
    assert "not yet been checked" not in text
    assert (
        f"Page last reviewed: {TODAY:%-d %B %Y}" in text
        and "Reviewed by: Dr Ada Lane, MD, neurologist" in text
    )
    data = structured_data(client.get(page.url))
    assert data["lastReviewed"] == TODAY.isoformat()
    assert data["reviewedBy"] == {"@type": "Person", "name": "Dr Ada Lane", "jobTitle": "MD, neurologist"}


def test_a_version_published_without_a_sign_off_goes_live_as_not_yet_checked(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "Signed off text.")
    client.force_login(reviewer)
    approve(client, page)
    page.refresh_from_db()
    page.summary = "Published without a sign-off."
    page.save_revision().publish()  # as the content loader publishes a changed content file
    page.refresh_from_db()
    assert page.summary == "Published without a sign-off." and not page.is_signed_off
    client.logout()
    assert "This page has not yet been checked by a clinician." in page_text(client.get(page.url))


def test_the_editor_sees_the_requested_changes_until_resubmitting(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "Needs a source.")
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", current_task_state(page).pk])
    client.post(url, {"comment": "Please cite the NIH fact sheet."})

    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    banner = soup(client.get(edit_url)).select_one("[data-changes-requested]")
    assert (
        "Dr Ada Lane requested changes" in banner.get_text()  # as her reviewer profile names her
        and "Please cite the NIH fact sheet." in banner.get_text()
    )
    submit_change(client, page, "Now with the NIH fact sheet.", action="action-restart-workflow")
    assert WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    assert not soup(client.get(edit_url)).select("[data-changes-requested]")


def test_a_stored_review_is_kept_only_where_a_sign_off_would_have_written_it(editor, reviewer):
    """The data migration for existing installs, run on today's models."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("portal.migrations.0011_review_only_from_sign_off")
    typed, approved = (
        ConditionPage.objects.get(locale__language_code="en"),
        ConditionPage.objects.get(locale__language_code="en"),
    )
    ada = Reviewer.objects.get(user=reviewer)
    ConditionPage.objects.filter(pk=typed.pk).update(
        last_reviewed=datetime.date(2026, 11, 30), next_review_due=datetime.date(2029, 6, 30), reviewer=ada
    )
    revision = typed.save_revision(user=editor)
    revision.content.update(last_reviewed="2026-11-30", next_review_due="2029-06-30", reviewer=ada.pk)
    revision.save()
    migration.keep_only_signed_off_reviews(apps, None)
    typed.refresh_from_db()
    assert (typed.last_reviewed, typed.next_review_due, typed.reviewer) == (None, None, None)
    revision.refresh_from_db()
    assert revision.content["last_reviewed"] is None and revision.content["reviewer"] is None

    ConditionPage.objects.filter(pk=approved.pk).update(
        last_reviewed=TODAY, next_review_due=add_months(TODAY, 60), reviewer=ada
    )
    PageLogEntry.objects.log_action(approved, "wagtail.workflow.approve", user=reviewer)
    migration.keep_only_signed_off_reviews(apps, None)
    approved.refresh_from_db()
    assert approved.reviewer == ada and approved.last_reviewed == TODAY
    assert approved.next_review_due == add_months(TODAY, 12)  # beyond the maximum: proposed again


def test_the_admin_page_history_shows_the_sign_off_with_its_dates_and_statement(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "Signed off text.")
    client.force_login(reviewer)
    approve(client, page)
    history = soup(client.get(reverse("wagtailadmin_pages:history", args=[page.pk])))
    text = " ".join(history.select_one("table").get_text(" ").split())
    assert (
        f"Signed off by Dr Ada Lane, MD, neurologist: reviewed {TODAY.isoformat()}, next review due "
        f"{proposed_next_review().isoformat()}. Confirmed: \u201cI have checked this page against its references\u201d."
    ) in text


def test_what_goes_live_is_the_revision_signed_off_even_if_a_newer_one_is_saved_meanwhile(editor):
    """Finishing the review publishes the approved task's revision, not whatever is latest by then."""
    from portal.governance.approval import publish_on_approval

    page = ConditionPage.objects.get(locale__language_code="en")
    page.summary = "The signed-off words."
    page.save_revision(user=editor)
    workflow_state = page.get_workflow().start(page, editor)
    page.summary = "Words saved after the sign-off, seen by nobody."
    page.save_revision(user=editor)

    publish_on_approval(WorkflowState.objects.get(pk=workflow_state.pk))  # as the approving request reads it

    page.refresh_from_db()
    assert page.summary == "The signed-off words." and page.has_unpublished_changes
