import datetime
from http import HTTPStatus
from io import StringIO

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.search_promotions.models import SearchPromotion

import pytest

from nutrition.models import NutrientPage
from portal.core.readability import patient_text, reading_grade
from portal.governance.roles import CLINICAL_EDITORS
from portal.models import ConditionPage
from tests.admin import (
    create_through_admin,
    inline_formset,
    reference_fields,
    rich_text,
    streamfield,
)
from tests.html import soup
from tests.nutrition.factories import NutrientPageFactory
from tests.portal.factories import ConditionPageFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def due_pages(condition_index, nutrient_index):
    ada, ben = ReviewerFactory(name="Dr Ada Lane"), ReviewerFactory(name="Dr Ben Okoro")
    return {
        "overdue": ConditionPageFactory(
            parent=condition_index,
            title="Overdue condition",
            reviewer=ada,
            last_reviewed=TODAY - datetime.timedelta(days=400),
            next_review_due=TODAY - datetime.timedelta(days=35),
        ),
        "soon": NutrientPageFactory(
            parent=nutrient_index,
            title="Soon-due nutrient",
            reviewer=ada,
            last_reviewed=TODAY - datetime.timedelta(days=350),
            next_review_due=TODAY + datetime.timedelta(days=10),
        ),
        "other reviewer": ConditionPageFactory(
            parent=condition_index,
            title="Ben's overdue condition",
            reviewer=ben,
            last_reviewed=TODAY - datetime.timedelta(days=380),
            next_review_due=TODAY - datetime.timedelta(days=1),
        ),
        "next year": ConditionPageFactory(
            parent=condition_index,
            title="Due next year",
            reviewer=ada,
            last_reviewed=TODAY,
            next_review_due=TODAY + datetime.timedelta(days=365),
        ),
    }


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user("editor", "e@example.org", "an editor passphrase")
    user.groups.add(Group.objects.get(name=CLINICAL_EDITORS))
    client.force_login(user)
    return client


def report_rows(client, query=""):
    response = client.get(reverse("review_due_report") + query)
    assert response.status_code == HTTPStatus.OK
    return {row.select_one("td").get_text(" ", strip=True): row for row in soup(response).select("tbody tr")}


def test_review_due_report_lists_overdue_and_soon_due_pages_only(editor_client, due_pages):
    rows = report_rows(editor_client)
    titles = " | ".join(rows)
    assert "Overdue condition" in titles and "Soon-due nutrient" in titles
    assert "Due next year" not in titles
    overdue_row = next(row for title, row in rows.items() if "Overdue condition" in title)
    cells = [cell.get_text(" ", strip=True) for cell in overdue_row.select("td")]
    assert "Overdue" in cells and "Dr Ada Lane" in cells
    assert any(cell.replace(".", "").isdigit() for cell in cells)  # the reading grade
    only_overdue = " | ".join(report_rows(editor_client, "?status=overdue"))
    assert "Overdue condition" in only_overdue and "Soon-due nutrient" not in only_overdue


def test_review_due_report_exports_csv(editor_client, due_pages):
    response = editor_client.get(reverse("review_due_report") + "?export=csv")
    content = b"".join(response.streaming_content).decode()
    assert "Overdue condition,Overdue," in content


def test_review_due_report_is_in_the_reports_menu_and_hidden_from_other_staff(
    editor_client, client, django_user_model
):
    assert b"Pages due for review" in editor_client.get("/admin/").content
    staff = django_user_model.objects.create_user("staff", "s@example.org", "a staff passphrase")
    other_staff = Group.objects.create(name="Site staff")  # admin access, not a clinical role
    other_staff.permissions.add(Permission.objects.get(codename="access_admin"))
    staff.groups.add(other_staff)
    client.force_login(staff)
    assert client.get(reverse("review_due_report")).status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)


def test_dashboard_shows_the_counts(editor_client, due_pages):
    panel = soup(editor_client.get("/admin/")).select_one("#review-due-panel-heading").find_parent("section")
    assert "2 pages overdue for review, 1 due within 30 days" in " ".join(panel.get_text(" ").split())


def test_reminders_send_one_email_per_reviewer_with_their_pages(due_pages):
    call_command("send_review_reminders", stdout=StringIO())
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 2
    ada = by_recipient[due_pages["overdue"].reviewer.email]
    assert "Overdue condition" in ada.body and "Soon-due nutrient" in ada.body
    assert "Due next year" not in ada.body and "Ben's overdue condition" not in ada.body
    assert (
        ada.body.index("overdue for review")
        < ada.body.index("Overdue condition")
        < ada.body.index("next 30 days")
    )
    assert "/admin/pages/" in ada.body
    ben = by_recipient[due_pages["other reviewer"].reviewer.email]
    assert "Ben's overdue condition" in ben.body and "Overdue condition\n" not in ben.body


