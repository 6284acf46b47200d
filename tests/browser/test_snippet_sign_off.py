"""A snippet change is not shown to patients before a clinician signs it off, in a real Chromium."""

import re

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wagtail.models import Workflow, WorkflowContentType, WorkflowTask

import pytest

from nutrition.models import Food
from portal.models import ClinicalReviewTask, Reviewer

pytestmark = pytest.mark.django_db(transaction=True)

PASSPHRASE = "a long passphrase for the snippet walk"
POTASSIUM = "/nutrition/potassium/"


@pytest.fixture
def clinical_roles(site):
    """The clinical roles on foods and the workflow over them, made again where an earlier
    transactional test emptied the database of what the migrations created."""
    food_permissions = Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(Food),
        codename__in=["add_food", "change_food", "view_food", "lock_food", "unlock_food"],
    )
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    groups = {}
    for name in ("Clinical editors", "Clinical reviewers"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access, *food_permissions)
        groups[name] = group
    task = ClinicalReviewTask.objects.filter(
        name="Clinical sign-off"
    ).first() or ClinicalReviewTask.objects.create(name="Clinical sign-off", active=True)
    task.groups.add(groups["Clinical reviewers"])
    workflow, _ = Workflow.objects.get_or_create(name="Clinical review", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Food), defaults={"workflow": workflow}
    )
    return groups


def sign_in(page, site, username):
    page.goto(f"{site}/admin/")
    page.fill("#id_auth-username", username)
    page.fill("#id_auth-password", PASSPHRASE)
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def sign_out(page):
    page.context.clear_cookies()


def banana_on_the_potassium_page(patient, site):
    patient.goto(f"{site}{POTASSIUM}")
    row = patient.locator("main table tr", has=patient.get_by_role("link", name="Banana"))
    return " ".join(row.inner_text().split())


def test_a_food_amount_goes_live_only_when_a_reviewer_signs_it_off(
    site, page, browser, clinical_roles, django_user_model, settings, screenshots
):
    settings.PAGE_CACHE_SECONDS = 600  # what patients are served from the cache must change too
    editor = django_user_model.objects.create_user("snippet-editor", "e@example.org", PASSPHRASE)
    editor.groups.add(clinical_roles["Clinical editors"])
    reviewer = django_user_model.objects.create_user("snippet-reviewer", "r@example.org", PASSPHRASE)
    reviewer.groups.add(clinical_roles["Clinical reviewers"])
    Reviewer.objects.create(name="Dr Ada Lane", credentials="MD, neurologist", user=reviewer)
    banana = Food.objects.get(slug="banana")
    patient = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    assert banana_on_the_potassium_page(patient, site) == "Banana 1 medium banana 422 mg"

    sign_in(page, site, "snippet-editor")
    page.goto(f"{site}/admin/snippets/nutrition/food/edit/{banana.pk}/")
    amount = page.locator("[name$=-quantity]").nth(
        next(n for n, row in enumerate(banana.nutrient_amounts.all()) if row.nutrient.slug == "potassium")
    )
    assert float(amount.input_value()) == 422  # a number field: "lots" cannot even be typed
    amount.fill("450")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Clinical review").click()
    page.get_by_text(re.compile(r"Banana.* has been submitted")).first.wait_for()
    sign_out(page)

    assert banana_on_the_potassium_page(patient, site) == "Banana 1 medium banana 422 mg"
    patient.goto(f"{site}/nutrition/foods/banana/")
    assert "450 mg" not in patient.locator("main").inner_text()

    sign_in(page, site, "snippet-reviewer")
    page.get_by_role("button", name="Actions").click()  # on the food under "Awaiting your review"
    page.get_by_role("button", name="Approve and sign off").click()
    sign_off = page.locator("[data-sign-off]")
    sign_off.wait_for()
    changes = sign_off.locator("[data-changes-against-live]")
    assert "What changed against the live food" in changes.inner_text()
    assert "450" in " ".join(changes.locator(".addition").all_inner_texts())
    assert sign_off.locator("input[name=next_review_due]").count() == 0
    page.screenshot(path=screenshots / "snippet-sign-off-modal.png")
    sign_off.get_by_label("I have checked this against trusted sources").check()
    with page.expect_navigation():
        sign_off.get_by_role("button", name="Approve and sign off").click()

    assert banana_on_the_potassium_page(patient, site) == "Banana 1 medium banana 450 mg"
    patient.goto(f"{site}/nutrition/foods/banana/")
    assert "450 mg" in patient.locator("main").inner_text()
