"""Spreadsheets exported from the admin never run what patients or editors typed as a formula.

Every admin listing that offers a CSV or XLSX download (the portal's reports, Wagtail's own
reports and search terms, redirects, form submissions, any snippet or page listing given
``list_export``) writes its cells through Wagtail's SpreadsheetExportMixin, so the cells are made
safe there, once, whatever the view or the format.
"""

import functools

from wagtail.admin.views.mixins import SpreadsheetExportMixin

# What spreadsheet programs read as the start of a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Text that would start a formula, kept as text by a leading apostrophe; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return f"'{value}"
    return value


def _neutralising(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        return neutralise_formula(method(*args, **kwargs))

    return wrapper


def neutralise_spreadsheet_exports():
    """Make every cell and heading Wagtail writes to a spreadsheet safe to open.

    Wagtail offers no hook for this, and its own views cannot be given a subclass, so the
    mixin's two methods that hand values to the writers are wrapped (at start-up, once).
    """
    for name in ("preprocess_field_value", "get_heading"):
        setattr(SpreadsheetExportMixin, name, _neutralising(getattr(SpreadsheetExportMixin, name)))
