import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from portal.models import (
    AboutContentPage,
    ConditionIndexPage,
    ConditionPage,
    HomePage,
    Reviewer,
    Symptom,
    SymptomIndexPage,
    SynonymGroup,
)


class ReviewerFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Dr Reviewer {n}")
    credentials = "MD, neurologist"
    email = factory.Sequence(lambda n: f"reviewer{n}@example.org")

    class Meta:
        model = Reviewer


class SymptomFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Test symptom {n}")
    medical_term = factory.Sequence(lambda n: f"testopathy {n}")
    synonyms = "made-up feeling, invented sensation"
    description = "A symptom made for tests."

    class Meta:
        model = Symptom


class SynonymGroupFactory(DjangoModelFactory):
    terms = factory.Sequence(lambda n: f"testword{n}, made-up word {n}")
    note = "Words made for tests."

    class Meta:
        model = SynonymGroup


class ClinicalPageFactory(wagtail_factories.PageFactory):
    summary = factory.LazyAttribute(lambda page: f"A plain-language summary of {page.title}.")
    last_reviewed = datetime.date(2026, 1, 10)
    next_review_due = datetime.date(2027, 1, 10)
    reviewer = factory.SubFactory(ReviewerFactory)
    references = factory.LazyFunction(
        lambda: [("reference", {"citation": "MedlinePlus. Test source.", "url": "https://medlineplus.gov/"})]
    )

    class Meta:
        abstract = True


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    hero_heading = "Information about muscle twitching"
    hero_intro = "What causes muscle twitching and what helps."

    class Meta:
        model = HomePage


class ConditionIndexPageFactory(wagtail_factories.PageFactory):
    title = "Conditions"
    intro = "Guides to conditions."

    class Meta:
        model = ConditionIndexPage


class SymptomIndexPageFactory(wagtail_factories.PageFactory):
    title = "Symptoms"

    class Meta:
        model = SymptomIndexPage


class AboutContentPageFactory(wagtail_factories.PageFactory):
    title = "How we check our content"
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Every page is checked by a clinician.</p>")])

    class Meta:
        model = AboutContentPage


class ConditionPageFactory(ClinicalPageFactory):
    title = factory.Sequence(lambda n: f"Test condition {n}")
    overview = "<p>An overview of a condition made for tests.</p>"
    when_to_seek_help = "Most cases are harmless."

    class Meta:
        model = ConditionPage
