"""The red-flag register: every warning sign with its urgency, grouped by sign, and what to check."""

import csv
import io
from http import HTTPStatus

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import pytest

from portal.models import ConditionPage, ConditionWarningSign, Symptom
from tests.html import soup
from tests.nutrition.factories import NutrientPageFactory
from tests.portal.factories import ConditionPageFactory

pytestmark = pytest.mark.django_db

URL = "/admin/reports/red-flags/"


@pytest.fixture
def conflicting(condition_index, nutrient_index):
    """A second condition calling weakness an emergency, a sign with no urgency, and care cards
    with the same words at different urgencies on two pages."""
    cramps = ConditionPageFactory(parent=condition_index, title="Night cramps")
    weakness = Symptom.objects.get(slug="muscle-weakness")
    ConditionWarningSign.objects.create(
        condition=cramps, sign="your leg feels weak", urgency="emergency", symptom=weakness
    )
    ConditionWarningSign.objects.create(condition=cramps, sign="a cramp lasts all night", urgency="")
    card = {
        "heading": "See a doctor if the cramps keep coming back",
        "heading_level": "h2",
        "body": "<p>Cramps that come back often need a check.</p>",
    }
    cramps.body = [("care_card", {**card, "urgency": "urgent"})]
    cramps.save()
    NutrientPageFactory(
        parent=nutrient_index,
        title="Test sodium",
        body=[("care_card", {**card, "urgency": "non-urgent", "heading": card["heading"] + "."})],
    )
    return cramps


def register(client):
    response = client.get(URL)
    assert response.status_code == HTTPStatus.OK
    page = soup(response)
    return page, {section["data-red-flag"]: section for section in page.select("[data-red-flag]")}


def rows(section):
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")] for row in section.select("tbody tr")
    ]


def test_every_warning_sign_of_the_shipped_content_is_listed_by_sign_with_its_urgency(client, editor):
    client.force_login(editor)
    page, sections = register(client)
    condition = ConditionPage.objects.get(slug="muscle-twitching")
    listed = sum(len(rows(section)) for section in sections.values())
    # Every language's pages: a translation's signs are grouped under its own language's words.
    assert listed == sum(page.warning_signs.count() for page in ConditionPage.objects.all())
    assert "Contracciones musculares" in sections
    assert rows(sections["Muscle twitching"]) == [
        ["Muscle twitching", sign.sign, "Non-urgent: see a doctor if…", "When to seek medical attention"]
        for sign in condition.warning_signs.filter(symptom__slug="muscle-twitching").order_by("sort_order")
    ]
    assert "(symptom)" in sections["Muscle weakness"].select_one("h2").get_text()
    # A sign linked to no symptom is its own group, under its words.
    assert "your twitching started after you began a new medicine" in sections
    assert not page.select("[data-urgency-differs], [data-without-action]")
    summary = " ".join(page.select_one("[data-red-flag-summary]").get_text(" ").split())
    assert "0 signs given different urgencies on different pages; 0 warning signs with no action" in summary


def test_the_same_sign_with_different_urgencies_on_different_pages_is_flagged_first(
    client, editor, conflicting
):
    client.force_login(editor)
    page, sections = register(client)
    weakness = sections["Muscle weakness"]
    assert [row[0] for row in rows(weakness)] == ["Muscle twitching", "Night cramps"]
    differs = weakness.select_one("[data-urgency-differs]").get_text(" ", strip=True)
    assert "Emergency: call emergency services if…, Urgent: get advice now if…" in differs

    cards = sections["See a doctor if the cramps keep coming back"]  # the same words, whatever the full stop
    assert [(row[0], row[2], row[3]) for row in rows(cards)] == [
        ("Night cramps", "Urgent: get advice now if…", "Care card"),
        ("Test sodium", "Non-urgent: see a doctor if…", "Care card"),
    ]
    assert cards.select_one("[data-urgency-differs]")

    first = [section["data-red-flag"] for section in page.select("[data-red-flag]")][:3]
    assert set(first) == {
        "Muscle weakness",
        "See a doctor if the cramps keep coming back",
        "a cramp lasts all night",
    }


def test_a_warning_sign_with_no_action_is_flagged(client, editor, conflicting):
    client.force_login(editor)
    page, sections = register(client)
    no_action = sections["a cramp lasts all night"]
    assert "1 with no action" in no_action.select_one("[data-without-action]").get_text()
    assert rows(no_action) == [
        [
            "Night cramps",
            "a cramp lasts all night",
            "None: patients are not told what to do",
            "When to seek medical attention",
        ]
    ]
    summary = " ".join(page.select_one("[data-red-flag-summary]").get_text(" ").split())
    assert "2 signs given different urgencies on different pages; 1 warning sign with no action" in summary


def test_a_sign_given_different_urgencies_on_one_page_only_is_not_flagged(client, editor, condition_index):
    page = ConditionPageFactory(parent=condition_index, title="Stiff neck")
    for urgency in ("non-urgent", "emergency"):
        ConditionWarningSign.objects.create(condition=page, sign="your neck is stiff", urgency=urgency)
    client.force_login(editor)
    _, sections = register(client)
    assert len(rows(sections["your neck is stiff"])) == 2
    assert not sections["your neck is stiff"].select("[data-urgency-differs]")


def test_only_live_pages_are_listed(client, editor, conflicting):
    conflicting.unpublish()
    client.force_login(editor)
    _, sections = register(client)
    assert "a cramp lasts all night" not in sections
    assert [row[0] for row in rows(sections["Muscle weakness"])] == ["Muscle twitching"]


def test_the_register_exports_one_row_per_warning_sign(client, reviewer, conflicting):
    client.force_login(reviewer)
    response = client.get(URL + "?export=csv")
    exported = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert list(exported[0]) == [
        "Sign",
        "Warning sign as written",
        "Urgency",
        "Page",
        "Where on the page",
        "Check",
    ]
    by_sign = {row["Warning sign as written"]: row for row in exported}
    assert by_sign["your leg feels weak"]["Check"] == "Different urgencies on different pages"
    assert by_sign["a cramp lasts all night"]["Check"] == "No action"
    assert by_sign["your twitching is getting worse"]["Check"] == ""


def test_the_register_is_in_the_reports_menu_for_clinical_staff_only(client, editor, django_user_model):
    client.force_login(editor)
    menu = client.get("/admin/").content.decode()
    assert "Red-flag register" in menu and URL in menu
    assert soup(client.get(URL)).select_one("h1").get_text(strip=True) == "Red-flag register"

    staff = django_user_model.objects.create_user("staff", "s@example.org", "a staff passphrase")
    other_staff = Group.objects.create(name="Site staff")
    other_staff.permissions.add(Permission.objects.get(codename="access_admin"))
    staff.groups.add(other_staff)
    client.force_login(staff)
    assert URL not in client.get("/admin/").content.decode()
    assert client.get(URL).status_code == HTTPStatus.FORBIDDEN
    assert client.get(reverse("red_flag_register_results")).status_code == HTTPStatus.FORBIDDEN