def test_reading_grade_of_a_known_text():
    simple = "The cat sat on the mat. The dog ran to the cat. They are friends now."
    hard = (
        "Pathophysiological mechanisms underlying fasciculations encompass spontaneous depolarisation of "
        "lower motor neurons, frequently attributable to electrolyte disturbances or neurodegeneration."
    )
    assert reading_grade(simple) < 3
    assert reading_grade(hard) > 16
    assert reading_grade("Too short.") is None


def test_readability_panel_shows_the_grade_of_the_page_text(admin_client, condition_index):
    page = ConditionPageFactory(
        parent=condition_index,
        title="Cramp",
        summary="The cat sat on the mat. The dog ran to the cat.",
        overview="<p>They are friends now. They play all day.</p>",
    )
    expected = reading_grade(patient_text(page))
    panel = soup(admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))).select_one(
        "[data-readability-grade]"
    )
    assert panel["data-readability-grade"] == str(expected)
    assert "Target: grade 8 or lower" in panel.get_text()


def test_review_due_report_counts_days_ahead_and_overdue_instead_of_just_now(editor_client, due_pages):
    rows = report_rows(editor_client)
    soon = next(row for title, row in rows.items() if "Soon-due nutrient" in title).get_text(" ", strip=True)
    overdue = next(row for title, row in rows.items() if "Overdue condition" in title).get_text(
        " ", strip=True
    )
    assert "due in 10 days" in soon and "Just now" not in soon
    assert "overdue by 35 days" in overdue and "ago" not in overdue


def test_searches_report_says_today_for_a_search_made_today(admin_client, client):
    client.get("/search/", {"q": "zebra xylophone"})
    response = admin_client.get(reverse("searches_without_results"))
    row = " ".join(soup(response).select_one("tbody tr").get_text(" ").split())
    assert row.endswith("today") and "hours ago" not in row and "minutes" not in row


def test_editors_manage_promoted_search_results(editor_client):
    page = soup(editor_client.get("/admin/searchpicks/add/"))
    assert page.select_one('form [name="query_string"]') is not None


def test_a_promoted_result_shows_patients_only_the_signed_off_summary(editor_client, client):
    """An editor's description of a promoted result reaches patients with no clinician's review;
    the result shows the live page's own summary instead. (Failed before the fix: the search page
    showed the editor's words.)"""
    calcium = NutrientPage.objects.get(slug="calcium")
    response = editor_client.post(
        "/admin/searchpicks/add/",
        {
            "query_string": "twitch",
            "editors_picks-TOTAL_FORMS": "1",
            "editors_picks-INITIAL_FORMS": "0",
            "editors_picks-MIN_NUM_FORMS": "0",
            "editors_picks-MAX_NUM_FORMS": "1000",
            "editors_picks-0-page": str(calcium.pk),
            "editors_picks-0-description": "Stop taking all your medicines now.",
            "editors_picks-0-ORDER": "0",
            "editors_picks-0-external_link_url": "",
            "editors_picks-0-external_link_text": "",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert SearchPromotion.objects.filter(page=calcium, description__startswith="Stop taking").exists()

    promoted = soup(client.get("/search/", {"q": "twitch"})).select("main ol.search-results > li")[0]
    shown = " ".join(promoted.get_text(" ").split())
    assert "Recommended" in shown and "Stop taking all your medicines now." not in shown
    assert " ".join(calcium.summary.split()) in shown


def test_a_warning_sign_needs_its_urgency_chosen(admin_client, condition_index):
    fields = {
        "title": "Night cramps",
        "summary": "Painful cramps at night.",
        "overview": rich_text("<p>Cramps that wake you up.</p>"),
        "causes": inline_formset([{"name": "Stress", "category": "everyday", "explanation": "x"}], min=1),
        "symptoms_description": rich_text(""),
        "warning_signs": inline_formset([{"sign": "cramps last for hours", "urgency": ""}], min=1),
        "body": streamfield([]),
        "symptom_links": inline_formset([]),
        "treatment_links": inline_formset([]),
        "nutrient_links": inline_formset([]),
        **reference_fields(),
    }
    with pytest.raises(AssertionError, match="This field is required"):
        create_through_admin(admin_client, condition_index, ConditionPage, fields)
    # The admin's form for a new warning sign starts on the blank choice, not on "non-urgent".
    form = ConditionPage.get_edit_handler().get_form_class()(
        instance=ConditionPage(), parent_page=condition_index
    )
    new_sign = form.formsets["warning_signs"].empty_form["urgency"]
    assert new_sign.value() is None and new_sign.field.choices[0] == ("", "---------")
