"""A real headless Chromium (Debian's) driven by Playwright against a live test server."""

import os
import re
import shutil
from pathlib import Path

import pytest

from portal.content.loader import DEFAULT_CONTENT_FILE, ContentLoader, load_content, read_content_file
from portal.governance.roles import CLINICAL_EDITORS, CLINICAL_GROUPS, CLINICAL_REVIEWERS

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
# Without these flags Chromium tries to reach Google's services, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


# Module scope: Playwright's event loop must stop before later tests run async views.
@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required for browser tests but {CHROMIUM} is missing")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls that fixtures make
    # meanwhile are still synchronous, so Django's async-safety check does not apply to them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def site(live_server):
    """The live server with the portal's content, loaded again because each test empties the database."""
    from portal.caching.remember import clear_caches

    ContentLoader(read_content_file(DEFAULT_CONTENT_FILE)).load()
    clear_caches()
    return live_server.url


@pytest.fixture
def site_in_every_language(live_server):
    """The live server with the portal's content in every language (twice the loading of `site`,
    so only for the tests that read the translations)."""
    from portal.caching.remember import clear_caches

    load_content()
    clear_caches()
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    browser_page = context.new_page()
    browser_page.set_default_timeout(15_000)
    yield browser_page
    context.close()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# The clinical people, shared by the tests that walk the review workflow in the browser.

PASSPHRASE = "a long passphrase for the browser tests"
PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
FOOD_PERMISSIONS = ("add_food", "change_food", "view_food", "lock_food", "unlock_food")


@pytest.fixture
def clinical_roles(site):
    """The clinical roles on pages and foods, and the clinical review workflow over both, made again
    where an earlier transactional test emptied the database of what the migrations created."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import (
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowContentType,
        WorkflowPage,
        WorkflowTask,
    )

    from nutrition.models import Food
    from portal.models import ClinicalReviewTask

    root = Page.get_first_root_node()
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    food_permissions = Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(Food), codename__in=FOOD_PERMISSIONS
    )
    groups = {}
    for name in CLINICAL_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access, *food_permissions)
        for codename in PAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
        groups[name] = group
    task = ClinicalReviewTask.objects.filter(
        name="Clinical sign-off"
    ).first() or ClinicalReviewTask.objects.create(name="Clinical sign-off", active=True)
    task.groups.add(groups[CLINICAL_REVIEWERS])
    workflow, _ = Workflow.objects.get_or_create(name="Clinical review", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Food), defaults={"workflow": workflow}
    )
    return groups


@pytest.fixture
def clinical_editor(clinical_roles, django_user_model):
    editor = django_user_model.objects.create_user(
        "browser-editor", "e@example.org", PASSPHRASE, first_name="Sam", last_name="Reed"
    )
    editor.groups.add(clinical_roles[CLINICAL_EDITORS])
    return editor


@pytest.fixture
def clinical_reviewer(clinical_roles, django_user_model):
    """A clinical reviewer with the credentialed reviewer profile patients see."""
    from portal.models import Reviewer

    reviewer = django_user_model.objects.create_user(
        "browser-reviewer", "r@example.org", PASSPHRASE, first_name="Ada", last_name="Lane"
    )
    reviewer.groups.add(clinical_roles[CLINICAL_REVIEWERS])
    Reviewer.objects.create(name="Dr Ada Lane", credentials="MD, neurologist", user=reviewer)
    return reviewer


@pytest.fixture
def sign_in(site):
    """Signs a person in through the admin's login form, as they would: sign_in(page, username)."""

    def sign_in(page, username):
        page.goto(f"{site}/admin/")
        page.fill("#id_auth-username", username)
        page.fill("#id_auth-password", PASSPHRASE)
        page.get_by_role("button", name="Next").click()
        page.wait_for_url(re.compile(r"/admin/$"))

    return sign_in


@pytest.fixture
def sign_out():
    """Signs a person out from the admin's account menu, as they would: sign_out(page).

    Clearing the cookies is not enough: a background request of the page still in flight (the
    edit page's editing session, say) brings the session cookie back with its answer."""

    def sign_out(page):
        page.locator(".sidebar-footer__account").click()
        page.get_by_role("button", name="Log out").click()
        page.locator("#id_auth-username").wait_for()

    return sign_out
