"""The Content-Security-Policy blocks nothing that patients or editors need, in a real Chromium."""

import re

import pytest

from portal.models import ConditionPage

pytestmark = pytest.mark.django_db(transaction=True)

PASSPHRASE = "a long admin passphrase for the browser"


def watch_policy(page):
    """Collect what the enforced policy blocked and what the report-only policy would have blocked."""
    seen = {"blocked": [], "reported": []}

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            seen["reported" if "report-only" in text.lower() else "blocked"].append(f"{page.url}: {text}")

    page.on("console", on_console)
    return seen


def sign_in(page, site, username):
    page.goto(f"{site}/admin/")
    assert "/admin/account/login/" in page.url
    page.fill("#id_auth-username", username)
    page.fill("#id_auth-password", PASSPHRASE)
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_patient_pages_run_under_the_strict_policy(site, page):
    seen = watch_policy(page)
    page.goto(f"{site}/conditions/muscle-twitching/")
    page.goto(f"{site}/")
    search = page.locator("header input[name=q]")
    search.fill("magn")
    page.locator("datalist option").first.wait_for(state="attached", timeout=5_000)
    assert seen == {"blocked": [], "reported": []}


def test_editors_work_under_the_admin_policy(site, page, django_user_model):
    django_user_model.objects.create_superuser("csp-admin", "csp@example.org", PASSPHRASE)
    condition = ConditionPage.objects.get(slug="muscle-twitching")
    seen = watch_policy(page)

    sign_in(page, site, "csp-admin")
    page.goto(f"{site}/admin/pages/{condition.pk}/edit/")
    total_causes = page.locator("#id_causes-TOTAL_FORMS")
    before = int(total_causes.input_value())
    page.locator("#id_causes-ADD").click()
    assert int(total_causes.input_value()) == before + 1

    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("#w-preview-iframe")
    preview.locator("h1").first.wait_for(timeout=15_000)
    assert "Muscle twitching" in preview.locator("h1").first.inner_text()

    page.goto(f"{site}/admin/snippets/")
    page.goto(f"{site}/admin/reports/review-due/")
    assert seen["blocked"] == [], "\n".join(seen["blocked"])
    # What Wagtail still does inline is reported, not blocked; the closing note counts it.
    print(f"admin report-only CSP reports: {len(seen['reported'])}")
