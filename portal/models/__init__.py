from .base import BasePage
from .mixins import IntroPageMixin, ReviewMixin
from .pages import (
    AboutContentPage,
    ConditionCause,
    ConditionIndexPage,
    ConditionNutrient,
    ConditionPage,
    ConditionTreatment,
    ConditionWarningSign,
    HomePage,
    SymptomIndexPage,
)
from .search import QueryWithoutResultsDailyHits, SynonymGroup
from .snippets import Reviewer, Symptom

__all__ = [
    "AboutContentPage",
    "BasePage",
    "ConditionCause",
    "ConditionIndexPage",
    "ConditionNutrient",
    "ConditionPage",
    "ConditionTreatment",
    "ConditionWarningSign",
    "HomePage",
    "IntroPageMixin",
    "QueryWithoutResultsDailyHits",
    "ReviewMixin",
    "Reviewer",
    "Symptom",
    "SymptomIndexPage",
    "SynonymGroup",
]
