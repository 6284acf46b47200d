"""A clinical editor picks a condition's symptoms in the searchable chooser, and makes a new one
there without leaving the page, in a real Chromium."""

import re

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wagtail.models import GroupPagePermission, Page

import pytest

from portal.governance.roles import CLINICAL_EDITORS
from portal.models import ConditionPage, Symptom

pytestmark = pytest.mark.django_db(transaction=True)

PASSPHRASE = "a long passphrase for the symptom chooser"


@pytest.fixture
def clinical_editor(site, django_user_model):
    """A clinical editor, with the role made again where an earlier transactional test emptied the
    database of what the migrations created."""
    group, _ = Group.objects.get_or_create(name=CLINICAL_EDITORS)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Symptom),
            codename__in=["add_symptom", "change_symptom", "view_symptom"],
        ),
    )
    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    editor = django_user_model.objects.create_user("chooser-editor", "e@example.org", PASSPHRASE)
    editor.groups.add(group)
    return editor


@pytest.fixture
def condition(site):
    """The shipped condition, without eyelid twitching among its symptoms, for the editor to add."""
    condition = ConditionPage.objects.get(slug="muscle-twitching")
    condition.symptom_links = [
        link for link in condition.symptom_links.all() if link.symptom.slug != "eyelid-twitching"
    ]
    condition.save_revision().publish()
    return condition


def test_an_editor_chooses_a_symptom_and_creates_one_in_the_chooser(
    site, page, browser, clinical_editor, condition, screenshots
):
    page.goto(f"{site}/admin/")
    page.fill("#id_auth-username", "chooser-editor")
    page.fill("#id_auth-password", PASSPHRASE)
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(f"{site}/admin/pages/{condition.pk}/edit/")
    page.get_by_role("tab", name="Related content").click()
    rows = page.locator("#id_symptom_links-FORMS")
    assert "Eyelid twitching" not in rows.inner_text()
    assert page.locator("input[type=checkbox][name=symptoms]").count() == 0

    # Search the chooser and pick a symptom.
    page.locator("#id_symptom_links-OPEN_MODAL").click()
    modal = page.locator(".modal-dialog")
    modal.locator("input[name=q]").fill("eyelid")
    results = modal.locator(".listing, table")
    results.get_by_text("Eyelid twitching").wait_for()
    page.wait_for_timeout(500)  # the search results replace the whole listing
    assert "Muscle cramp" not in modal.inner_text()
    modal.locator("tr", has_text="Eyelid twitching").locator("input[type=checkbox]").check()
    modal.get_by_role("button", name=re.compile("Confirm selection")).click()
    modal.wait_for(state="hidden")
    assert "Eyelid twitching" in rows.inner_text()

    # Make a new symptom in the chooser's Create tab, without leaving the page.
    page.locator("#id_symptom_links-OPEN_MODAL").click()
    modal.get_by_role("tab", name="Create").click()
    modal.get_by_role("textbox", name="Name*").fill("Quivering calf")
    modal.get_by_role("textbox", name="Medical term").fill("calf myokymia")
    modal.get_by_role("textbox", name="Other names").fill("shaky calf")
    modal.get_by_role("textbox", name="Description").fill("The calf muscle quivers.")
    modal.get_by_role("button", name="Create as a draft").click()
    modal.wait_for(state="hidden")
    assert "Quivering calf" in rows.inner_text()

    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    page.get_by_role("tab", name="Related content").click()
    shown = rows.inner_text()
    assert "Eyelid twitching" in shown and "Quivering calf" in shown
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.locator("#id_symptom_links-OPEN_MODAL").evaluate(
        "button => button.scrollIntoView({block: 'center'})"
    )
    page.screenshot(path=screenshots / "symptom-chooser-panel.png")

    created = Symptom.objects.get(name="Quivering calf")
    assert not created.live and created.latest_revision.user == clinical_editor
    condition.refresh_from_db()
    draft = condition.get_latest_revision_as_object()
    chosen = [link.symptom.name for link in draft.symptom_links.all()]
    assert chosen[-2:] == ["Eyelid twitching", "Quivering calf"], chosen
    assert condition.latest_revision.user == clinical_editor

    # Patients see neither yet: the page's change is a draft, and so is the new symptom.
    patient = browser.new_context().new_page()
    patient.goto(f"{site}/conditions/muscle-twitching/")
    text = patient.locator("main").inner_text()
    assert "Quivering calf" not in text and "Muscle cramp" in text
