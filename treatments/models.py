"""Treatment pages: one model per kind of treatment, sharing one abstract base."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from wagtail_localize.fields import SynchronizedField

from portal.core import structured_data
from portal.core.api import computed, page_link, snippet_link
from portal.core.blocks import PATIENT_RICH_TEXT_FEATURES, BodyStreamBlock
from portal.core.codes import CodesField, split_codes
from portal.core.interactions import InteractionAdvice
from portal.core.languages import in_language
from portal.core.mixins import IntroPageMixin, SectionPageMixin
from portal.core.pages import BasePage, ClinicalPage
from portal.core.visibility import exclude_restricted, is_restricted


class TreatmentIndexPage(SectionPageMixin, IntroPageMixin, BasePage):
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [*BasePage.api_fields, APIField("intro")]

    subpage_types = [
        "treatments.MedicationPage",
        "treatments.PhysicalTherapyPage",
        "treatments.HomeRemedyPage",
        "treatments.LifestyleChangePage",
    ]
    max_count = 1
    template = "pages/treatment_index_page.html"

    class Meta:
        verbose_name = _("treatments index page")
        verbose_name_plural = _("treatments index pages")

    def get_treatments_by_kind(self):
        groups = {}
        for page in exclude_restricted(self.get_children().live()).specific().order_by("title"):
            groups.setdefault(page.specific_class._meta.verbose_name_plural, []).append(page)
        return sorted(groups.items())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["treatments_by_kind"] = self.get_treatments_by_kind()
        return context


class TreatmentPage(ClinicalPage):
    """What every kind of treatment tells a patient: what it is, how it helps, its risks."""

    how_it_helps = RichTextField(
        verbose_name=_("how it helps"),
        features=PATIENT_RICH_TEXT_FEATURES,
        help_text=_("How this treatment eases symptoms, in plain words."),
    )
    risks = RichTextField(
        verbose_name=_("risks"),
        features=PATIENT_RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Risks, side effects or reasons to be careful. Leave empty only if there are none."),
    )
    talk_to_doctor = models.TextField(
        verbose_name=_("talk to your doctor"),
        blank=True,
        help_text=_("Advice to discuss this treatment with a doctor, shown in a highlighted box."),
    )
    body = StreamField(
        BodyStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Anything else patients need that the fields above do not cover."),
    )

    content_panels = [
        *ClinicalPage.content_panels,
        FieldPanel("how_it_helps"),
        FieldPanel("risks"),
        FieldPanel("talk_to_doctor"),
    ]

    search_fields = [*ClinicalPage.search_fields, index.SearchField("how_it_helps")]
    api_fields = [
        *ClinicalPage.api_fields,
        APIField("how_it_helps"),
        APIField("risks"),
        APIField("talk_to_doctor"),
        APIField("body"),
        computed("conditions"),
    ]

    parent_page_types = ["treatments.TreatmentIndexPage"]
    subpage_types = []
    # schema.org types: what the page is about, and the therapy a condition page lists it as.
    schema_type = "MedicalTherapy"
    therapy_type = "MedicalTherapy"

    class Meta:
        abstract = True

    def structured_about(self, context):
        return structured_data.medical_entity(self.schema_type)

    def get_conditions(self):
        """The conditions this treatment helps, with each one's note: read by the template's
        {% remembered "conditions-it-helps" %} block only when its HTML is not yet kept."""
        return self.conditions_from(self.condition_links)

    def api_conditions(self, request):
        return [{**page_link(page, request), "note": note} for page, note in self.get_conditions()]


class MedicineExample(Orderable):
    page = ParentalKey(
        "treatments.MedicationPage",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="medicines",
    )
    generic_name = models.CharField(
        verbose_name=_("generic name"), max_length=120, help_text=_('E.g. "cyclobenzaprine".')
    )
    brand_names = models.CharField(
        verbose_name=_("brand names"),
        max_length=250,
        blank=True,
        help_text=_('Brand names, separated by commas, e.g. "Flexeril, Amrix". Search matches these.'),
    )
    notes = models.CharField(
        verbose_name=_("notes"), max_length=400, blank=True, help_text=_("What this medicine is used for.")
    )
    rxnorm_codes = CodesField(
        system="rxnorm",
        verbose_name=_("RxNorm RxCUIs"),
        help_text=_(
            'The medicine\'s RxNorm concepts, separated by commas, e.g. "25480" for the ingredient '
            "gabapentin. Health records link patients to this page by them."
        ),
    )

    panels = [
        FieldPanel("generic_name"),
        FieldPanel("brand_names"),
        FieldPanel("notes"),
        FieldPanel("rxnorm_codes"),
    ]
    # The same codes in every language: a translation cannot change them.
    override_translatable_fields = [SynchronizedField("rxnorm_codes", overridable=False)]

    class Meta(Orderable.Meta):
        verbose_name = _("example medicine")
        verbose_name_plural = _("example medicines")

    def __str__(self):
        return self.generic_name

    @property
    def brand_name_list(self):
        return [name.strip() for name in self.brand_names.split(",") if name.strip()]


class SideEffect(Orderable):
    page = ParentalKey(
        "treatments.MedicationPage",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="side_effects",
    )
    name = models.CharField(verbose_name=_("name"), max_length=120, help_text=_('E.g. "Drowsiness".'))
    advice = models.CharField(
        verbose_name=_("advice"),
        max_length=250,
        blank=True,
        help_text=_('What the patient should do about it, e.g. "Do not drive if you feel drowsy."'),
    )

    panels = [FieldPanel("name"), FieldPanel("advice")]

    class Meta(Orderable.Meta):
        verbose_name = _("side effect")
        verbose_name_plural = _("side effects")

    def __str__(self):
        return self.name


class Interaction(InteractionAdvice):
    """Something a medicine should not be mixed with, edited on the medicine's page.

    A nutrient page lists the interactions that name it through the reverse relation.
    """

    KIND_CHOICES = [
        ("medicine", _("Another medicine or class of medicines")),
        ("nutrient", _("A nutrient or supplement")),
        ("food", _("A food or drink")),
        ("alcohol", _("Alcohol")),
    ]

    page = ParentalKey(
        "treatments.MedicationPage",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="interactions",
    )
    medicine = models.CharField(
        verbose_name=_("medicine"),
        max_length=120,
        blank=True,
        help_text=_(
            'Which of the page\'s medicines this is about, e.g. "gabapentin". Leave blank when it '
            "applies to every medicine on the page."
        ),
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=20,
        choices=KIND_CHOICES,
        help_text=_("What the medicine interacts with."),
    )
    interacts_with = models.CharField(
        verbose_name=_("interacts with"),
        max_length=250,
        help_text=_('As patients would name it, e.g. "Opioid pain medicines" or "Magnesium supplements".'),
    )
    nutrient = models.ForeignKey(
        "nutrition.NutrientPage",
        verbose_name=_("nutrient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="medicine_interactions",
        help_text=_(
            "For a nutrient or supplement, or a medicine that contains one (such as an antacid "
            "with magnesium): its page, which then lists this interaction too."
        ),
    )

    panels = [
        FieldPanel("medicine"),
        FieldPanel("kind"),
        FieldPanel("interacts_with"),
        FieldPanel("nutrient"),
        *InteractionAdvice.advice_panels,
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")

    def __str__(self):
        return f"{self.medicine or self.page.title} and {self.interacts_with}"

    def validation_errors(self):
        errors = super().validation_errors()
        if self.kind == "nutrient" and self.nutrient_id is None:
            errors["nutrient"] = _("Choose the nutrient's page, so it lists this interaction too.")
        if self.kind not in ("nutrient", "medicine") and self.nutrient_id is not None:
            errors["nutrient"] = _(
                "Only a nutrient or supplement, or a medicine that contains one, links to a nutrient page."
            )
        return errors


class MedicationPage(TreatmentPage):
    drug_class = models.CharField(
        verbose_name=_("drug class"),
        max_length=120,
        help_text=_('The class of medicine, e.g. "Muscle relaxant" or "Anticonvulsant".'),
    )
    prescription_only = models.BooleanField(
        verbose_name=_("prescription only"),
        default=True,
        help_text=_("Prescription-only medicines show a reminder that a doctor must prescribe them."),
    )
    not_for = RichTextField(
        features=PATIENT_RICH_TEXT_FEATURES,
        blank=True,
        verbose_name=_("who should not take it"),
        help_text=_("Who must not take this medicine, as its label and MedlinePlus say, as a list."),
    )
    before_you_start = RichTextField(
        features=PATIENT_RICH_TEXT_FEATURES,
        blank=True,
        verbose_name=_("what to tell the doctor first"),
        help_text=_(
            "What to tell the doctor before starting: health problems, pregnancy, age, other medicines. "
            'Shown after "Before you start, tell your doctor if you", as a list.'
        ),
    )
    urgent_side_effects = RichTextField(
        features=PATIENT_RICH_TEXT_FEATURES,
        blank=True,
        verbose_name=_("side effects that need help at once"),
        help_text=_(
            "Side effects that need medical help right away, as the sources list them. Shown in an "
            "urgent care card that also gives the emergency number."
        ),
    )
    cautions = RichTextField(
        verbose_name=_("cautions"),
        features=PATIENT_RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Anything else to be careful of, such as driving, alcohol or stopping the medicine."),
    )

    content_panels = [
        *TreatmentPage.content_panels,
        FieldPanel("drug_class"),
        FieldPanel("prescription_only"),
        InlinePanel("medicines", heading=_("Example medicines"), label=_("Medicine"), min_num=1),
        InlinePanel("side_effects", heading=_("Common side effects"), label=_("Side effect")),
        FieldPanel("not_for"),
        FieldPanel("before_you_start"),
        FieldPanel("urgent_side_effects"),
        FieldPanel("cautions"),
        FieldPanel("body"),
    ]
    relation_panels = [
        *TreatmentPage.relation_panels,
        InlinePanel(
            "interactions",
            heading=_("Medicines, foods and supplements to be careful with"),
            label=_("Interaction"),
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

    api_fields = [
        *TreatmentPage.api_fields,
        computed("codes"),
        APIField("drug_class"),
        APIField("prescription_only"),
        computed("medicines"),
        computed("side_effects"),
        APIField("not_for"),
        APIField("before_you_start"),
        APIField("urgent_side_effects"),
        APIField("cautions"),
        computed("interactions"),
    ]

    # Where the API's code filters look (portal.site.api).
    code_lookups = {"rxnorm": "medicines__rxnorm_codes"}
    template = "pages/medication_page.html"
    search_reads = ("medicines",)
    render_reads = TreatmentPage.render_reads.plus(
        prefetch=("medicines", "side_effects", "interactions__nutrient")
    )
    schema_type = "DrugClass"

    class Meta:
        verbose_name = _("medication")
        verbose_name_plural = _("Medications")

    def structured_about(self, context):
        return structured_data.drug_class(
            self.drug_class, context["medicines"], self.prescription_only, context["interactions"]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["medicines"] = list(self.medicines.all())
        context["side_effects"] = list(self.side_effects.all())
        context["interactions"] = self.get_interactions()
        return context

    def get_interactions(self):
        """The interactions, each nutrient linked in this page's language: the rows are the caller's own copies."""
        interactions = list(self.interactions.all())
        linked = [interaction for interaction in interactions if interaction.nutrient_id]
        for interaction, nutrient in zip(
            linked, in_language([row.nutrient for row in linked], self.locale_id), strict=True
        ):
            interaction.nutrient = nutrient
        return interactions

    def api_codes(self, request):
        return self.codes()

    def api_medicines(self, request):
        return [
            {
                "generic_name": medicine.generic_name,
                "brand_names": medicine.brand_name_list,
                "notes": medicine.notes,
                "rxnorm": split_codes(medicine.rxnorm_codes),
            }
            for medicine in self.medicines.all()
        ]

    def api_side_effects(self, request):
        return [{"name": effect.name, "advice": effect.advice} for effect in self.side_effects.all()]

    def api_interactions(self, request):
        """Each interaction, its nutrient linked in this page's language while its page is live and public."""
        return [
            {
                "medicine": interaction.medicine,
                "kind": interaction.kind,
                "interacts_with": interaction.interacts_with,
                "nutrient": page_link(interaction.nutrient, request)
                if interaction.nutrient is not None
                and interaction.nutrient.live
                and not is_restricted(interaction.nutrient)
                else None,
                **interaction.api_advice(),
            }
            for interaction in self.get_interactions()
        ]

    def codes(self):
        """The RxNorm concepts of the medicines this page is about."""
        return {
            "rxnorm": list(
                dict.fromkeys(
                    code for medicine in self.medicines.all() for code in split_codes(medicine.rxnorm_codes)
                )
            )
        }

    def search_keywords(self):
        return [self.drug_class] + [
            name
            for medicine in self.medicines.all()
            for name in [medicine.generic_name, *medicine.brand_name_list]
        ]


