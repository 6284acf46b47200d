"""Cache keys carry the running code's fingerprint: what another version of the code kept is never served."""

import shutil
from pathlib import Path

from django.conf import settings

import pytest

from portal.caching.code_version import CODE_PACKAGES, PROJECT_DIR, code_fingerprint
from portal.caching.remember import cache_key


@pytest.fixture
def code_copy(tmp_path):
    for package in CODE_PACKAGES:
        shutil.copytree(
            PROJECT_DIR / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return tmp_path


def change(path: Path):
    path.write_text(path.read_text() + "\n")


@pytest.mark.parametrize(
    "changed_file",
    [
        "portal/core/snippets.py",  # a class that is pickled
        "portal/templates/components/a_to_z.html",  # HTML that is kept rendered
        "portal/static/css/portal.css",  # what kept pages link to under a hashed name
        "nutrition/templates/pages/nutrient_page.html",
    ],
)
def test_a_changed_file_changes_the_fingerprint(code_copy, changed_file):
    before = code_fingerprint(code_copy)

    change(code_copy / changed_file)

    assert code_fingerprint(code_copy) != before


def test_the_same_files_give_the_same_fingerprint(code_copy):
    assert code_fingerprint(code_copy) == code_fingerprint(code_copy) == code_fingerprint()


@pytest.mark.django_db
def test_every_cache_key_starts_with_the_fingerprint():
    assert cache_key("site-structure", 1).startswith(f"portal:{settings.CODE_VERSION}:site-structure:")
