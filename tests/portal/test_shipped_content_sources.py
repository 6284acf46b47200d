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


def test_gabapentin_breathing_risk_is_framed_as_the_fda_frames_it(client):
    # FDA 2019: serious breathing problems mostly with opioids or other CNS depressants, lung
    # disease such as COPD, or old age; less evidence of the risk with gabapentin alone.
    text = page_text(client.get("/treatments/anticonvulsants/"))
    assert (
        "Gabapentin can cause serious breathing problems. This happens mostly in people who also "
        "take opioid pain medicines or other medicines that make them sleepy, who have a lung problem "
        "such as COPD, or who are older."
    ) in text
