"""The portal app's models, gathered where Django looks for them.

Each lives in the layer it belongs to (docs/architecture.md); code in a layer imports a model from
its own module, never from here, so that no layer depends on the ones above it.
"""

from portal.caching.models import ContentVersion
from portal.core.sign_offs import SignOff
from portal.core.site_settings import SafetySettings
from portal.core.snippets import Reviewer, Symptom
from portal.governance.workflow import ClinicalReviewTask
from portal.pages.models import (
    AboutContentPage,
    ConditionCause,
    ConditionIndexPage,
    ConditionNutrient,
    ConditionPage,
    ConditionSymptom,
    ConditionTreatment,
    ConditionWarningSign,
    HomePage,
    SymptomIndexPage,
)
from portal.search.models import QueryWithoutResultsDailyHits, SynonymGroup

__all__ = [
    "AboutContentPage",
    "ClinicalReviewTask",
    "ConditionCause",
    "ConditionIndexPage",
    "ConditionNutrient",
    "ConditionPage",
    "ConditionSymptom",
    "ConditionTreatment",
    "ConditionWarningSign",
    "ContentVersion",
    "HomePage",
    "QueryWithoutResultsDailyHits",
    "Reviewer",
    "SafetySettings",
    "SignOff",
    "Symptom",
    "SymptomIndexPage",
    "SynonymGroup",
]
