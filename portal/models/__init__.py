from .base import BasePage, clinical_page_models, from_clinical_tables, from_page_tables
from .content_version import ContentVersion
from .interactions import InteractionAdvice
from .mixins import (
    CachedViewRestrictionsMixin,
    IntroPageMixin,
    PublishedThroughApprovalMixin,
    ReviewMixin,
    SlugFromNameMixin,
)
from .pages import (
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
from .search import QueryWithoutResultsDailyHits, SynonymGroup, count_search
from .sign_offs import SignOff
from .site_settings import SafetySettings
from .snippets import Reviewer, Symptom
from .workflow import ClinicalReviewTask

__all__ = [
    "AboutContentPage",
    "BasePage",
    "CachedViewRestrictionsMixin",
    "clinical_page_models",
    "from_clinical_tables",
    "from_page_tables",
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
    "InteractionAdvice",
    "IntroPageMixin",
    "PublishedThroughApprovalMixin",
    "QueryWithoutResultsDailyHits",
    "count_search",
    "ReviewMixin",
    "SafetySettings",
    "SignOff",
    "SlugFromNameMixin",
    "Reviewer",
    "Symptom",
    "SymptomIndexPage",
    "SynonymGroup",
]
