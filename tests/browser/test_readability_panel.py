"""The readability panel in a real Chromium: it follows the editor's typing, names the hardest
paragraph, checks on request and runs under the admin's Content-Security-Policy. (That the check
saves nothing is tests/governance/test_readability.py's: Wagtail's autosave saves typing anyway.)"""

import re

import pytest

from portal.models import ConditionPage
from tests.browser.test_admin_under_csp import sign_in, watch_policy

pytestmark = pytest.mark.django_db(transaction=True)

PASSPHRASE = "a long admin passphrase for the browser"
HARD = (
    "Pathophysiological mechanisms underlying fasciculations encompass spontaneous depolarisation of "
    "lower motor neurons, frequently attributable to electrolyte disturbances or neurodegeneration."
)


def test_the_reading_level_follows_the_editor_and_names_the_hardest_paragraph(
    site, page, django_user_model, screenshots
):
    django_user_model.objects.create_superuser("csp-admin", "csp@example.org", PASSPHRASE)
    condition = ConditionPage.objects.get(slug="muscle-twitching")
    seen = watch_policy(page)
    sign_in(page, site, "csp-admin")
    page.goto(f"{site}/admin/pages/{condition.pk}/edit/")

    panel = page.locator("[data-readability-panel]")
    saved_grade = float(panel.get_attribute("data-readability-grade"))
    hardest = panel.locator("[data-hardest-paragraph]")

    # Typing into the rich text editor: the panel follows a moment after the editor stops.
    editor = page.locator('[data-contentpath="overview"] [contenteditable="true"]')
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(HARD)
    page.wait_for_function(
        "grade => parseFloat(document.querySelector('[data-readability-panel]').dataset.readabilityGrade) > grade",
        arg=saved_grade,
    )
    named = re.search(
        r"Hardest paragraph, in Overview \(grade (\d+\.\d)\)", " ".join(hardest.inner_text().split())
    )
    assert named and float(named.group(1)) > 16
    assert "Pathophysiological mechanisms" in hardest.locator("q").inner_text()
    page.screenshot(path=screenshots / "readability-panel.png")

    # "Check reading level" checks what is in the form now, typed or not.
    page.locator("#id_summary").evaluate(f"field => {{ field.value = {HARD!r} + ' ' + {HARD!r}; }}")
    panel.get_by_role("button", name="Check reading level").click()
    page.wait_for_function(
        "() => document.querySelector('[data-hardest-paragraph]').innerText.includes('Summary')"
    )

    assert seen["blocked"] == [], "\n".join(seen["blocked"])
