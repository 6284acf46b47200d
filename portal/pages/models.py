"""The site core: the home page, conditions, symptoms and the page about our content."""

import operator
from itertools import groupby

from django.apps import apps
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultipleChooserPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, get_page_models
from wagtail.search import index

from portal.caching.remember import remember
from portal.core import structured_data
from portal.core.absolute_urls import absolute_url
from portal.core.api import computed, page_link, snippet_link
from portal.core.blocks import CARE_LEVEL_TEXT, PATIENT_RICH_TEXT_FEATURES, BodyStreamBlock, CareLevel
from portal.core.codes import ClinicalCodesMixin
from portal.core.languages import (
    active_locale_id,
    in_language,
    in_language_once,
    prefer_language,
    translation_ids,
)
from portal.core.mixins import IntroPageMixin, SitePageDescriptionMixin
from portal.core.pages import BasePage, ClinicalPage, from_clinical_tables, from_page_tables
from portal.core.routing import NO_PAGE, find_page, page_levels_below
from portal.core.site_settings import emergency_number
from portal.core.snippet_urls import serves, sitemap_entries
from portal.core.snippets import Symptom, SymptomLink, live_symptoms
from portal.core.visibility import exclude_restricted

TREATMENT_PAGE_TYPES = [
    "treatments.MedicationPage",
    "treatments.PhysicalTherapyPage",
    "treatments.HomeRemedyPage",
    "treatments.LifestyleChangePage",
]


