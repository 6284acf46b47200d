"""What changed at each review: the reviewer's public note, and the page history patients can open."""

import datetime
from http import HTTPStatus
from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

import pytest

from portal.governance.roles import CLINICAL_REVIEWERS
from portal.models import ConditionPage, Reviewer, SignOff
from tests.governance.test_sign_off import XHR, modal
from tests.governance.test_workflow import approve, approve_url, edit_form, submit_change
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOTE = "Updated advice on when to get help"


@pytest.fixture
def colleague(django_user_model):
    """A second reviewer: four eyes means the one who signed off last may not be the next to."""
    user = django_user_model.objects.create_user("colleague", "c@example.org", "a colleague passphrase")
    user.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
    Reviewer.objects.create(name="Dr Ben Okoro", credentials="MD, GP", user=user)
    return user


def sign_off(client, page, editor, reviewer, summary, change_note=""):
    client.force_login(editor)
    submit_change(client, page, summary)
    client.force_login(reviewer)
    assert approve(client, page, change_note=change_note).status_code == HTTPStatus.FOUND
    client.logout()


def review_section(client, page):
    return soup(client.get(page.url)).select_one(".page-review")


def history(client, page):
    """The entries of the page history, as patients read them."""
    details = review_section(client, page).select_one("details.page-history")
    if details is None:
        return None
    assert details.select_one("summary").get_text(strip=True) == "Page history"
    return [" ".join(item.get_text().split()) for item in details.select("li")]