class TherapyTechnique(Orderable):
    page = ParentalKey(
        "treatments.PhysicalTherapyPage",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="techniques",
    )
    name = models.CharField(verbose_name=_("name"), max_length=120, help_text=_('E.g. "Stretching".'))
    purpose = models.TextField(
        verbose_name=_("purpose"), help_text=_("What the technique does for the muscles, in plain words.")
    )

    panels = [FieldPanel("name"), FieldPanel("purpose")]

    class Meta(Orderable.Meta):
        verbose_name = _("technique")
        verbose_name_plural = _("techniques")

    def __str__(self):
        return self.name


class PhysicalTherapyPage(TreatmentPage):
    session_description = models.TextField(
        verbose_name=_("session description"),
        blank=True,
        help_text=_("What happens at a typical session, so patients know what to expect."),
    )
    frequency = models.CharField(
        verbose_name=_("frequency"),
        max_length=200,
        blank=True,
        help_text=_('How often sessions usually happen, e.g. "Once or twice a week for 4 to 6 weeks".'),
    )

    content_panels = [
        *TreatmentPage.content_panels,
        InlinePanel("techniques", heading=_("Techniques"), label=_("Technique"), min_num=1),
        FieldPanel("session_description"),
        FieldPanel("frequency"),
        FieldPanel("body"),
    ]

    search_fields = [
        *TreatmentPage.search_fields,
        index.RelatedFields("techniques", [index.SearchField("name", boost=3), index.SearchField("purpose")]),
    ]

    api_fields = [
        *TreatmentPage.api_fields,
        APIField("session_description"),
        APIField("frequency"),
        computed("techniques"),
    ]

    template = "pages/physical_therapy_page.html"
    search_reads = ("techniques",)
    render_reads = TreatmentPage.render_reads.plus(prefetch=("techniques",))
    schema_type = "PhysicalTherapy"
    therapy_type = "PhysicalTherapy"

    class Meta:
        verbose_name = _("physical therapy")
        verbose_name_plural = _("Physical therapy")

    def search_keywords(self):
        return [technique.name for technique in self.techniques.all()]

    def api_techniques(self, request):
        return [{"name": technique.name, "purpose": technique.purpose} for technique in self.techniques.all()]


