"""schema.org JSON-LD for search engines and other software: every document the site publishes.

Page models and routes supply the facts (names, descriptions, the things a page is about); the
schema.org vocabulary, which types and properties we use and how they nest, lives only here.
The template tag `structured_data` renders what these functions return.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from portal.core.languages import content_language

if TYPE_CHECKING:
    from portal.core.pages import ClinicalPage
    from portal.core.snippets import Symptom

SCHEMA_ORG = "https://schema.org"
PATIENT_AUDIENCE = "https://schema.org/Patient"

JsonLd = dict[str, Any]


class Interaction(Protocol):
    """What a medicine or supplement interacts with, as its page lists it."""

    kind: str
    interacts_with: str
    advice: str
    what_to_do: str


class Medicine(Protocol):
    generic_name: str
    brand_name_list: list[str]


class UpperLimit(Protocol):
    amount: int
    unit: str
    age_group: str


def web_page(name: str, url: str) -> JsonLd:
    """A page that is about nothing more specific than its title: home, indexes, about."""
    return {
        "@context": SCHEMA_ORG,
        "@type": "WebPage",
        "name": name,
        "url": url,
        "inLanguage": content_language(),
    }


def clinical_web_page(page: ClinicalPage, url: str, about: JsonLd) -> JsonLd:
    """A MedicalWebPage about the page's subject (`about`: its type and properties), with its review."""
    data = {
        "@context": SCHEMA_ORG,
        "@type": "MedicalWebPage",
        "name": page.title,
        "url": url,
        "description": page.get_meta_description(),
        "inLanguage": content_language(),
        "medicalAudience": PATIENT_AUDIENCE,
        "about": {"name": page.title, "description": page.summary, **about},
    }
    reviewer = page.reviewer
    if page.is_signed_off and page.last_reviewed and reviewer:  # signed off: both are set
        data["lastReviewed"] = page.last_reviewed.isoformat()
        if page.signed_off_by == str(reviewer):
            data["reviewedBy"] = {"@type": "Person", "name": reviewer.name}
            if reviewer.credentials:
                data["reviewedBy"]["jobTitle"] = reviewer.credentials
        else:  # the profile changed since: the reviewer as patients were told at the sign-off
            data["reviewedBy"] = {"@type": "Person", "name": page.signed_off_by}
    return data


def symptom_web_page(symptom: Symptom, url: str) -> JsonLd:
    return {
        "@context": SCHEMA_ORG,
        "@type": "MedicalWebPage",
        "name": symptom.name,
        "url": url,
        "inLanguage": content_language(),
        "medicalAudience": PATIENT_AUDIENCE,
        "about": {
            "@type": "MedicalSignOrSymptom",
            "name": symptom.name,
            "alternateName": [term for term in [symptom.shown_medical_term, *symptom.synonym_list] if term],
            "description": symptom.description,
        },
    }


def food_web_page(name: str, description: str, url: str) -> JsonLd:
    return {**web_page(name, url), "about": {"@type": "Thing", "name": name, "description": description}}


def medical_entity(schema_type: str = "MedicalEntity") -> JsonLd:
    """What a page is about when schema.org has a type for it but we state no more than its name."""
    return {"@type": schema_type}


def medical_condition(
    symptom_names: Iterable[str], cause_names: Iterable[str], treatments: Iterable[tuple[str, str, str]]
) -> JsonLd:
    """A condition with its symptoms, causes and treatments, each treatment as (therapy type, name, url)."""
    return {
        "@type": "MedicalCondition",
        "signOrSymptom": [{"@type": "MedicalSignOrSymptom", "name": name} for name in symptom_names],
        "cause": [{"@type": "MedicalCause", "name": name} for name in cause_names],
        "possibleTreatment": [
            {"@type": therapy_type, "name": name, "url": url} for therapy_type, name, url in treatments
        ],
    }


def drug_class(
    name: str, medicines: Iterable[Medicine], prescription_only: bool, interactions: Iterable[Interaction]
) -> JsonLd:
    """A class of medicines, each medicine with its brand names, and what they interact with."""
    status = "https://schema.org/PrescriptionOnly" if prescription_only else "https://schema.org/OTC"
    return {
        "@type": "DrugClass",
        "alternateName": name,
        "drug": [
            {
                "@type": "Drug",
                "name": medicine.generic_name,
                "nonProprietaryName": medicine.generic_name,
                **({"proprietaryName": medicine.brand_name_list} if medicine.brand_name_list else {}),
                "prescriptionStatus": status,
            }
            for medicine in medicines
        ],
        **_interactions(interactions),
    }


def _interactions(interactions: Iterable[Interaction]) -> JsonLd:
    """schema.org's nearest terms: interactingDrug for medicines and supplements, foodWarning for the rest."""
    drugs = [
        {"@type": "Drug" if item.kind == "medicine" else "DietarySupplement", "name": item.interacts_with}
        for item in interactions
        if item.kind in ("medicine", "nutrient")
    ]
    warnings = [
        f"{item.interacts_with}: {item.advice} {item.what_to_do}"
        for item in interactions
        if item.kind in ("food", "alcohol")
    ]
    return {
        **({"interactingDrug": drugs} if drugs else {}),
        **({"foodWarning": warnings} if warnings else {}),
    }


def substance(upper_limits: Iterable[UpperLimit]) -> JsonLd:
    """A nutrient, with its upper limits as schema.org's maximumIntake, one per age group."""
    limits = [
        {
            "@type": "MaximumDoseSchedule",
            "doseValue": limit.amount,
            "doseUnit": limit.unit,
            "frequency": "daily",
            "targetPopulation": limit.age_group,
        }
        for limit in upper_limits
    ]
    return {"@type": "Substance", **({"maximumIntake": limits} if limits else {})}