def test_the_reviewers_note_is_shown_under_the_review_dates_and_in_the_page_history(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    sign_off(client, page, editor, reviewer, "A clearer summary.", change_note=NOTE)

    section = review_section(client, page)
    dates, note = section.select_one("dl.review-dates"), section.select_one(".review-change")
    assert dates.find_next_sibling() == note  # right under the review dates
    assert " ".join(note.get_text(" ").split()) == (
        f"What changed at this review ({TODAY:%-d %B %Y}): {NOTE}"
    )
    assert history(client, page) == [
        f"{TODAY:%-d %B %Y}: checked by Dr Ada Lane, MD, neurologist. What changed: {NOTE}"
    ]
    assert section.select_one("details.page-history time")["datetime"] == TODAY.isoformat()
    log = PageLogEntry.objects.get(page=page, action="portal.sign_off")
    assert log.data["change_note"] == NOTE and NOTE in log.message


def test_the_note_is_optional_one_short_line_of_plain_text(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    submit_change(client, page, "A change.")
    client.force_login(reviewer)
    form = modal(client.get(approve_url(page), **XHR))
    field = form.select_one('input[name="change_note"]')
    assert field["maxlength"] == "120" and not field.get("value") and "required" not in field.attrs
    assert "shown to patients" in form.select_one(f'label[for="{field["id"]}"]').get_text()

    too_long = modal(approve(client, page, change_note="x" * 121, **XHR))
    assert "at most 120 characters" in too_long.get_text()
    approve(client, page, change_note="  Updated the advice\non cramps.  ")
    assert SignOff.objects.get(page=page).change_note == "Updated the advice on cramps."


def test_a_sign_off_without_a_note_says_nothing_changed_and_lists_the_review(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    sign_off(client, page, editor, reviewer, "A checked summary.")
    section = review_section(client, page)
    assert section.select_one(".review-change") is None
    assert history(client, page) == [f"{TODAY:%-d %B %Y}: checked by Dr Ada Lane, MD, neurologist."]


def test_an_editor_cannot_write_the_note(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    form = soup(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    assert not form.select('[name="change_note"]')
    data = edit_form(client, page)
    data.update(summary="An editor's change.", change_note="Rewritten by a doctor", **{"action-submit": "1"})
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    client.force_login(reviewer)
    approve(client, page)
    client.logout()
    assert "Rewritten by a doctor" not in page_text(client.get(page.url))
    assert SignOff.objects.get(page=page).change_note == ""


def test_later_revisions_keep_the_live_note_until_the_next_sign_off_replaces_it(
    client, editor, reviewer, colleague
):
    page = ConditionPage.objects.get(locale__language_code="en")
    sign_off(client, page, editor, reviewer, "First checked summary.", change_note=NOTE)

    client.force_login(editor)
    submit_change(client, page, "A draft waiting for review.")
    client.logout()
    assert f"{NOTE}" in review_section(client, page).select_one(".review-change").get_text()

    client.force_login(colleague)
    approve(client, page)  # signed off again, with nothing for patients to notice
    client.logout()
    section = review_section(client, page)
    assert section.select_one(".review-change") is None  # the earlier note is not carried forward
    assert history(client, page) == [
        f"{TODAY:%-d %B %Y}: checked by Dr Ben Okoro, MD, GP.",
        f"{TODAY:%-d %B %Y}: checked by Dr Ada Lane, MD, neurologist. What changed: {NOTE}",
    ]

    sign_off(client, page, editor, reviewer, "Third checked summary.", change_note="Added a warning sign")
    assert "Added a warning sign" in review_section(client, page).select_one(".review-change").get_text()
    assert len(history(client, page)) == 3


def test_a_version_published_without_sign_off_shows_no_note_but_keeps_the_history(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    sign_off(client, page, editor, reviewer, "A checked summary.", change_note=NOTE)
    page.refresh_from_db()
    page.summary = "Changed by the content loader."
    page.save_revision().publish()  # as load_portal_content publishes: no sign-off
    section = review_section(client, page)
    assert "This page has not yet been checked by a clinician." in section.get_text()
    assert section.select_one(".review-change") is None
    assert history(client, page) == [
        f"{TODAY:%-d %B %Y}: checked by Dr Ada Lane, MD, neurologist. What changed: {NOTE}"
    ]


def test_a_page_never_signed_off_has_no_history(client):
    page = ConditionPage.objects.get(locale__language_code="en")
    assert history(client, page) is None


def test_a_sign_off_waiting_for_its_go_live_time_is_not_in_the_history_yet(client, editor, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    data = edit_form(client, page)
    data.update(
        summary="A scheduled summary.",
        go_live_at=(timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M"),
    )
    data["action-submit"] = "action-submit"
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    client.force_login(reviewer)
    assert approve(client, page, change_note=NOTE).status_code == HTTPStatus.FOUND
    page = ConditionPage.objects.get(pk=page.pk)
    assert page.get_sign_off_history() == []
    scheduled = page.get_latest_revision()
    # Its time has come.
    scheduled.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    scheduled.content["go_live_at"] = scheduled.approved_go_live_at.isoformat()
    scheduled.save()
    call_command("publish_scheduled")
    page = ConditionPage.objects.get(pk=page.pk)
    assert page.summary == "A scheduled summary."
    assert [sign_off.change_note for sign_off in page.get_sign_off_history()] == [NOTE]


def test_a_sign_off_whose_go_live_time_was_cancelled_never_joins_the_history(
    client, editor, reviewer, colleague, superuser
):
    """A change signed off for a later go-live time, whose publish an administrator then cancelled,
    never reached patients: its note must not be in the page history when a later version goes
    live. (Failed before the fix: the history listed it with "What changed: ...".)"""
    page = ConditionPage.objects.get(locale__language_code="en")
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.force_login(editor)
    data = edit_form(client, page)
    data.update(
        summary="A scheduled summary.",
        go_live_at=(timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M"),
    )
    data["action-submit"] = "action-submit"
    assert client.post(edit_url, data).status_code == HTTPStatus.FOUND
    client.force_login(reviewer)
    assert approve(client, page, change_note="A change that never went live").status_code == HTTPStatus.FOUND
    scheduled = ConditionPage.objects.get(pk=page.pk).get_latest_revision()
    assert scheduled.approved_go_live_at is not None
    client.force_login(superuser)
    unschedule = reverse("wagtailadmin_pages:revisions_unschedule", args=[page.pk, scheduled.pk])
    assert client.post(unschedule).status_code == HTTPStatus.FOUND

    client.force_login(editor)
    data = edit_form(client, page)
    data.update(summary="A summary that went live.", go_live_at="")
    data["action-submit"] = "action-submit"
    client.post(edit_url, data)
    client.force_login(colleague)
    assert approve(client, page, change_note=NOTE).status_code == HTTPStatus.FOUND
    client.logout()
    assert "A summary that went live." in page_text(client.get(page.url))
    entries = history(client, page)
    assert len(entries) == 1 and NOTE in entries[0] and "Dr Ben Okoro" in entries[0]
    assert "never went live" not in page_text(client.get(page.url))


def test_the_note_is_shown_at_once_to_patients_served_from_the_page_cache(client, editor, reviewer, settings):
    settings.PAGE_CACHE_SECONDS = 600
    page = ConditionPage.objects.get(locale__language_code="en")
    client.get(page.url)
    assert client.get(page.url).status_code == HTTPStatus.OK  # now kept whole
    sign_off(client, page, editor, reviewer, "A checked summary.", change_note=NOTE)
    assert NOTE in review_section(client, page).get_text()


def test_the_page_history_costs_no_query_per_entry(client):
    page = ConditionPage.objects.get(locale__language_code="en")
    reviewer = Reviewer.objects.create(name="Dr Ada Lane", credentials="MD")

    def queries_to_render():
        client.get(page.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(page.url)
        return len(queries), history(client, page) or []

    def add_sign_offs(count):
        SignOff.objects.bulk_create(
            SignOff(
                page=page,
                reviewer=reviewer,
                reviewer_name=str(reviewer),
                reviewed_on=TODAY - datetime.timedelta(days=400 * number),
                next_review_due=TODAY,
                change_note=f"Change {number}",
                signed_off_at=timezone.now() - datetime.timedelta(days=400 * number),
                went_live_at=timezone.now() - datetime.timedelta(days=400 * number),
            )
            for number in range(1, count + 1)
        )
        page.save()  # a change patients see, as a sign-off's publish is

    add_sign_offs(1)
    one, entries = queries_to_render()
    assert len(entries) == 1
    SignOff.objects.all().delete()
    add_sign_offs(8)
    eight, entries = queries_to_render()
    assert len(entries) == 8 and eight == one


def test_sign_offs_from_before_the_history_are_copied_from_the_audit_log(editor, reviewer):
    migration = import_module("portal.migrations.0017_sign_off_history")
    page = ConditionPage.objects.get(locale__language_code="en")
    revision = page.save_revision(user=editor)
    PageLogEntry.objects.log_action(
        page,
        "portal.sign_off",
        user=reviewer,
        revision=revision,
        data={
            "reviewer": "Dr Ada Lane, MD, neurologist",
            "last_reviewed": "2026-11-02",
            "next_review_due": "2027-11-02",
            "statement": "I have checked this page against its references",
        },
    )
    migration.sign_offs_from_the_audit_log(apps, None)
    copied = SignOff.objects.get(page=page)
    assert (copied.reviewer.user, copied.revision, copied.reviewed_on, copied.change_note) == (
        reviewer,
        revision,
        datetime.date(2026, 11, 2),
        "",
    )
