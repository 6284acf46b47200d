"""Clinical codes as data: the code systems health records name pages by, and each one's format.

Conditions and symptoms carry ICD-10-CM codes and SNOMED CT concept ids, medicines RxNorm RxCUIs,
so that a health record can ask for what a patient with a code should read (portal.site.connect).
A code is written as the record writes it; a list of them is kept as one text field, the codes
separated by commas, because editors type them like that and no query filters on them in the
database: the lookup reads them all at once and remembers them (portal.site.connect).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from stdnum import verhoeff
from wagtail_localize.fields import SynchronizedField


@dataclass(frozen=True)
class CodeSystem:
    """One code system: its name and the HL7 OID health records identify it by."""

    key: str
    name: str
    oid: str

    def normalize(self, code: str) -> str:
        """A code as the portal keeps it, however it was typed (case, spaces, a missing ICD-10-CM
        dot); what is not a code of this system stays as typed, so that an error can quote it."""
        candidate = "".join(code.split()).upper()
        if self is ICD10CM and len(candidate) > 3 and "." not in candidate:
            candidate = f"{candidate[:3]}.{candidate[3:]}"
        return candidate if self.problem_with(candidate) is None else code.strip()

    def problem_with(self, code: str) -> str | None:
        """Why `code` (normalized) is not a code of this system, or None when it is well formed."""
        return _PROBLEM_FINDERS[self.key](code)

    def parents(self, code: str) -> list[str]:
        """The broader codes a code falls under, nearest first: for M62.838, M62.83, M62.8 and M62.
        Only ICD-10-CM codes have parents in their own spelling."""
        if self is not ICD10CM or "." not in code:
            return []
        category, detail = code.split(".", 1)
        return [f"{category}.{detail[:length]}" for length in range(len(detail) - 1, 0, -1)] + [category]


ICD10CM = CodeSystem("icd10cm", "ICD-10-CM", "2.16.840.1.113883.6.90")
SNOMEDCT = CodeSystem("snomedct", "SNOMED CT", "2.16.840.1.113883.6.96")
RXNORM = CodeSystem("rxnorm", "RxNorm", "2.16.840.1.113883.6.88")
CODE_SYSTEMS = (ICD10CM, SNOMEDCT, RXNORM)
BY_OID = {system.oid: system for system in CODE_SYSTEMS}
BY_KEY = {system.key: system for system in CODE_SYSTEMS}

# A letter, a digit, a digit or letter (C4A, M1A), then up to four characters after the dot
# (the seventh character and the placeholder X included), as the ICD-10-CM tabular list writes them.
ICD10CM_PATTERN = re.compile(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?")
# SNOMED CT identifiers are 6 to 18 digits without a leading zero; the two digits before the check
# digit are the partition, 00 or 10 for a concept (01, 02, 11, 12 are descriptions and relationships).
SNOMEDCT_PATTERN = re.compile(r"[1-9][0-9]{5,17}")
CONCEPT_PARTITIONS = ("00", "10")
RXCUI_PATTERN = re.compile(r"[1-9][0-9]{0,7}")


def _icd10cm_problem(code: str) -> str | None:
    if ICD10CM_PATTERN.fullmatch(code):
        return None
    return str(_("%(code)s is not an ICD-10-CM code: it should look like R25.3 or M62.81.") % {"code": code})


def _snomedct_problem(code: str) -> str | None:
    if not SNOMEDCT_PATTERN.fullmatch(code):
        return str(_("%(code)s is not a SNOMED CT id: it should be 6 to 18 digits.") % {"code": code})
    if not verhoeff.is_valid(code):
        return str(
            _("%(code)s is not a SNOMED CT id: its last digit does not check out. Look for a typo.")
            % {"code": code}
        )
    if code[-3:-1] not in CONCEPT_PARTITIONS:
        return str(
            _("%(code)s is a SNOMED CT description or relationship id, not a concept id.") % {"code": code}
        )
    return None


def _rxnorm_problem(code: str) -> str | None:
    if RXCUI_PATTERN.fullmatch(code):
        return None
    return str(_("%(code)s is not an RxNorm RxCUI: it should be a number such as 25480.") % {"code": code})


_PROBLEM_FINDERS = {"icd10cm": _icd10cm_problem, "snomedct": _snomedct_problem, "rxnorm": _rxnorm_problem}


def split_codes(text: str) -> list[str]:
    """The codes a CodesField holds, in its order."""
    return [code for code in (part.strip() for part in re.split(r"[,;\n]", text or "")) if code]


def has_code(lookup: str, code: str) -> models.Q:
    """Rows whose CodesField (at `lookup`, which may follow a relation) holds exactly this code: the
    field keeps its codes in one spelling, separated by ", "."""
    return (
        models.Q(**{lookup: code})
        | models.Q(**{f"{lookup}__startswith": f"{code}, "})
        | models.Q(**{f"{lookup}__endswith": f", {code}"})
        | models.Q(**{f"{lookup}__contains": f", {code}, "})
    )


def carrying(models_with_codes: list[type[models.Model]], system: CodeSystem, code: str) -> models.Q:
    """A condition on ids: the rows of these models that carry the code, found by each model's
    `code_lookups` ({system key: lookup}), one subquery per model."""
    condition = models.Q(pk__in=[])
    for model in models_with_codes:
        lookup = getattr(model, "code_lookups", {}).get(system.key)
        if lookup:
            condition |= models.Q(pk__in=model._default_manager.filter(has_code(lookup, code)).values("pk"))
    return condition


class CodesField(models.CharField):
    """Codes of one system, separated by commas: checked, and kept in one spelling, when saved.

    `system` is the CodeSystem's key, so that migrations can write it.
    """

    def __init__(self, *args: Any, system: str, **kwargs: Any) -> None:
        self.system = BY_KEY[system]
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["system"] = self.system.key
        for key, value in (("max_length", 255), ("blank", True), ("default", "")):
            if kwargs.get(key) == value:
                del kwargs[key]
        return name, path, args, kwargs

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if not value:
            return value
        return ", ".join(dict.fromkeys(self.system.normalize(code) for code in split_codes(value)))

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        problems = [problem for code in split_codes(value) if (problem := self.system.problem_with(code))]
        if problems:
            raise ValidationError(problems)

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class ClinicalCodesMixin(models.Model):
    """The ICD-10-CM codes and SNOMED CT concepts of a condition or symptom."""

    icd10cm_codes = CodesField(
        system="icd10cm",
        verbose_name=_("ICD-10-CM codes"),
        help_text=_(
            'Separated by commas, e.g. "R25.3". A health record with a code under one of these '
            "(M62.838 under M62.83) also links here."
        ),
    )
    snomedct_ids = CodesField(
        system="snomedct",
        verbose_name=_("SNOMED CT concept ids"),
        help_text=_('Separated by commas, e.g. "26544005". The last digit is checked.'),
    )

    # Where the API's code filters look (portal.site.api).
    code_lookups = {"icd10cm": "icd10cm_codes", "snomedct": "snomedct_ids"}
    # The same codes in every language: a translation cannot change them.
    override_translatable_fields = [
        SynchronizedField("icd10cm_codes", overridable=False),
        SynchronizedField("snomedct_ids", overridable=False),
    ]
    code_panels = [
        MultiFieldPanel(
            [FieldPanel("icd10cm_codes"), FieldPanel("snomedct_ids")],
            heading=_("Codes for health records"),
            help_text=_("Health records link patients here by these codes (the /connect/ lookup)."),
        )
    ]

    class Meta:
        abstract = True

    def codes(self) -> dict[str, list[str]]:
        return {"icd10cm": split_codes(self.icd10cm_codes), "snomedct": split_codes(self.snomedct_ids)}

    def api_codes(self, request: Any) -> dict[str, list[str]]:
        return self.codes()
