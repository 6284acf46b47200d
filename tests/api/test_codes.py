"""Clinical codes as data: each system's format, one spelling, the admin refusing a wrong code, and
the shipped codes (each checked against its source in portal_content.yaml)."""

from http import HTTPStatus

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from portal.content.loader import DEFAULT_CONTENT_FILE, ContentError, ContentLoader, read_content_file
from portal.core.codes import ICD10CM, RXNORM, SNOMEDCT
from portal.models import ConditionPage, Symptom
from treatments.models import MedicationPage


@pytest.mark.parametrize(
    "code", ["R25.3", "M62.81", "M62.50", "R25", "C4A.0", "S72.001A", "T36.0X1D", "U07.1"]
)
def test_well_formed_icd10cm_codes_are_accepted(code):
    assert ICD10CM.problem_with(code) is None


@pytest.mark.parametrize("code", ["R2", "25.3", "R25.", "R25.12345", "RR5.3", "R25-3", "R25.3!"])
def test_malformed_icd10cm_codes_are_refused_with_the_shape_expected(code):
    assert "should look like R25.3" in ICD10CM.problem_with(code)


def test_icd10cm_codes_are_kept_in_one_spelling():
    assert ICD10CM.normalize(" r253 ") == "R25.3"
    assert ICD10CM.normalize("m62.81") == "M62.81"
    assert ICD10CM.normalize("R25") == "R25"


def test_an_icd10cm_code_has_its_broader_codes_nearest_first():
    assert ICD10CM.parents("S72.001A") == ["S72.001", "S72.00", "S72.0", "S72"]
    assert ICD10CM.parents("R25.3") == ["R25"]
    assert ICD10CM.parents("R25") == []
    assert SNOMEDCT.parents("26544005") == []


def test_a_snomed_ct_id_must_pass_its_verhoeff_check_digit():
    assert SNOMEDCT.problem_with("26544005") is None  # Muscle weakness (finding)
    assert "does not check out" in SNOMEDCT.problem_with("26544006")
    assert "does not check out" in SNOMEDCT.problem_with("26545005")  # one digit mistyped


def test_a_snomed_ct_id_must_be_a_concept_not_a_description():
    # 26544005 with its partition changed to a description's (01), check digit recomputed.
    from stdnum import verhoeff

    description_id = "265440" + "01"
    description_id += verhoeff.calc_check_digit(description_id)
    assert "not a concept id" in SNOMEDCT.problem_with(description_id)


@pytest.mark.parametrize("code", ["12345", "0123456", "R25.3", "", "123456789"])
def test_snomed_ct_ids_have_6_to_18_digits(code):
    assert SNOMEDCT.problem_with(code) is not None


def test_rxcuis_are_numbers():
    assert RXNORM.problem_with("25480") is None
    assert "RxCUI" in RXNORM.problem_with("gabapentin")
    assert RXNORM.problem_with("025480") is not None


def test_codes_are_saved_in_one_spelling_without_repeats(db):
    symptom = Symptom.objects.get(slug="muscle-cramp", locale__language_code="en")
    symptom.icd10cm_codes = "r252; R25.2 ,m62.838"
    symptom.save()
    symptom.refresh_from_db()
    assert symptom.icd10cm_codes == "R25.2, M62.838"
    assert symptom.codes()["icd10cm"] == ["R25.2", "M62.838"]


def test_the_symptom_form_in_the_admin_refuses_a_wrong_code_and_says_why(client, superuser):
    client.force_login(superuser)
    symptom = Symptom.objects.get(slug="muscle-weakness", locale__language_code="en")
    response = client.post(
        reverse("wagtailsnippets_portal_symptom:edit", args=[symptom.pk]),
        {
            "name": symptom.name,
            "slug": symptom.slug,
            "medical_term": symptom.medical_term,
            "synonyms": symptom.synonyms,
            "description": symptom.description,
            "icd10cm_codes": "M62.81, weakness",
            "snomedct_ids": "26544006",
        },
    )
    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert "weakness is not an ICD-10-CM code" in " ".join(errors["icd10cm_codes"])
    assert "26544006 is not a SNOMED CT id: its last digit does not check out" in " ".join(
        errors["snomedct_ids"]
    )
    symptom.refresh_from_db()
    assert symptom.snomedct_ids == "26544005"


def test_the_condition_page_editor_shows_its_codes_and_checks_them(client, superuser):
    client.force_login(superuser)
    page = ConditionPage.objects.get(locale__language_code="en")
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Codes for health records" in edit
    assert 'name="icd10cm_codes"' in edit and 'value="R25.3"' in edit
    # What the page form runs on save (ModelForm validates the model's fields).
    page.icd10cm_codes = "R25.3, fasciculations"
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert "fasciculations is not an ICD-10-CM code" in " ".join(refused.value.message_dict["icd10cm_codes"])


def test_a_medicine_carries_its_rxnorm_code_and_the_page_gathers_them(db):
    page = MedicationPage.objects.get(slug="anticonvulsants", locale__language_code="en")
    assert page.codes() == {"rxnorm": ["25480"]}


def test_the_shipped_codes_are_the_ones_checked_against_their_sources(db):
    """Each code here is written, with its source, at the top of portal_content.yaml."""
    codes = {
        symptom.slug: symptom.codes()
        for symptom in Symptom.objects.filter(locale__language_code="en").exclude(icd10cm_codes="")
    }
    assert codes == {
        "muscle-twitching": {"icd10cm": ["R25.3"], "snomedct": []},
        "muscle-cramp": {"icd10cm": ["R25.2"], "snomedct": []},
        "muscle-spasm": {"icd10cm": ["R25.2"], "snomedct": []},
        "muscle-weakness": {"icd10cm": ["M62.81"], "snomedct": ["26544005"]},
        "muscle-wasting": {"icd10cm": ["M62.50"], "snomedct": []},
        "tingling-or-numbness": {"icd10cm": ["R20.2"], "snomedct": []},
    }
    assert ConditionPage.objects.get(locale__language_code="en").codes() == {
        "icd10cm": ["R25.3"],
        "snomedct": [],
    }


def test_a_translation_carries_the_same_codes_as_its_original(db):
    english = Symptom.objects.get(slug="muscle-weakness", locale__language_code="en")
    spanish = english.get_translation(english.get_translations().get().locale)
    assert spanish.codes() == english.codes()


@pytest.mark.django_db
def test_the_content_file_refuses_a_wrong_code_naming_where_it_is():
    data = read_content_file(DEFAULT_CONTENT_FILE)
    data["symptoms"][0]["snomedct"] = "26544006"
    with pytest.raises(ContentError, match=r"symptoms\[1\]\.snomedct: 26544006 is not a SNOMED CT id"):
        ContentLoader(data).load()
