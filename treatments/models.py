"""Treatment pages: one model per kind of treatment, sharing one abstract base."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.blocks import PATIENT_RICH_TEXT_FEATURES, BodyStreamBlock
from portal.models import BasePage, CachedViewRestrictionsMixin, IntroPageMixin, PublishedThroughApprovalMixin
from portal.models.mixins import exclude_restricted, is_restricted
from portal.page_cache import remember


class TreatmentIndexPage(PublishedThroughApprovalMixin, CachedViewRestrictionsMixin, IntroPageMixin, Page):
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = [
        "treatments.MedicationPage",
        "treatments.PhysicalTherapyPage",
        "treatments.HomeRemedyPage",
        "treatments.LifestyleChangePage",
    ]
    max_count = 1
    template = "pages/treatment_index_page.html"

    def get_treatments_by_kind(self):
        groups = {}
        for page in exclude_restricted(self.get_children().live()).specific().order_by("title"):
            groups.setdefault(page.specific_class._meta.verbose_name_plural, []).append(page)
        return sorted(groups.items())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["treatments_by_kind"] = self.get_treatments_by_kind()
        return context


class TreatmentPage(BasePage):
    """What every kind of treatment tells a patient: what it is, how it helps, its risks."""

    how_it_helps = RichTextField(
        features=PATIENT_RICH_TEXT_FEATURES,
        help_text="How this treatment eases symptoms, in plain words.",
    )
    risks = RichTextField(
        features=PATIENT_RICH_TEXT_FEATURES,
        blank=True,
        help_text="Risks, side effects or reasons to be careful. Leave empty only if there are none.",
    )
    talk_to_doctor = models.TextField(
        blank=True,
        help_text="Advice to discuss this treatment with a doctor, shown in a highlighted box.",
    )
    body = StreamField(
        BodyStreamBlock(),
        blank=True,
        help_text="Anything else patients need that the fields above do not cover.",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("how_it_helps"),
        FieldPanel("risks"),
        FieldPanel("talk_to_doctor"),
    ]

    search_fields = [*BasePage.search_fields, index.SearchField("how_it_helps")]

    parent_page_types = ["treatments.TreatmentIndexPage"]
    subpage_types = []
    # schema.org types: what the page is about, and the therapy a condition page lists it as.
    schema_type = "MedicalTherapy"
    therapy_type = "MedicalTherapy"

    class Meta:
        abstract = True

    def structured_about(self, context):
        return {"@type": self.schema_type}

    def get_conditions(self):
        return remember(
            "conditions-linking", self.pk, compute=lambda: self.conditions_from(self.condition_links)
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's remembered HTML of the list is missing.
        context["conditions"] = SimpleLazyObject(self.get_conditions)
        return context


class MedicineExample(Orderable):
    page = ParentalKey("treatments.MedicationPage", on_delete=models.CASCADE, related_name="medicines")
    generic_name = models.CharField(max_length=120, help_text='E.g. "cyclobenzaprine".')
    brand_names = models.CharField(
        max_length=250,
        blank=True,
        help_text='Brand names, separated by commas, e.g. "Flexeril, Amrix". Search matches these.',
    )
    notes = models.CharField(max_length=250, blank=True, help_text="What this medicine is used for.")

    panels = [FieldPanel("generic_name"), FieldPanel("brand_names"), FieldPanel("notes")]

    def __str__(self):
        return self.generic_name

    @property
    def brand_name_list(self):
        return [name.strip() for name in self.brand_names.split(",") if name.strip()]


class SideEffect(Orderable):
    page = ParentalKey("treatments.MedicationPage", on_delete=models.CASCADE, related_name="side_effects")
    name = models.CharField(max_length=120, help_text='E.g. "Drowsiness".')
    advice = models.CharField(
        max_length=250,
        blank=True,
        help_text='What the patient should do about it, e.g. "Do not drive if you feel drowsy."',
    )

    panels = [FieldPanel("name"), FieldPanel("advice")]

    def __str__(self):
        return self.name


class Interaction(Orderable):
    """Something a medicine should not be mixed with, edited on the medicine's page.

    A nutrient page lists the interactions that name it through the reverse relation.
    """

    KIND_CHOICES = [
        ("medicine", "Another medicine or class of medicines"),
        ("nutrient", "A nutrient or supplement"),
        ("food", "A food or drink"),
        ("alcohol", "Alcohol"),
    ]
    SEVERITY_CHOICES = [("serious", "Serious"), ("moderate", "Moderate"), ("minor", "Minor")]
    ACTION_CHOICES = [
        ("avoid", "Do not take them together"),
        ("separate", "Take them some hours apart"),
        ("ask", "Ask your doctor or pharmacist first"),
    ]

    page = ParentalKey("treatments.MedicationPage", on_delete=models.CASCADE, related_name="interactions")
    medicine = models.CharField(
        max_length=120,
        blank=True,
        help_text='Which of the page\'s medicines this is about, e.g. "gabapentin". Leave blank when it '
        "applies to every medicine on the page.",
    )
    kind = models.CharField(
        max_length=20, choices=KIND_CHOICES, help_text="What the medicine interacts with."
    )
    interacts_with = models.CharField(
        max_length=160,
        help_text='As patients would name it, e.g. "Opioid pain medicines" or "Magnesium supplements".',
    )
    nutrient = models.ForeignKey(
        "nutrition.NutrientPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="medicine_interactions",
        help_text="For a nutrient or supplement: its page, which then lists this interaction too.",
    )
    severity = models.CharField(max_length=20, choices=SEVERITY_CHOICES, help_text="As the source rates it.")
    action = models.CharField(max_length=20, choices=ACTION_CHOICES, help_text="What the patient should do.")
    separate_hours = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text='For "take them some hours apart": how many hours, as the source gives it.',
    )
    advice = models.CharField(
        max_length=300,
        help_text="What happens and what to do, in one or two plain sentences.",
    )
    source_citation = models.CharField(max_length=300, help_text="The source that gives this interaction.")
    source_url = models.URLField(max_length=500, help_text="The address of that source.")

    panels = [
        FieldPanel("medicine"),
        FieldPanel("kind"),
        FieldPanel("interacts_with"),
        FieldPanel("nutrient"),
        FieldPanel("severity"),
        FieldPanel("action"),
        FieldPanel("separate_hours"),
        FieldPanel("advice"),
        FieldPanel("source_citation"),
        FieldPanel("source_url"),
    ]

    def __str__(self):
        return f"{self.medicine or self.page.title} and {self.interacts_with}"

    def clean(self):
        errors = {}
        if self.kind == "nutrient" and self.nutrient_id is None:
            errors["nutrient"] = "Choose the nutrient's page, so it lists this interaction too."
        if self.kind != "nutrient" and self.nutrient_id is not None:
            errors["nutrient"] = "Only a nutrient or supplement interaction links to a nutrient page."
        if self.action == "separate" and not self.separate_hours:
            errors["separate_hours"] = "Say how many hours apart, as the source gives it."
        if self.action != "separate" and self.separate_hours:
            errors["separate_hours"] = "Hours apart only apply when the doses are to be taken apart."
        if errors:
            raise ValidationError(errors)

    @property
    def what_to_do(self):
        if self.action == "separate":
            return f"Take them at least {self.separate_hours} hours apart."
        return f"{self.get_action_display()}."


class MedicationPage(TreatmentPage):
    drug_class = models.CharField(
        max_length=120,
        help_text='The class of medicine, e.g. "Muscle relaxant" or "Anticonvulsant".',
    )
    prescription_only = models.BooleanField(
        default=True,
        help_text="Prescription-only medicines show a reminder that a doctor must prescribe them.",
    )
    cautions = RichTextField(
        features=PATIENT_RICH_TEXT_FEATURES,
        blank=True,
        help_text="Who should not take it, interactions, and activities to avoid.",
    )

    content_panels = [
        *TreatmentPage.content_panels,
        FieldPanel("drug_class"),
        FieldPanel("prescription_only"),
        InlinePanel("medicines", heading="Example medicines", label="Medicine", min_num=1),
        InlinePanel("side_effects", heading="Common side effects", label="Side effect"),
        FieldPanel("cautions"),
        FieldPanel("body"),
    ]
    relation_panels = [
        *TreatmentPage.relation_panels,
        InlinePanel(
            "interactions",
            heading="Medicines, foods and supplements to be careful with",
            label="Interaction",
        ),
    ]

    search_fields = [
        *TreatmentPage.search_fields,
        index.SearchField("drug_class", boost=2),
        index.RelatedFields(
            "medicines",
            [index.SearchField("generic_name", boost=4), index.SearchField("brand_names", boost=4)],
        ),
        index.RelatedFields("side_effects", [index.SearchField("name")]),
        index.RelatedFields(
            "interactions", [index.SearchField("interacts_with", boost=2), index.SearchField("advice")]
        ),
    ]

    template = "pages/medication_page.html"
    search_keyword_prefetch = ["medicines"]
    route_prefetch_related = (
        *TreatmentPage.route_prefetch_related,
        "medicines",
        "side_effects",
        "interactions__nutrient",
    )
    schema_type = "DrugClass"

    class Meta:
        verbose_name = "medication"
        verbose_name_plural = "Medications"

    def structured_about(self, context):
        return {
            "@type": "DrugClass",
            "alternateName": self.drug_class,
            "drug": [
                {
                    "@type": "Drug",
                    "name": medicine.generic_name,
                    "nonProprietaryName": medicine.generic_name,
                    **({"proprietaryName": medicine.brand_name_list} if medicine.brand_name_list else {}),
                    "prescriptionStatus": "https://schema.org/PrescriptionOnly"
                    if self.prescription_only
                    else "https://schema.org/OTC",
                }
                for medicine in context["medicines"]
            ],
            **self.structured_interactions(context["interactions"]),
        }

    @staticmethod
    def structured_interactions(interactions):
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["medicines"] = list(self.medicines.all())
        context["side_effects"] = list(self.side_effects.all())
        context["interactions"] = list(self.interactions.all())
        return context

    def search_keywords(self):
        return [self.drug_class] + [
            name
            for medicine in self.medicines.all()
            for name in [medicine.generic_name, *medicine.brand_name_list]
        ]


class TherapyTechnique(Orderable):
    page = ParentalKey("treatments.PhysicalTherapyPage", on_delete=models.CASCADE, related_name="techniques")
    name = models.CharField(max_length=120, help_text='E.g. "Stretching".')
    purpose = models.TextField(help_text="What the technique does for the muscles, in plain words.")

    panels = [FieldPanel("name"), FieldPanel("purpose")]

    def __str__(self):
        return self.name


class PhysicalTherapyPage(TreatmentPage):
    session_description = models.TextField(
        blank=True,
        help_text="What happens at a typical session, so patients know what to expect.",
    )
    frequency = models.CharField(
        max_length=200,
        blank=True,
        help_text='How often sessions usually happen, e.g. "Once or twice a week for 4 to 6 weeks".',
    )

    content_panels = [
        *TreatmentPage.content_panels,
        InlinePanel("techniques", heading="Techniques", label="Technique", min_num=1),
        FieldPanel("session_description"),
        FieldPanel("frequency"),
        FieldPanel("body"),
    ]

    search_fields = [
        *TreatmentPage.search_fields,
        index.RelatedFields("techniques", [index.SearchField("name", boost=3), index.SearchField("purpose")]),
    ]

    template = "pages/physical_therapy_page.html"
    search_keyword_prefetch = ["techniques"]
    route_prefetch_related = (*TreatmentPage.route_prefetch_related, "techniques")
    schema_type = "PhysicalTherapy"
    therapy_type = "PhysicalTherapy"

    class Meta:
        verbose_name = "physical therapy"
        verbose_name_plural = "Physical therapy"

    def search_keywords(self):
        return [technique.name for technique in self.techniques.all()]


class RemedyStep(Orderable):
    page = ParentalKey("treatments.HomeRemedyPage", on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(
        max_length=120, help_text='A short instruction, e.g. "Drink water through the day".'
    )
    details = models.TextField(blank=True, help_text="How to do it and why it helps.")

    panels = [FieldPanel("title"), FieldPanel("details")]

    def __str__(self):
        return self.title


class HomeRemedyPage(TreatmentPage):
    nutrients = ParentalManyToManyField(
        "nutrition.NutrientPage",
        blank=True,
        related_name="remedies",
        help_text="Nutrients this remedy relies on. The remedy is listed on their pages.",
    )
    foods = ParentalManyToManyField(
        "nutrition.Food",
        blank=True,
        related_name="remedies",
        help_text="Foods this remedy suggests eating.",
    )

    content_panels = [
        *TreatmentPage.content_panels,
        InlinePanel("steps", heading="Steps", label="Step", min_num=1),
        FieldPanel("body"),
    ]
    relation_panels = [
        FieldPanel("nutrients", widget=forms.CheckboxSelectMultiple),
        FieldPanel("foods", widget=forms.CheckboxSelectMultiple),
    ]

    search_fields = [
        *TreatmentPage.search_fields,
        index.RelatedFields("steps", [index.SearchField("title", boost=2), index.SearchField("details")]),
        index.RelatedFields("foods", [index.SearchField("name", boost=2)]),
    ]

    template = "pages/home_remedy_page.html"
    search_keyword_prefetch = ["steps", "foods"]
    index_prefetch = ["foods"]
    route_prefetch_related = (*TreatmentPage.route_prefetch_related, "steps", "foods", "nutrients")

    class Meta:
        verbose_name = "home remedy"
        verbose_name_plural = "Home remedies"

    def search_keywords(self):
        return [step.title for step in self.steps.all()] + [food.name for food in self.foods.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["nutrients"] = sorted(
            (page for page in self.nutrients.all() if page.live and not is_restricted(page)),
            key=lambda page: page.title,
        )
        context["foods"] = sorted(self.foods.all(), key=lambda food: food.name)
        return context


class LifestylePractice(Orderable):
    page = ParentalKey("treatments.LifestyleChangePage", on_delete=models.CASCADE, related_name="practices")
    name = models.CharField(max_length=120, help_text='E.g. "Mindfulness and meditation".')
    description = models.TextField(help_text="What to do and how it helps, in plain words.")

    panels = [FieldPanel("name"), FieldPanel("description")]

    def __str__(self):
        return self.name


class LifestyleChangePage(TreatmentPage):
    content_panels = [
        *TreatmentPage.content_panels,
        InlinePanel("practices", heading="Practices", label="Practice", min_num=1),
        FieldPanel("body"),
    ]

    search_fields = [
        *TreatmentPage.search_fields,
        index.RelatedFields(
            "practices", [index.SearchField("name", boost=3), index.SearchField("description")]
        ),
    ]

    template = "pages/lifestyle_change_page.html"
    search_keyword_prefetch = ["practices"]
    route_prefetch_related = (*TreatmentPage.route_prefetch_related, "practices")
    schema_type = "LifestyleModification"

    class Meta:
        verbose_name = "lifestyle change"
        verbose_name_plural = "Lifestyle changes"

    def search_keywords(self):
        return [practice.name for practice in self.practices.all()]
