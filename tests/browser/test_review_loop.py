"""The clinical review loop walked in a real Chromium, every step by the people who take it.

An editor edits and submits; a reviewer requests changes; the editor sees the comment, fixes the
text and resubmits; the reviewer signs off; a patient sees the new text, the sign-off and the note.
"""

import datetime
import re

from django.utils import timezone

import pytest

from portal.governance.roles import CLINICAL_REVIEWERS
from portal.governance.workflow import proposed_next_review
from portal.models import ConditionPage, Reviewer
from tests.browser.conftest import PASSPHRASE

pytestmark = pytest.mark.django_db(transaction=True)

CONDITION = "/conditions/muscle-twitching/"
FIRST_TRY = "Muscle twitching is almost always harmless and goes away by itself."
FIXED = (
    "Muscle twitching is almost always harmless and goes away by itself. "
    "See a GP if it lasts more than 2 weeks or comes with weakness."
)
REQUEST = "Please say when to see a GP: twitching for more than 2 weeks, or with weakness."
CHANGE_NOTE = "Updated advice on when to get help"


def words(text):
    return " ".join(text.split())


def submit_for_review(page, label):
    """Opens the editor's action menu and submits the page, as the footer offers it."""
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=label).click()
    page.get_by_text(
        re.compile(r"Muscle twitching.* has been submitted for clinical review")
    ).first.wait_for()


def awaiting_review(page):
    """The row of the condition page under "Awaiting your review" on the dashboard."""
    panel = page.locator("section", has=page.get_by_role("heading", name=re.compile("Awaiting your review")))
    return panel.locator("tr", has=page.get_by_role("link", name="Muscle twitching", exact=True))


def test_the_review_loop_from_an_editors_change_to_what_patients_read(
    site, page, browser, clinical_editor, clinical_reviewer, sign_in, sign_out, screenshots
):
    condition = ConditionPage.objects.get(slug="muscle-twitching")
    edit_url = f"{site}/admin/pages/{condition.pk}/edit/"
    patient = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    patient.goto(f"{site}{CONDITION}")
    assert "This page has not yet been checked by a clinician" in words(
        patient.locator(".page-review").inner_text()
    )

    # The editor changes the summary and submits it for clinical review.
    sign_in(page, "browser-editor")
    page.goto(edit_url)
    page.get_by_role("textbox", name="Summary").fill(FIRST_TRY)
    submit_for_review(page, "Submit to Clinical review")
    sign_out(page)

    patient.goto(f"{site}{CONDITION}")
    assert FIRST_TRY not in patient.locator("main").inner_text()  # not live before sign-off

    # The reviewer opens the page from the dashboard, reads it and asks for changes from its editor.
    sign_in(page, "browser-reviewer")
    awaiting_review(page).get_by_role("link", name="Muscle twitching", exact=True).click()
    page.wait_for_url(re.compile(rf"/admin/pages/{condition.pk}/edit/"))
    assert page.get_by_role("textbox", name="Summary").input_value() == FIRST_TRY
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Request changes").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Comment").fill(REQUEST)
    with page.expect_navigation():
        dialog.get_by_role("button", name="Request changes").click()
    sign_out(page)

    # The editor sees the request on the edit form, fixes the text and resubmits.
    sign_in(page, "browser-editor")
    page.goto(edit_url)
    banner = page.locator("[data-changes-requested]")
    assert "Dr Ada Lane requested changes" in words(banner.inner_text())
    assert REQUEST in words(banner.inner_text())
    page.screenshot(path=screenshots / "review-loop-changes-requested.png")
    page.get_by_role("textbox", name="Summary").fill(FIXED)
    submit_for_review(page, "Resubmit to Clinical sign-off")
    page.goto(edit_url)
    assert page.locator("[data-changes-requested]").count() == 0  # the request has been answered
    sign_out(page)

    patient.goto(f"{site}{CONDITION}")
    assert FIXED not in patient.locator("main").inner_text()

    # The reviewer signs it off from the dashboard, with a note for patients.
    sign_in(page, "browser-reviewer")
    awaiting_review(page).get_by_role("button", name="Actions").click()
    page.get_by_role("button", name="Approve and sign off").click()
    sign_off = page.locator("[data-sign-off]")
    sign_off.wait_for()
    assert "weakness" in " ".join(sign_off.locator("[data-changes-against-live] .addition").all_inner_texts())
    assert "Dr Ada Lane, MD, neurologist" in sign_off.inner_text()
    sign_off.get_by_label("What changed at this review (shown to patients)").fill(CHANGE_NOTE)
    sign_off.get_by_label("I have checked this page against its references").check()
    with page.expect_navigation():
        sign_off.get_by_role("button", name="Approve and sign off").click()
    sign_out(page)

    # A patient, who never signed in, reads the signed-off page.
    today = f"{timezone.localdate():%-d %B %Y}"
    patient.goto(f"{site}{CONDITION}")
    patient.screenshot(path=screenshots / "review-loop-patient-page-top.png")
    assert words(patient.locator(".lede").inner_text()) == FIXED
    review = patient.locator(".page-review")
    footer = words(review.inner_text())
    assert "Reviewed by: Dr Ada Lane, MD, neurologist" in footer
    assert f"Page last reviewed: {today}" in footer
    assert "not yet been checked" not in footer
    change = review.locator(".review-change")
    assert words(change.inner_text()) == f"What changed at this review ({today}): {CHANGE_NOTE}"
    # Under the review dates, where patients look for them.
    assert change.bounding_box()["y"] > review.locator(".review-dates").bounding_box()["y"]
    review.get_by_text("Page history").click()
    history = review.locator(".page-history__list li")
    assert [words(entry) for entry in history.all_inner_texts()] == [
        f"{today}: checked by Dr Ada Lane, MD, neurologist. What changed: {CHANGE_NOTE}"
    ]
    review.screenshot(path=screenshots / "review-loop-patient-review-dates.png")
    assert REQUEST not in patient.locator("body").inner_text()  # the reviewer's comment is for the editor


