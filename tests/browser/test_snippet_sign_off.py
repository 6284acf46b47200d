"""A snippet change is not shown to patients before a clinician signs it off, in a real Chromium."""

import re

import pytest

from nutrition.models import Food

pytestmark = pytest.mark.django_db(transaction=True)

POTASSIUM = "/nutrition/potassium/"


def banana_on_the_potassium_page(patient, site):
    patient.goto(f"{site}{POTASSIUM}")
    row = patient.locator("main table tr", has=patient.get_by_role("link", name="Banana"))
    return " ".join(row.inner_text().split())


def test_a_food_amount_goes_live_only_when_a_reviewer_signs_it_off(
    site, page, browser, clinical_editor, clinical_reviewer, sign_in, sign_out, settings, screenshots
):
    settings.PAGE_CACHE_SECONDS = 600  # what patients are served from the cache must change too
    banana = Food.objects.get(slug="banana")
    patient = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    assert banana_on_the_potassium_page(patient, site) == "Banana 1 medium banana 422 mg"

    sign_in(page, "browser-editor")
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

    sign_in(page, "browser-reviewer")
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
