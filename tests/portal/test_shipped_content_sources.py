"""The shipped content says what its sources say, as an outside clinical review checked it (#17)."""

import pytest

from tests.html import page_text

pytestmark = pytest.mark.django_db


def test_only_greens_whose_calcium_is_well_absorbed_are_said_to_be(client):
    # ODS: calcium from kale, broccoli and bok choy is absorbed about as well as from milk;
    # collards, like spinach, hold oxalate and give less.
    text = page_text(client.get("/nutrition/foods/leafy-greens/"))
    assert "Kale, bok choy and broccoli provide calcium that the body absorbs well." in text
    assert "collard greens and bok choy provide" not in text