def test_typed_in_review_dates_never_go_live_and_a_reviewer_cannot_sign_off_their_own_edit(
    site,
    page,
    browser,
    clinical_editor,
    clinical_reviewer,
    clinical_roles,
    sign_in,
    sign_out,
    django_user_model,
    screenshots,
):
    """What a person might try around the sign-off. (That a snippet change reaches patients only
    once signed off is walked in test_snippet_sign_off.py.)"""
    colleague = django_user_model.objects.create_user("browser-colleague", "c@example.org", PASSPHRASE)
    colleague.groups.add(clinical_roles[CLINICAL_REVIEWERS])
    Reviewer.objects.create(name="Dr Ben Okoro", credentials="MBBS, GP", user=colleague)
    condition = ConditionPage.objects.get(slug="muscle-twitching")
    edit_url = f"{site}/admin/pages/{condition.pk}/edit/"
    today = timezone.localdate()
    typed_last_reviewed = today - datetime.timedelta(days=10)
    typed_next_review_due = today + datetime.timedelta(days=3 * 365)

    # The editor is offered no review dates or reviewer, and is told why.
    sign_in(page, "browser-editor")
    page.goto(edit_url)
    form = page.locator("#page-edit-form")
    assert form.locator("[name=last_reviewed], [name=next_review_due], [name=reviewer]").count() == 0
    page.get_by_role("tab", name="Sign-off and references").click()
    status = words(page.locator("[data-review-status]").inner_text())
    assert "The live page has not been signed off by a clinician" in status
    assert "set only when a clinical reviewer approves" in status
    # ...and posts them all the same, as a tampered form would.
    form.evaluate(
        """(form, fields) => {
            for (const [name, value] of Object.entries(fields)) {
                const input = document.createElement("input");
                Object.assign(input, {type: "hidden", name, value});
                form.append(input);
            }
        }""",
        {
            "last_reviewed": typed_last_reviewed.isoformat(),
            "next_review_due": typed_next_review_due.isoformat(),
            "reviewer": str(Reviewer.objects.get(user=clinical_reviewer).pk),
        },
    )
    page.get_by_role("tab", name="Content", exact=True).click()
    page.get_by_role("textbox", name="Summary").fill(FIRST_TRY)
    submit_for_review(page, "Submit to Clinical review")
    sign_out(page)

    patient = browser.new_context().new_page()
    patient.goto(f"{site}{CONDITION}")
    footer = words(patient.locator(".page-review").inner_text())
    assert "This page has not yet been checked by a clinician" in footer
    assert "Reviewed by" not in footer and "Page last reviewed" not in footer

    # A reviewer opens the sign-off while it may still be hers to give...
    sign_in(page, "browser-reviewer")
    awaiting_review(page).get_by_role("button", name="Actions").click()
    page.get_by_role("button", name="Approve and sign off").click()
    sign_off = page.locator("[data-sign-off]")
    sign_off.wait_for()
    # ...then edits the page herself in another tab before giving it.
    editing = page.context.new_page()
    editing.goto(edit_url)
    editing.get_by_role("textbox", name="Summary").fill(FIXED)
    editing.get_by_role("button", name="Save draft").click()
    editing.get_by_text(re.compile(r"Muscle twitching.* has been updated")).first.wait_for()
    editing.close()
    sign_off.get_by_label("I have checked this page against its references").check()
    with page.expect_navigation():  # the modal closes and says why
        sign_off.get_by_role("button", name="Approve and sign off").click()
    assert "Only a credentialed reviewer who did not edit this change can sign it off." in words(
        page.locator(".messages").inner_text()
    )
    page.screenshot(path=screenshots / "review-loop-sign-off-refused.png")
    awaiting_review(page).get_by_role("button", name="Actions").click()
    assert page.get_by_role("button", name="Request changes").is_visible()
    assert page.get_by_role("button", name="Approve and sign off").count() == 0
    sign_out(page)
    patient.goto(f"{site}{CONDITION}")
    assert "This page has not yet been checked by a clinician" in words(
        patient.locator(".page-review").inner_text()
    )
    assert FIXED not in patient.locator("main").inner_text()

    # A colleague who did not edit it signs it off: the dates and name are the sign-off's.
    sign_in(page, "browser-colleague")
    awaiting_review(page).get_by_role("button", name="Actions").click()
    page.get_by_role("button", name="Approve and sign off").click()
    sign_off = page.locator("[data-sign-off]")
    sign_off.wait_for()
    assert "Dr Ben Okoro, MBBS, GP" in sign_off.inner_text()
    sign_off.get_by_label("I have checked this page against its references").check()
    with page.expect_navigation():
        sign_off.get_by_role("button", name="Approve and sign off").click()

    patient.goto(f"{site}{CONDITION}")
    assert words(patient.locator(".lede").inner_text()) == FIXED
    footer = words(patient.locator(".page-review").inner_text())
    assert "Reviewed by: Dr Ben Okoro, MBBS, GP" in footer
    assert f"Page last reviewed: {today:%-d %B %Y}" in footer
    assert f"Next review due: {proposed_next_review():%-d %B %Y}" in footer
    assert "Dr Ada Lane" not in footer
    assert (
        f"{typed_last_reviewed:%-d %B %Y}" not in footer
        and f"{typed_next_review_due:%-d %B %Y}" not in footer
    )
