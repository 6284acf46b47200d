"""A reviewer signs a change off in a real Chromium: the modal shows the change and the dates."""

import re

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

import pytest

from portal.models import ClinicalReviewTask, ConditionPage, Reviewer
from portal.models.workflow import proposed_next_review

pytestmark = pytest.mark.django_db(transaction=True)

PASSPHRASE = "a long reviewer passphrase for the browser"


@pytest.fixture
def reviewers(site):
    """The reviewers' role and the workflow, made again where an earlier transactional test
    emptied the database of what the migrations created."""
    group, _ = Group.objects.get_or_create(name="Clinical reviewers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    root = Page.get_first_root_node()
    change_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    GroupPagePermission.objects.get_or_create(group=group, page=root, permission=change_page)
    task = ClinicalReviewTask.objects.filter(
        name="Clinical sign-off"
    ).first() or ClinicalReviewTask.objects.create(name="Clinical sign-off", active=True)
    task.groups.add(group)
    workflow, _ = Workflow.objects.get_or_create(name="Clinical review", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return group


def test_a_reviewer_signs_off_a_submitted_change_from_the_dashboard(
    site, page, reviewers, django_user_model, screenshots
):
    editor = django_user_model.objects.create_user("browser-editor", "e@example.org", PASSPHRASE)
    reviewer = django_user_model.objects.create_user("browser-reviewer", "r@example.org", PASSPHRASE)
    reviewer.groups.add(reviewers)
    Reviewer.objects.create(name="Dr Ada Lane", credentials="MD, neurologist", user=reviewer)
    condition = ConditionPage.objects.get(slug="muscle-twitching")
    condition.summary = "Most muscle twitching is harmless."
    condition.save_revision(user=editor)
    condition.get_workflow().start(condition, editor)

    page.goto(f"{site}/admin/")
    page.fill("#id_auth-username", "browser-reviewer")
    page.fill("#id_auth-password", PASSPHRASE)
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(re.compile(r"/admin/$"))
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
