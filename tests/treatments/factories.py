import factory
import factory.django
import wagtail_factories

from tests.portal.factories import ClinicalPageFactory
from treatments.models import (
    HomeRemedyPage,
    Interaction,
    LifestyleChangePage,
    MedicationPage,
    PhysicalTherapyPage,
    TreatmentIndexPage,
)


class TreatmentIndexPageFactory(wagtail_factories.PageFactory):
    title = "Treatments"
    intro = "Ways to treat muscle problems."

    class Meta:
        model = TreatmentIndexPage


class TreatmentPageFactory(ClinicalPageFactory):
    how_it_helps = "<p>It eases the symptoms.</p>"
    risks = "<p>It may cause a rash.</p>"
    talk_to_doctor = "Ask your doctor first."

    class Meta:
        abstract = True


class MedicationPageFactory(TreatmentPageFactory):
    title = factory.Sequence(lambda n: f"Test medicine class {n}")
    drug_class = "Test relaxant"

    class Meta:
        model = MedicationPage


class PhysicalTherapyPageFactory(TreatmentPageFactory):
    title = factory.Sequence(lambda n: f"Test therapy {n}")
    session_description = "You meet a therapist."
    frequency = "Weekly"

    class Meta:
        model = PhysicalTherapyPage


class HomeRemedyPageFactory(TreatmentPageFactory):
    title = factory.Sequence(lambda n: f"Test remedy {n}")

    class Meta:
        model = HomeRemedyPage


class LifestyleChangePageFactory(TreatmentPageFactory):
    title = factory.Sequence(lambda n: f"Test lifestyle change {n}")

    class Meta:
        model = LifestyleChangePage


class InteractionFactory(factory.django.DjangoModelFactory):
    """An interaction of a medicine with another medicine class; pass page (a MedicationPage)."""

    kind = "medicine"
    interacts_with = factory.Sequence(lambda n: f"Test medicine class {n}")
    severity = "serious"
    action = "ask"
    advice = "Together they make you very sleepy."
    source_citation = "FDA. A drug label."
    source_url = "https://api.fda.gov/drug/label.json"

    class Meta:
        model = Interaction
