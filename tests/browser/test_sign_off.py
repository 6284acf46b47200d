"""A reviewer signs a change off in a real Chromium: the modal shows the change and the dates."""

from django.utils import timezone

import pytest

from portal.governance.workflow import proposed_next_review
from portal.models import ConditionPage

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reviewer_signs_off_a_submitted_change_from_the_dashboard(
    site, page, clinical_editor, clinical_reviewer, sign_in, screenshots
):
    condition = ConditionPage.objects.get(slug="muscle-twitching")
    condition.summary = "Most muscle twitching is harmless."
    condition.save_revision(user=clinical_editor)
    condition.get_workflow().start(condition, clinical_editor)

    sign_in(page, "browser-reviewer")
    page.get_by_role("button", name="Actions").click()  # on the page under "Awaiting your review"
    page.get_by_role("button", name="Approve and sign off").click()

    sign_off = page.locator("[data-sign-off]")
    sign_off.wait_for()
    changes = sign_off.locator("[data-changes-against-live]")
    assert "Summary" in changes.inner_text() and "References" not in changes.inner_text()
    assert "Most" in " ".join(changes.locator(".addition").all_inner_texts())
    assert "Dr Ada Lane, MD, neurologist" in sign_off.inner_text()
    assert sign_off.locator("input[name=next_review_due]").input_value() == proposed_next_review().isoformat()
    page.screenshot(path=screenshots / "sign-off-modal.png")
    sign_off.get_by_label("I have checked this page against its references").check()
    with page.expect_navigation():  # back to the dashboard once the approval is done
        sign_off.get_by_role("button", name="Approve and sign off").click()

    page.goto(f"{site}/conditions/muscle-twitching/")
    footer = " ".join(page.locator(".page-review").inner_text().split())
    assert "Reviewed by: Dr Ada Lane, MD, neurologist" in footer
    assert f"Page last reviewed: {timezone.localdate():%-d %B %Y}" in footer
