"""The admin's account page in a real Chromium: no script errors, and two-factor set-up one click away."""

import re

import pytest

from tests.browser.test_admin_under_csp import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSPHRASE = "a long admin passphrase for the browser"


def test_the_account_page_runs_without_script_errors_and_links_two_factor_set_up(
    site, page, django_user_model
):
    django_user_model.objects.create_superuser("csp-admin", "csp@example.org", PASSPHRASE)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, site, "csp-admin")

    page.goto(f"{site}/admin/account/")
    page.wait_for_load_state("networkidle")
    time_zones = page.locator("select[name='locale-current_time_zone'] option")
    assert time_zones.count() > 100  # every zone offered, each one the browser can show
    assert errors == [], "\n".join(errors)

    panel = page.locator("#panel-two_factor-section, [data-two-factor-status]").first
    assert "Two-factor authentication is off" in " ".join(panel.inner_text().split())
    page.get_by_role("link", name="Set up two-factor authentication").click()
    page.wait_for_url(re.compile(r"/admin/account/two_factor/setup/$"))
    assert errors == [], "\n".join(errors)