class HomePage(SitePageDescriptionMixin, BasePage):
    hero_heading = models.CharField(
        verbose_name=_("main heading"),
        max_length=120,
        help_text=_("The main heading patients see first."),
    )
    hero_intro = models.TextField(
        verbose_name=_("introduction"),
        help_text=_("Two or three sentences saying what the site covers and who it is for."),
    )

    content_panels = [*Page.content_panels, FieldPanel("hero_heading"), FieldPanel("hero_intro")]
    api_fields = [*BasePage.api_fields, APIField("hero_heading"), APIField("hero_intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "portal.ConditionIndexPage",
        "portal.SymptomIndexPage",
        "portal.AboutContentPage",
        "treatments.TreatmentIndexPage",
        "nutrition.NutrientIndexPage",
    ]
    # Editors add one; each further language's home page is its translation (wagtail-localize),
    # which this limit does not count against.
    max_count = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_meta_description(self):
        return self.search_description or self.hero_intro

    @property
    def localized(self):
        """This home page in the language being served, where it has a live translation.

        Wagtail routes every request from the site's home page made `localized`, which costs two
        queries; the translation is remembered (per language) instead.
        """
        locale_id = active_locale_id()
        if locale_id is None or locale_id == self.locale_id:
            return self
        translation = remember(
            "home-page-translation",
            self.translation_key,
            compute=lambda: (
                self.get_translations().live().filter(locale_id=locale_id).specific().first() or NO_PAGE
            ),
        )
        return self if translation == NO_PAGE else translation

    def route(self, request, path_components):
        """Find a page deeper in the tree with one lookup instead of two per level.

        An address that is not a page may be a route of a routable page above it (a symptom
        under the symptoms index, a food under the nutrients): that page routes the rest.
        Anything else falls back to Wagtail's walk down the tree. Only as deep as the page types
        allow pages to go: an address of thousands of parts costs no more than a real one.

        Wagtail routes from the home page in the language of the address, or from the site's own
        home page where there is none: an address in a language the site has no live home page in
        is not found, rather than showing the other language's pages under it.
        """
        if self.locale_id != active_locale_id():
            raise Http404("The site has no pages in this language.")
        deepest = page_levels_below(type(self))
        levels = len(path_components) if deepest is None else min(len(path_components), deepest)
        for depth in range(levels, 0, -1):
            page = find_page(f"{self.url_path}{'/'.join(path_components[:depth])}/")
            if page is not None and (depth == len(path_components) or isinstance(page, RoutablePageMixin)):
                return page.route(request, path_components[depth:])
        return super().route(request, path_components)

    def get_sections(self):
        """The sections under the home page, each with its introduction."""
        intro_models = [model for model in get_page_models() if issubclass(model, IntroPageMixin)]
        return list(
            exclude_restricted(self.get_children().live()).annotate(
                intro=from_page_tables("intro", intro_models, models.TextField())
            )
        )

    def get_featured_conditions(self):
        """The first conditions A to Z, with only what their cards show. Like get_sections, read by the
        template's {% remembered "home-lists" %} block only when its HTML is not yet kept."""
        conditions = exclude_restricted(ConditionPage.objects.descendant_of(self).live())
        return list(conditions.only("title", "url_path", "summary").order_by("title")[:6])


class ConditionIndexPage(IntroPageMixin, BasePage):
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [*BasePage.api_fields, APIField("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.ConditionPage"]
    max_count = 1
    template = "pages/condition_index_page.html"

    class Meta:
        verbose_name = _("conditions index page")
        verbose_name_plural = _("conditions index pages")

    def get_conditions(self):
        return exclude_restricted(ConditionPage.objects.child_of(self).live()).order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["conditions"] = self.get_conditions()
        return context


class ConditionCause(Orderable):
    # Editors choose by these labels, and patients read them over each group of causes.
    CATEGORY_CHOICES = [
        ("everyday", _("Everyday triggers")),
        ("nutrition", _("Nutrition and fluids")),
        ("medicine", _("Medicines")),
        ("neurological", _("Nerve and muscle conditions")),
    ]

    condition = ParentalKey(
        "portal.ConditionPage", on_delete=models.CASCADE, related_name="causes", verbose_name=_("condition")
    )
    name = models.CharField(verbose_name=_("name"), max_length=120, help_text=_('E.g. "Too much caffeine".'))
    category = models.CharField(
        verbose_name=_("category"),
        max_length=20,
        choices=CATEGORY_CHOICES,
        default="everyday",
        help_text=_("Groups causes on the page; neurological causes are shown with a reassurance."),
    )
    explanation = models.TextField(
        verbose_name=_("explanation"),
        help_text=_("One or two sentences on how this leads to the condition, in plain words."),
    )

    panels = [FieldPanel("name"), FieldPanel("category"), FieldPanel("explanation")]

    class Meta(Orderable.Meta):
        verbose_name = _("cause")
        verbose_name_plural = _("causes")

    def __str__(self):
        return self.name


class ConditionWarningSign(Orderable):
    """A red flag: a sign that the patient should get medical help."""

    condition = ParentalKey(
        "portal.ConditionPage",
        on_delete=models.CASCADE,
        related_name="warning_signs",
        verbose_name=_("condition"),
    )
    sign = models.CharField(
        verbose_name=_("sign"),
        max_length=300,
        help_text=_('Written to follow "See a doctor if…", e.g. "your twitching lasts for weeks".'),
    )
    urgency = models.CharField(
        verbose_name=_("urgency"),
        max_length=20,
        choices=CareLevel.choices,
        # No default: a red flag left at "non-urgent" by mistake could tell a patient to wait.
        help_text=_("How quickly the patient should act; decides the colour of the card. Choose one."),
    )
    symptom = models.ForeignKey(
        "portal.Symptom",
        verbose_name=_("symptom"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The symptom this sign is about, if any: the sign links to its page."),
    )

    panels = [FieldPanel("sign"), FieldPanel("urgency"), FieldPanel("symptom")]

    class Meta(Orderable.Meta):
        verbose_name = _("warning sign")
        verbose_name_plural = _("warning signs")

    def __str__(self):
        return self.sign

    @property
    def linked_symptom(self):
        """The symptom the sign links to, once it is live."""
        return self.symptom if self.symptom is not None and self.symptom.live else None


class ConditionSymptom(SymptomLink):
    """A symptom a condition lists, in the order the editor put them."""

    condition = ParentalKey(
        "portal.ConditionPage",
        on_delete=models.CASCADE,
        related_name="symptom_links",
        verbose_name=_("condition"),
    )
    symptom = models.ForeignKey(
        "portal.Symptom",
        verbose_name=_("symptom"),
        on_delete=models.CASCADE,
        related_name="condition_links",
    )

    class Meta(SymptomLink.Meta):
        verbose_name = _("symptom link")
        verbose_name_plural = _("symptom links")
        unique_together = [("condition", "symptom")]


# A condition's symptom links with their symptoms, in one query.
SYMPTOM_LINKS = models.Prefetch("symptom_links", queryset=ConditionSymptom.objects.select_related("symptom"))


class ConditionTreatment(Orderable):
    condition = ParentalKey(
        "portal.ConditionPage",
        on_delete=models.CASCADE,
        related_name="treatment_links",
        verbose_name=_("condition"),
    )
    treatment = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("treatment"),
        on_delete=models.CASCADE,
        related_name="condition_links",
        help_text=_("A medication, physical therapy, home remedy or lifestyle change page."),
    )
    note = models.CharField(
        verbose_name=_("note"),
        max_length=250,
        blank=True,
        help_text=_("How this treatment helps this condition, in one sentence."),
    )

    panels = [PageChooserPanel("treatment", page_type=TREATMENT_PAGE_TYPES), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("treatment link")
        verbose_name_plural = _("treatment links")


class ConditionNutrient(Orderable):
    condition = ParentalKey(
        "portal.ConditionPage",
        on_delete=models.CASCADE,
        related_name="nutrient_links",
        verbose_name=_("condition"),
    )
    nutrient = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("nutrient"),
        on_delete=models.CASCADE,
        related_name="condition_nutrient_links",
        help_text=_("A nutrient page."),
    )
    note = models.CharField(
        verbose_name=_("note"),
        max_length=250,
        blank=True,
        help_text=_("Why this nutrient matters for this condition, in one sentence."),
    )

    panels = [PageChooserPanel("nutrient", page_type="nutrition.NutrientPage"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("nutrient link")
        verbose_name_plural = _("nutrient links")


class ConditionPage(ClinicalCodesMixin, ClinicalPage):
    overview = RichTextField(
        verbose_name=_("overview"),
        features=PATIENT_RICH_TEXT_FEATURES,
        help_text=_("What the condition is and how common it is, in two or three short paragraphs."),
    )
    causes_intro = models.TextField(
        verbose_name=_("introduction to the causes"),
        blank=True,
        help_text=_("A sentence introducing the list of causes."),
    )
    symptoms_description = RichTextField(
        verbose_name=_("how the symptoms vary"),
        features=PATIENT_RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("How the symptoms vary from person to person."),
    )
    when_to_seek_help = models.TextField(
        verbose_name=_("when to seek help"),
        blank=True,
        help_text=_(
            "A reassuring sentence shown above the warning signs, e.g. that most cases "
            "are harmless but some signs need a doctor."
        ),
    )
    treatments_intro = models.TextField(
        verbose_name=_("introduction to the treatments"),
        blank=True,
        help_text=_("A sentence introducing the treatment options."),
    )
    nutrition_intro = models.TextField(
        verbose_name=_("introduction to nutrition"),
        blank=True,
        help_text=_("A sentence on how diet and fluids affect the condition."),
    )
    body = StreamField(
        BodyStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Anything else patients need that the fields above do not cover."),
    )

    content_panels = [
        *ClinicalPage.content_panels,
        FieldPanel("overview"),
        FieldPanel("causes_intro"),
        InlinePanel("causes", heading=_("Causes"), label=_("Cause"), min_num=1),
        FieldPanel("symptoms_description"),
        FieldPanel("when_to_seek_help"),
        InlinePanel(
            "warning_signs",
            heading=_("When to seek medical attention"),
            label=_("Warning sign"),
            min_num=1,
        ),
        FieldPanel("body"),
        *ClinicalCodesMixin.code_panels,
    ]
    relation_panels = [
        MultipleChooserPanel(
            "symptom_links",
            chooser_field_name="symptom",
            heading=_("Symptoms"),
            label=_("Symptom"),
            help_text=_(
                "What patients with this condition notice, most telling first. Patients search by these."
            ),
        ),
        FieldPanel("treatments_intro"),
        InlinePanel("treatment_links", heading=_("Treatments"), label=_("Treatment")),
        FieldPanel("nutrition_intro"),
        InlinePanel("nutrient_links", heading=_("Nutrients that help"), label=_("Nutrient")),
    ]

    search_fields = [
        *ClinicalPage.search_fields,
        index.SearchField("overview"),
        index.SearchField("symptoms_description"),
        # The live symptoms only, read from the relation fetched with the page: a draft symptom
        # must not be found through the conditions that list it.
        index.SearchField("symptom_names", boost=4),
        index.SearchField("symptom_synonyms", boost=3),
        index.SearchField("symptom_medical_terms", boost=2),
        index.RelatedFields("causes", [index.SearchField("name", boost=2), index.SearchField("explanation")]),
        index.RelatedFields("warning_signs", [index.SearchField("sign")]),
    ]

    api_fields = [
        *ClinicalPage.api_fields,
        computed("codes"),
        APIField("overview"),
        APIField("causes_intro"),
        computed("causes"),
        APIField("symptoms_description"),
        computed("symptoms"),
        APIField("when_to_seek_help"),
        computed("warning_signs"),
        APIField("treatments_intro"),
        computed("treatments"),
        APIField("nutrition_intro"),
        computed("nutrients"),
        APIField("body"),
    ]

    parent_page_types = ["portal.ConditionIndexPage"]
    subpage_types = []
    template = "pages/condition_page.html"
    search_reads = (SYMPTOM_LINKS, "causes")
    render_reads = ClinicalPage.render_reads.plus(
        prefetch=("causes", SYMPTOM_LINKS, "warning_signs__symptom")
    )

    class Meta:
        verbose_name = _("condition page")
        verbose_name_plural = _("condition pages")

    def search_keywords(self):
        symptom_words = [word for symptom in self.get_symptoms() for word in symptom.search_keywords()]
        return symptom_words + [cause.name for cause in self.causes.all()]

    def get_symptoms(self):
        """The live symptoms this condition lists, in the editor's order: one still in review is not
        shown yet."""
        return live_symptoms(self.symptom_links.all(), self.locale_id)

    def symptom_names(self):
        return [symptom.name for symptom in self.get_symptoms()]

    def symptom_synonyms(self):
        return [symptom.synonyms for symptom in self.get_symptoms() if symptom.synonyms]

    def symptom_medical_terms(self):
        return [symptom.medical_term for symptom in self.get_symptoms() if symptom.medical_term]

    def get_causes(self):
        return [
            (label, list(causes))
            for label, causes in groupby(
                sorted(self.causes.all(), key=self._cause_category_order),
                key=lambda cause: cause.get_category_display(),
            )
        ]

    @staticmethod
    def _cause_category_order(cause):
        order = [choice for choice, _ in ConditionCause.CATEGORY_CHOICES]
        return (order.index(cause.category), cause.sort_order or 0)

    def get_related_pages(self):
        """The live treatment and nutrient pages this condition links to, with their summaries and foods.

        The pages are read as plain pages with their summaries alongside, rather than as their
        specific types (a query per type), each in this page's language where it has a live
        translation, and the nutrients' foods in one more query.
        """
        treatment_links = list(self.treatment_links.all())
        nutrient_links = list(self.nutrient_links.all())
        linked = [link.treatment_id for link in treatment_links] + [
            link.nutrient_id for link in nutrient_links
        ]
        shown_id = translation_ids(Page, linked, self.locale_id)
        pages = {
            page.pk: page
            for page in exclude_restricted(Page.objects.live().filter(pk__in=shown_id.values())).annotate(
                summary=from_clinical_tables("summary", models.TextField())
            )
        }
        foods = {}
        # Looked up rather than imported: importing nutrition here would register its page types
        # before the portal's, and Wagtail lists page types (reports, the red-flag register) in the
        # order they were registered.
        nutrient_keys = {
            pages[shown_id[link.nutrient_id]].translation_key: shown_id[link.nutrient_id]
            for link in nutrient_links
            if shown_id[link.nutrient_id] in pages
        }
        food_amounts = apps.get_model("nutrition", "FoodNutrient").objects.filter(
            nutrient__translation_key__in=nutrient_keys, food__live=True
        )
        amounts = food_amounts.select_related("food").annotate(
            nutrient_key=models.F("nutrient__translation_key")
        )
        # A food is listed once under each nutrient, in this page's language where it has one.
        for amount in prefer_language(amounts, self.locale_id, owner=lambda amount: amount.food):
            foods.setdefault(nutrient_keys[amount.nutrient_key], set()).add(amount.food)
        treatments_by_kind = {}
        for link in treatment_links:
            if shown_id[link.treatment_id] in pages:
                page = pages[shown_id[link.treatment_id]]
                kind = page.specific_class._meta.verbose_name_plural
                treatments_by_kind.setdefault(kind, []).append((page, link.note))
        nutrients = [
            (
                pages[shown_id[link.nutrient_id]],
                link.note,
                sorted(foods.get(shown_id[link.nutrient_id], ()), key=lambda food: food.name),
            )
            for link in nutrient_links
            if shown_id[link.nutrient_id] in pages
        ]
        return list(treatments_by_kind.items()), nutrients

    def api_causes(self, request):
        return [
            {
                "name": cause.name,
                "category": cause.category,
                "category_label": str(cause.get_category_display()),
                "explanation": cause.explanation,
            }
            for cause in self.causes.all()
        ]

    def api_symptoms(self, request):
        return [
            {**snippet_link(symptom, request), "medical_term": symptom.shown_medical_term}
            for symptom in self.get_symptoms()
        ]

    def api_warning_signs(self, request):
        """Each sign, most urgent first, with what to do as patients read it."""
        return [
            {
                "sign": sign.sign,
                "urgency": urgency,
                "action": str(heading),
                "symptom": snippet_link(sign.linked_symptom, request) if sign.linked_symptom else None,
            }
            for urgency, heading, _prefix, signs in self.get_warning_sign_cards(emergency_number(request))
            for sign in signs
        ]

    def api_treatments(self, request):
        treatments_by_kind, _nutrients = self.get_cached_related_pages(request)
        return [
            {**page_link(page, request), "summary": page.summary, "note": note}
            for _kind, entries in treatments_by_kind
            for page, note in entries
        ]

    def api_nutrients(self, request):
        _treatments, nutrients = self.get_cached_related_pages(request)
        return [
            {
                **page_link(page, request),
                "summary": page.summary,
                "note": note,
                "foods": [snippet_link(food, request) for food in foods],
            }
            for page, note, foods in nutrients
        ]

    def get_warning_sign_cards(self, emergency_number):
        """Warning signs as care cards, most urgent first: (urgency, heading, prefix, signs)."""
        signs = list(self.warning_signs.all())
        linked = [sign for sign in signs if sign.symptom_id]
        # Each sign links its symptom in the page's language: the rows are this render's own copies.
        for sign, symptom in zip(
            linked, in_language([sign.symptom for sign in linked], self.locale_id), strict=True
        ):
            sign.symptom = symptom
        return [
            (
                level.value,
                CARE_LEVEL_TEXT[level].heading.format(emergency_number=emergency_number),
                CARE_LEVEL_TEXT[level].screen_reader_prefix,
                [sign for sign in signs if sign.urgency == level],
            )
            for level in reversed(CareLevel)
            if any(sign.urgency == level for sign in signs)
        ]

    def structured_about(self, context):
        treatments = [page for _, entries in context["treatments_by_kind"] for page, _ in entries]
        return structured_data.medical_condition(
            symptom_names=[symptom.name for symptom in context["symptoms"]],
            cause_names=[cause.name for _, causes in context["causes"] for cause in causes],
            treatments=[
                (page.specific_class.therapy_type, page.title, page.get_full_url(context.get("request")))
                for page in treatments
            ],
        )

    def get_cached_related_pages(self, request):
        """get_related_pages, remembered for the published page until any content changes.

        Previews show the editor's unsaved links, so they are always worked out afresh.
        """
        if getattr(request, "is_preview", False):
            return self.get_related_pages()
        return remember("related-pages", self.pk, self.live_revision_id, compute=self.get_related_pages)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["causes"] = self.get_causes()
        context["symptoms"] = self.get_symptoms()
        context["warning_cards"] = self.get_warning_sign_cards(emergency_number(request))
        context["treatments_by_kind"], context["nutrients"] = self.get_cached_related_pages(request)
        return context


@serves("portal.Symptom", "symptom_detail")
class SymptomIndexPage(RoutablePageMixin, IntroPageMixin, BasePage):
    api_fields = [*BasePage.api_fields, APIField("intro")]
    """Symptoms A to Z, and a page for each symptom at <index url>/<symptom slug>/."""

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pages/symptom_index_page.html"

    class Meta:
        verbose_name = _("symptoms index page")
        verbose_name_plural = _("symptoms index pages")

    def get_sitemap_urls(self, request=None):
        """The A to Z and every symptom's page, which are routes of this page rather than pages."""
        index = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        symptoms = Symptom.objects.live().filter(locale_id=self.locale_id)
        return index + sitemap_entries(base, symptoms, request)

    @path("")
    def symptom_list(self, request):
        return self.render(request, context_overrides={"a_to_z": Symptom.a_to_z()})

    @path("letter/<str:letter>/")
    def symptom_letter(self, request, letter):
        return self.render(request, context_overrides={"a_to_z": Symptom.a_to_z(letter)})

    def pages_for_symptom(self, symptom):
        """The conditions with this symptom, the nutrients whose shortfall causes it, and what helps.

        Pages may link the symptom in any of its languages; each is shown once, in this page's
        language where it has a live translation.
        """
        conditions = exclude_restricted(
            ConditionPage.objects.live().filter(
                symptom_links__symptom__translation_key=symptom.translation_key
            )
        ).order_by("title")
        # What helps: the treatments of those conditions, with their summaries read alongside.
        linked = (
            Page.objects.live().filter(condition_links__condition__in=conditions).values_list("pk", flat=True)
        )
        shown = translation_ids(Page, set(linked), self.locale_id).values()
        helps = (
            exclude_restricted(Page.objects.live().filter(pk__in=shown))
            .annotate(summary=from_clinical_tables("summary", models.TextField()))
            .order_by("title")
        )
        nutrient_pages = apps.get_model("nutrition", "NutrientPage").objects.live()
        shortfall_nutrients = exclude_restricted(
            nutrient_pages.filter(shortfall_symptom_links__symptom__translation_key=symptom.translation_key)
        ).order_by("title")
        by_title = operator.attrgetter("title")
        return (
            sorted(in_language_once(conditions, self.locale_id), key=by_title),
            sorted(in_language_once(shortfall_nutrients, self.locale_id), key=by_title),
            list(helps),
        )

    @path("<slug:slug>/")
    def symptom_detail(self, request, slug):
        symptom = remember(
            "symptom",
            slug,
            compute=lambda: get_object_or_404(Symptom.objects.live(), slug=slug, locale_id=self.locale_id),
        )
        conditions, shortfall_nutrients, helps = remember(
            "symptom-pages", symptom.pk, compute=lambda: self.pages_for_symptom(symptom)
        )
        return self.render(
            request,
            template="pages/symptom_page.html",
            context_overrides={
                "structured_data": structured_data.symptom_web_page(
                    symptom, absolute_url(request, request.path)
                ),
                "symptom": symptom,
                "language_versions_of": symptom,
                "conditions": conditions,
                "shortfall_nutrients": shortfall_nutrients,
                "helps": helps,
            },
        )


class AboutContentPage(SitePageDescriptionMixin, BasePage):
    """How content is written and reviewed: the basis of patients' trust."""

    body = StreamField(
        BodyStreamBlock(), verbose_name=_("body"), help_text=_("How we write, check and update our content.")
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    api_fields = [*BasePage.api_fields, APIField("body")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    template = "pages/about_content_page.html"

    class Meta:
        verbose_name = _("about our content page")
        verbose_name_plural = _("about our content pages")