class RemedyStep(Orderable):
    page = ParentalKey(
        "treatments.HomeRemedyPage", verbose_name=_("page"), on_delete=models.CASCADE, related_name="steps"
    )
    title = models.CharField(
        verbose_name=_("title"),
        max_length=120,
        help_text=_('A short instruction, e.g. "Drink water through the day".'),
    )
    details = models.TextField(
        verbose_name=_("details"), blank=True, help_text=_("How to do it and why it helps.")
    )

    panels = [FieldPanel("title"), FieldPanel("details")]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return self.title


class HomeRemedyPage(TreatmentPage):
    nutrients = ParentalManyToManyField(
        "nutrition.NutrientPage",
        verbose_name=_("nutrients"),
        blank=True,
        related_name="remedies",
        help_text=_("Nutrients this remedy relies on. The remedy is listed on their pages."),
    )
    foods = ParentalManyToManyField(
        "nutrition.Food",
        verbose_name=_("foods"),
        blank=True,
        related_name="remedies",
        help_text=_("Foods this remedy suggests eating."),
    )

    content_panels = [
        *TreatmentPage.content_panels,
        InlinePanel("steps", heading=_("Steps"), label=_("Step"), min_num=1),
        FieldPanel("body"),
    ]
    relation_panels = [
        FieldPanel("nutrients", widget=forms.CheckboxSelectMultiple),
        FieldPanel("foods", widget=forms.CheckboxSelectMultiple),
    ]

    search_fields = [
        *TreatmentPage.search_fields,
        index.RelatedFields("steps", [index.SearchField("title", boost=2), index.SearchField("details")]),
        # The live foods only: a draft food must not be found through the remedies that name it.
        index.SearchField("food_names", boost=2),
    ]

    api_fields = [*TreatmentPage.api_fields, computed("steps"), computed("nutrients"), computed("foods")]

    template = "pages/home_remedy_page.html"
    search_reads = ("steps", "foods")
    render_reads = TreatmentPage.render_reads.plus(prefetch=("steps", "foods", "nutrients"))

    class Meta:
        verbose_name = _("home remedy")
        verbose_name_plural = _("Home remedies")

    def search_keywords(self):
        return [step.title for step in self.steps.all()] + self.food_names()

    def get_foods(self):
        """The live foods this remedy suggests, in the page's language, A to Z."""
        foods = in_language(self.foods.all(), self.locale_id)
        return sorted((food for food in foods if food.live), key=lambda food: food.name)

    def food_names(self):
        return [food.name for food in self.get_foods()]

    def get_nutrients(self):
        """The live, public nutrients this remedy relies on, in the page's language, A to Z."""
        return sorted(
            (
                page
                for page in in_language(self.nutrients.all(), self.locale_id)
                if page.live and not is_restricted(page)
            ),
            key=lambda page: page.title,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["nutrients"] = self.get_nutrients()
        context["foods"] = self.get_foods()
        return context

    def api_steps(self, request):
        return [{"title": step.title, "details": step.details} for step in self.steps.all()]

    def api_nutrients(self, request):
        return [page_link(page, request) for page in self.get_nutrients()]

    def api_foods(self, request):
        return [snippet_link(food, request) for food in self.get_foods()]


class LifestylePractice(Orderable):
    page = ParentalKey(
        "treatments.LifestyleChangePage",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="practices",
    )
    name = models.CharField(
        verbose_name=_("name"), max_length=120, help_text=_('E.g. "Mindfulness and meditation".')
    )
    description = models.TextField(
        verbose_name=_("description"), help_text=_("What to do and how it helps, in plain words.")
    )

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def __str__(self):
        return self.name


class LifestyleChangePage(TreatmentPage):
    content_panels = [
        *TreatmentPage.content_panels,
        InlinePanel("practices", heading=_("Practices"), label=_("Practice"), min_num=1),
        FieldPanel("body"),
    ]

    search_fields = [
        *TreatmentPage.search_fields,
        index.RelatedFields(
            "practices", [index.SearchField("name", boost=3), index.SearchField("description")]
        ),
    ]

    api_fields = [*TreatmentPage.api_fields, computed("practices")]

    template = "pages/lifestyle_change_page.html"
    search_reads = ("practices",)
    render_reads = TreatmentPage.render_reads.plus(prefetch=("practices",))
    schema_type = "LifestyleModification"

    class Meta:
        verbose_name = _("lifestyle change")
        verbose_name_plural = _("Lifestyle changes")

    def search_keywords(self):
        return [practice.name for practice in self.practices.all()]

    def api_practices(self, request):
        return [
            {"name": practice.name, "description": practice.description} for practice in self.practices.all()
        ]
