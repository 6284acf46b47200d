"""Nutrients that matter for muscle health, and the foods that provide them."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from portal.caching.remember import remember
from portal.core import structured_data
from portal.core.absolute_urls import absolute_url
from portal.core.api import LanguageCodeField, SnippetAPIMixin, computed, page_link, snippet_link
from portal.core.blocks import PATIENT_RICH_TEXT_FEATURES, BodyStreamBlock, ReferencesStreamBlock
from portal.core.forms import ClinicalPageForm
from portal.core.interactions import InteractionAdvice
from portal.core.languages import RowsOfEveryTranslation, in_language, prefer_language
from portal.core.mixins import IntroPageMixin, ReviewedSnippetMixin, SectionPageMixin, SlugFromNameMixin
from portal.core.pages import BasePage, ClinicalPage
from portal.core.snippet_urls import serves, sitemap_entries, snippet_url
from portal.core.snippets import SymptomLink, live_symptoms
from portal.core.visibility import exclude_restricted, is_restricted


@serves("nutrition.Food", "food_detail")
class NutrientIndexPage(SectionPageMixin, RoutablePageMixin, IntroPageMixin, BasePage):
    """The nutrients, plus foods A to Z at <index url>/foods/ and each food at foods/<slug>/."""

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [*BasePage.api_fields, APIField("intro")]

    subpage_types = ["nutrition.NutrientPage"]
    max_count = 1
    template = "pages/nutrient_index_page.html"

    class Meta:
        verbose_name = _("nutrients index page")
        verbose_name_plural = _("nutrients index pages")

    def get_nutrients(self):
        return exclude_restricted(NutrientPage.objects.child_of(self).live()).order_by("title")

    def get_sitemap_urls(self, request=None):
        """The index, foods A to Z and every food's page, which are routes of this page."""
        index = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        return [
            *index,
            {"location": base + self.reverse_subpage("food_list")},
            *sitemap_entries(base, Food.objects.live().filter(locale_id=self.locale_id), request),
        ]

    @path("")
    def nutrient_list(self, request):
        return self.render(request, context_overrides={"nutrients": self.get_nutrients()})

    @path("foods/")
    def food_list(self, request):
        return self.render(
            request, template="pages/food_index_page.html", context_overrides={"a_to_z": Food.a_to_z()}
        )

    @path("foods/letter/<str:letter>/")
    def food_letter(self, request, letter):
        return self.render(
            request, template="pages/food_index_page.html", context_overrides={"a_to_z": Food.a_to_z(letter)}
        )

    @path("foods/<slug:slug>/")
    def food_detail(self, request, slug):
        food = get_object_or_404(Food.objects.live(), slug=slug, locale_id=self.locale_id)
        amounts = list(
            exclude_restricted(
                food.nutrient_amounts.filter(nutrient__live=True), "nutrient__path"
            ).select_related("nutrient")
        )
        # Each nutrient linked in the food's language: the rows are this render's own copies.
        nutrients = in_language([amount.nutrient for amount in amounts], self.locale_id)
        for amount, nutrient in zip(amounts, nutrients, strict=True):
            amount.nutrient = nutrient
        amounts.sort(key=lambda amount: amount.nutrient.title)
        remedies = food.remedies.model.objects.live().filter(foods__translation_key=food.translation_key)
        return self.render(
            request,
            template="pages/food_page.html",
            context_overrides={
                "structured_data": structured_data.food_web_page(
                    food.name, food.description, absolute_url(request, request.path)
                ),
                "food": food,
                "language_versions_of": food,
                "amounts": amounts,
                "remedies": prefer_language(
                    exclude_restricted(remedies).distinct().order_by("title"), self.locale_id
                ),
            },
        )


# The units an amount (a food's, an upper limit's) may be given in. The shipped figures are in milligrams, as the NIH
# Office of Dietary Supplements fact sheets they come from give them (e.g.
# https://ods.od.nih.gov/factsheets/Magnesium-Consumer/); micrograms and grams are for nutrients
# measured in smaller or larger amounts.
AMOUNT_UNITS = [
    ("mg", _("mg (milligrams)")),
    ("mcg", _("mcg (micrograms)")),
    ("g", _("g (grams)")),
]


class DailyAmount(Orderable):
    page = ParentalKey(
        "nutrition.NutrientPage",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="daily_amounts",
    )
    age_group = models.CharField(
        verbose_name=_("age group"), max_length=80, help_text=_('E.g. "Adults 19–50 years".')
    )
    amount = models.CharField(
        verbose_name=_("amount"),
        max_length=80,
        help_text=_(
            'With its unit, e.g. "1,000 mg". Give separate amounts for men and women where they differ.'
        ),
    )
    notes = models.CharField(
        verbose_name=_("notes"), max_length=200, blank=True, help_text=_('E.g. "Women: 310 mg".')
    )

    panels = [FieldPanel("age_group"), FieldPanel("amount"), FieldPanel("notes")]

    class Meta(Orderable.Meta):
        verbose_name = _("daily amount")
        verbose_name_plural = _("daily amounts")

    def __str__(self):
        return f"{self.age_group}: {self.amount}"


class UpperLimit(Orderable):
    """The most of a nutrient a day that is unlikely to harm, for one age group (a tolerable upper intake level)."""

    APPLIES_TO_CHOICES = [
        ("all", _("Food, drinks and supplements together")),
        ("supplements", _("Supplements and medicines only, not food")),
    ]

    page = ParentalKey(
        "nutrition.NutrientPage",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="upper_limits",
    )
    age_group = models.CharField(
        verbose_name=_("age group"), max_length=80, help_text=_('E.g. "Adults 19–50 years".')
    )
    amount = models.PositiveIntegerField(
        verbose_name=_("amount"), help_text=_("The upper limit a day, as the source gives it.")
    )
    unit = models.CharField(verbose_name=_("unit"), max_length=10, choices=AMOUNT_UNITS, default="mg")
    applies_to = models.CharField(
        verbose_name=_("applies to"),
        max_length=20,
        choices=APPLIES_TO_CHOICES,
        help_text=_(
            "What the limit counts, as the source says: everything eaten and taken, or only supplements and medicines."
        ),
    )
    notes = models.CharField(
        verbose_name=_("notes"),
        max_length=200,
        blank=True,
        help_text=_('E.g. "The same during pregnancy and breastfeeding".'),
    )

    panels = [
        FieldPanel("age_group"),
        FieldPanel("amount"),
        FieldPanel("unit"),
        FieldPanel("applies_to"),
        FieldPanel("notes"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("upper limit")
        verbose_name_plural = _("upper limits")

    def __str__(self):
        return f"{self.age_group}: {self.amount_with_unit}"

    @property
    def amount_with_unit(self):
        return f"{number_format(self.amount, force_grouping=True)} {self.unit}"


class SupplementInteraction(InteractionAdvice):
    """A medicine that a supplement of this nutrient interacts with, edited on the nutrient's page.

    Interactions that a medication page on this site gives for the nutrient are edited there
    (treatments.Interaction) and listed here too.
    """

    page = ParentalKey(
        "nutrition.NutrientPage",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="supplement_interactions",
    )
    interacts_with = models.CharField(
        verbose_name=_("interacts with"),
        max_length=250,
        help_text=_(
            'The medicine or kind of medicine, as patients would name it, e.g. "Thyroid medicine (levothyroxine)".'
        ),
    )

    panels = [FieldPanel("interacts_with"), *InteractionAdvice.advice_panels]

    class Meta(Orderable.Meta):
        verbose_name = _("supplement interaction")
        verbose_name_plural = _("supplement interactions")

    def __str__(self):
        return f"{self.page.title} and {self.interacts_with}"


class NutrientShortfallSymptom(SymptomLink):
    """A symptom a shortfall of the nutrient can cause, in the order the editor put them."""

    page = ParentalKey(
        "nutrition.NutrientPage",
        on_delete=models.CASCADE,
        related_name="shortfall_symptom_links",
        verbose_name=_("page"),
    )
    symptom = models.ForeignKey(
        "portal.Symptom",
        verbose_name=_("symptom"),
        on_delete=models.CASCADE,
        related_name="shortfall_nutrient_links",
    )

    class Meta(SymptomLink.Meta):
        verbose_name = _("shortfall symptom link")
        verbose_name_plural = _("shortfall symptom links")
        unique_together = [("page", "symptom")]


# A nutrient's shortfall symptom links with their symptoms, in one query.
SHORTFALL_SYMPTOM_LINKS = models.Prefetch(
    "shortfall_symptom_links", queryset=NutrientShortfallSymptom.objects.select_related("symptom")
)


class NutrientPageForm(ClinicalPageForm):
    """A nutrient page either lists its upper limits or says none has been set, not both."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("no_upper_limit") and self.upper_limits_kept():
            self.add_error(
                "no_upper_limit",
                _("Untick this or remove the upper limits: a page cannot list limits and say none is set."),
            )
        return cleaned_data

    def upper_limits_kept(self):
        """The upper-limit rows the editor filled in and did not delete."""
        formset = self.formsets.get("upper_limits")
        # The formsets are validated after the form; validating one early only caches its result.
        if formset is None or not formset.is_valid():
            return []
        return [form for form in formset.forms if form.cleaned_data and form not in formset.deleted_forms]


class NutrientPage(ClinicalPage):
    role_in_muscle_health = RichTextField(
        verbose_name=_("role in muscle health"),
        features=PATIENT_RICH_TEXT_FEATURES,
        help_text=_("What this nutrient does for muscles and nerves, in plain words."),
    )
    shortfall_description = RichTextField(
        verbose_name=_("shortfall description"),
        features=PATIENT_RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Who is most likely to run short, and what a shortfall feels like."),
    )
    daily_amounts_source = models.CharField(
        verbose_name=_("daily amounts source"),
        max_length=200,
        blank=True,
        help_text=_('Where the daily amounts come from, e.g. "US Recommended Dietary Allowances".'),
    )
    food_sources_intro = models.TextField(
        verbose_name=_("introduction to food sources"),
        blank=True,
        help_text=_("A sentence introducing the food sources table, with any tips on absorption."),
    )
    upper_limits_intro = models.TextField(
        verbose_name=_("introduction to upper limits"),
        blank=True,
        help_text=_("What the upper limits mean, in plain words: what they count and what too much can do."),
    )
    upper_limits_source = models.CharField(
        verbose_name=_("source of upper limits"),
        max_length=200,
        blank=True,
        help_text=_(
            'Where the upper limits come from, e.g. "Tolerable upper intake levels, NIH Office of Dietary Supplements".'
        ),
    )
    no_upper_limit = models.BooleanField(
        verbose_name=_("no upper limit set"),
        default=False,
        help_text=_(
            "Tick when no upper limit has been set for this nutrient, so the page says so instead "
            "of showing a table. Leave unticked while the limits are simply not entered yet."
        ),
    )
    supplement_cautions = RichTextField(
        verbose_name=_("supplement cautions"),
        features=PATIENT_RICH_TEXT_FEATURES,
        blank=True,
        help_text=_(
            "Who should not take a supplement of this nutrient without asking a doctor first, as the source gives it."
        ),
    )
    body = StreamField(
        BodyStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Anything else patients need that the fields above do not cover."),
    )

    content_panels = [
        *ClinicalPage.content_panels,
        FieldPanel("role_in_muscle_health"),
        FieldPanel("shortfall_description"),
        InlinePanel("daily_amounts", heading=_("Recommended daily amounts"), label=_("Age group")),
        FieldPanel("daily_amounts_source"),
        FieldPanel("food_sources_intro"),
        MultiFieldPanel(
            [
                FieldPanel("upper_limits_intro"),
                InlinePanel("upper_limits", heading=_("Upper limits"), label=_("Age group")),
                FieldPanel("upper_limits_source"),
                FieldPanel("no_upper_limit"),
            ],
            heading=_("Upper limits"),
        ),
        FieldPanel("supplement_cautions"),
        FieldPanel("body"),
    ]
    relation_panels = [
        MultipleChooserPanel(
            "shortfall_symptom_links",
            chooser_field_name="symptom",
            heading=_("Shortfall symptoms"),
            label=_("Symptom"),
            help_text=_("Symptoms that a shortfall of this nutrient can cause, most telling first."),
        ),
        InlinePanel(
            "supplement_interactions",
            heading=_("Medicines its supplements interact with"),
            label=_("Interaction"),
        ),
    ]

    search_fields = [
        *ClinicalPage.search_fields,
        index.SearchField("role_in_muscle_health"),
        # The live symptoms and foods only, read from the relations fetched with the page: a draft
        # snippet must not be found through the pages that link it.
        index.SearchField("shortfall_symptom_names", boost=2),
        index.SearchField("shortfall_symptom_synonyms"),
        index.SearchField("food_names", boost=3),
        index.SearchField("food_synonyms"),
        index.RelatedFields(
            "supplement_interactions",
            [index.SearchField("interacts_with", boost=2), index.SearchField("advice")],
        ),
    ]

    api_fields = [
        *ClinicalPage.api_fields,
        APIField("role_in_muscle_health"),
        APIField("shortfall_description"),
        computed("shortfall_symptoms"),
        computed("daily_amounts"),
        APIField("daily_amounts_source"),
        APIField("food_sources_intro"),
        computed("food_sources"),
        APIField("upper_limits_intro"),
        computed("upper_limits"),
        APIField("upper_limits_source"),
        APIField("no_upper_limit"),
        APIField("supplement_cautions"),
        computed("supplement_interactions"),
        computed("medicine_interactions"),
        computed("conditions"),
        computed("remedies"),
        APIField("body"),
    ]

    parent_page_types = ["nutrition.NutrientIndexPage"]
    subpage_types = []
    base_form_class = NutrientPageForm
    template = "pages/nutrient_page.html"

    class Meta:
        verbose_name = _("nutrient page")
        verbose_name_plural = _("nutrient pages")

    # The food amounts that name this nutrient in any of its languages (a translated food made in
    # the admin names the original nutrient page).
    food_amounts_in_every_language = RowsOfEveryTranslation(
        "nutrition.FoodNutrient", "nutrient", select_related=("food",)
    )

    search_reads = ("food_amounts_in_every_language", SHORTFALL_SYMPTOM_LINKS)
    render_reads = ClinicalPage.render_reads.plus(
        prefetch=(
            SHORTFALL_SYMPTOM_LINKS,
            "daily_amounts",
            "upper_limits",
            "supplement_interactions",
            "food_amounts_in_every_language",
        )
    )

    def search_keywords(self):
        return self.food_names() + self.shortfall_symptom_names()

    def structured_about(self, context):
        return structured_data.substance(context["upper_limits"])

    def get_shortfall_symptoms(self):
        """The live symptoms a shortfall can cause, in the editor's order."""
        return live_symptoms(self.shortfall_symptom_links.all(), self.locale_id)

    def get_food_amounts(self):
        """The amounts of live foods, each food once and in the page's language where it has one, A to
        Z by food. A food's amounts may name this nutrient in any of its languages."""
        rows = [amount for amount in self.food_amounts_in_every_language.all() if amount.food.live]
        shown = prefer_language(rows, self.locale_id, owner=lambda amount: amount.food)
        return sorted(shown, key=lambda amount: amount.food.name)

    def shortfall_symptom_names(self):
        return [symptom.name for symptom in self.get_shortfall_symptoms()]

    def shortfall_symptom_synonyms(self):
        return [symptom.synonyms for symptom in self.get_shortfall_symptoms() if symptom.synonyms]

    def food_names(self):
        return [amount.food.name for amount in self.get_food_amounts()]

    def food_synonyms(self):
        return [amount.food.synonyms for amount in self.get_food_amounts() if amount.food.synonyms]

    def get_conditions(self):
        """The conditions that link to this nutrient, with each one's note: read, like get_remedies,
        by the template's {% remembered "nutrient-related-pages" %} block only when its HTML is not
        yet kept."""
        return self.conditions_from(self.condition_nutrient_links)

    def get_remedies(self):
        """The home remedies that rely on this nutrient, in the page's language where they have one."""
        remedies = self.remedies.model.objects.live().filter(nutrients__translation_key=self.translation_key)
        return prefer_language(exclude_restricted(remedies).distinct().order_by("title"), self.locale_id)

    def get_medicine_interactions(self):
        """The interactions live medicine pages give for this nutrient, with the page each is on, in the
        page's language where the medicine page has one."""
        interactions = self.medicine_interactions.model.objects.filter(
            nutrient__translation_key=self.translation_key, page__in=exclude_restricted(Page.objects.live())
        )
        rows = interactions.select_related("page").order_by("page__title", "sort_order")
        return prefer_language(rows, self.locale_id, owner=lambda interaction: interaction.page)

    def api_shortfall_symptoms(self, request):
        return [snippet_link(symptom, request) for symptom in self.get_shortfall_symptoms()]

    def api_daily_amounts(self, request):
        return [
            {"age_group": row.age_group, "amount": row.amount, "notes": row.notes}
            for row in self.daily_amounts.all()
        ]

    def api_food_sources(self, request):
        """Each live food's amount per serving: the figure as patients read it and as data."""
        return [
            {"food": snippet_link(row.food, request), **row.api_amount()} for row in self.get_food_amounts()
        ]

    def api_upper_limits(self, request):
        return [
            {
                "age_group": row.age_group,
                "amount": row.amount_with_unit,
                "quantity": row.amount,
                "unit": row.unit,
                "applies_to": row.applies_to,
                "applies_to_label": str(row.get_applies_to_display()),
                "notes": row.notes,
            }
            for row in self.upper_limits.all()
        ]

    def api_supplement_interactions(self, request):
        return [
            {"interacts_with": row.interacts_with, **row.api_advice()}
            for row in self.supplement_interactions.all()
        ]

    def api_medicine_interactions(self, request):
        """The interactions medication pages give for this nutrient, with the page each is on."""
        return [
            {
                "medicine_page": page_link(row.page, request),
                "medicine": row.medicine,
                "interacts_with": row.interacts_with,
                **row.api_advice(),
            }
            for row in self.get_medicine_interactions()
        ]

    def api_conditions(self, request):
        return [{**page_link(page, request), "note": note} for page, note in self.get_conditions()]

    def api_remedies(self, request):
        return [page_link(page, request) for page in self.get_remedies()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Interactions edited on medication pages, kept until content changes.
        context["medicine_interactions"] = remember(
            "nutrient-interactions", self.pk, compute=self.get_medicine_interactions
        )
        context["shortfall_symptoms"] = self.get_shortfall_symptoms()
        context["daily_amounts"] = list(self.daily_amounts.all())
        context["upper_limits"] = list(self.upper_limits.all())
        context["supplement_interactions"] = list(self.supplement_interactions.all())
        context["food_amounts"] = self.get_food_amounts()
        return context


class Food(
    TranslatableMixin,
    SlugFromNameMixin,
    SnippetAPIMixin,
    ReviewedSnippetMixin,
    index.Indexed,
    ClusterableModel,
):
    name = models.CharField(verbose_name=_("name"), max_length=120, help_text=_('E.g. "Banana".'))
    slug = models.SlugField(
        verbose_name=_("slug"),
        max_length=120,
        blank=True,
        help_text=_("Used in the food's web address. Filled in from the name if left blank."),
    )
    synonyms = models.TextField(
        verbose_name=_("other names"),
        blank=True,
        help_text=_('Other names patients use, separated by commas, e.g. "bananas, plantain".'),
    )
    description = models.TextField(
        verbose_name=_("description"), blank=True, help_text=_("A sentence on the food and how to eat it.")
    )
    references = StreamField(
        ReferencesStreamBlock(),
        verbose_name=_("references"),
        blank=True,
        help_text=_(
            "Where the nutrient amounts come from, e.g. the USDA FoodData Central entry or the NIH "
            "Office of Dietary Supplements fact sheet that gives them. Listed under the amounts."
        ),
    )

    search_fields = [
        index.SearchField("name", boost=5),
        index.AutocompleteField("name"),
        index.SearchField("synonyms", boost=3),
        index.SearchField("description"),
        index.FilterField("live"),
        # Search looks through the language being served only.
        index.FilterField("locale"),
    ]

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("synonyms"),
        FieldPanel("description"),
        InlinePanel("nutrient_amounts", heading=_("Nutrients it provides"), label=_("Nutrient")),
        FieldPanel("references"),
    ]

    api_fields = [
        APIField("name"),
        APIField("slug"),
        computed("other_names"),
        APIField("description"),
        computed("url"),
        computed("nutrients"),
        APIField("references"),
        computed("translations"),
    ]
    api_meta_fields = [APIField("locale", serializer=LanguageCodeField())]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("food")
        verbose_name_plural = _("foods")
        # Each language has its own names and addresses.
        constraints = [
            models.UniqueConstraint(fields=["locale", "name"], name="unique_food_name_per_language"),
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_food_slug_per_language"),
        ]

    def __str__(self):
        return self.name

    def get_url(self, request=None):
        """The food's page: a route of the nutrients index (portal.core.snippet_urls)."""
        return snippet_url(self, request)

    def search_keywords(self):
        return [self.name, *(word.strip() for word in self.synonyms.split(",") if word.strip())]

    def api_other_names(self, request):
        return self.search_keywords()[1:]

    def api_nutrients(self, request):
        """How much of each nutrient a serving provides, each nutrient page in this food's language
        where it has a live, public one."""
        rows = list(self.nutrient_amounts.select_related("nutrient"))
        pages = in_language([row.nutrient for row in rows], self.locale_id)
        return [
            {"nutrient": page_link(page, request), **row.api_amount()}
            for row, page in zip(rows, pages, strict=True)
            if page.live and not is_restricted(page)
        ]

    @classmethod
    def related_page_ids_for(cls, food_ids):
        """The nutrients a search for each food also leads to, as {food id: [page ids]}."""
        related = {}
        for food_id, page_id in FoodNutrient.objects.filter(food_id__in=food_ids).values_list(
            "food_id", "nutrient_id"
        ):
            related.setdefault(food_id, []).append(page_id)
        return related


AMOUNT_PATTERN = re.compile(
    r"^(?P<about>about\s+)?(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?\s*(?P<unit>[a-z]+)$"
)


def parse_amount(text):
    """(quantity, unit, approximate) from an amount written as "422 mg" or "about 75 mg".

    Raises ValueError, saying what is wrong, for anything that is not a number and a known unit.
    """
    match = AMOUNT_PATTERN.match(" ".join(str(text).split()).lower())
    units = [unit for unit, _label in AMOUNT_UNITS]
    if match is None or match["unit"] not in units:
        raise ValueError(
            f"{text!r} is not an amount: write a number and one of the units {', '.join(units)}, "
            'e.g. "422 mg" or "about 75 mg"'
        )
    quantity = Decimal(match["number"].replace(",", "") + (match["fraction"] or ""))
    return quantity, match["unit"], bool(match["about"])


class FigureInput(forms.NumberInput):
    """A number as editors wrote it: "422", not the stored "422.000"."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            value = format(value.normalize(), "f")
        return super().format_value(value)


def format_amount(quantity, unit, approximate=False):
    """An amount as patients read it, in the language shown: "1,000 mg", "about 75 mg", "0.5 mg";
    in Spanish "1 000 mg", "unos 75 mg", "0,5 mg"."""
    text = f"{number_format(quantity.normalize(), force_grouping=True)} {unit}"
    return gettext("about %(amount)s") % {"amount": text} if approximate else text


class FoodNutrient(Orderable):
    """How much of a nutrient one serving of a food provides: the one source of that fact."""

    food = ParentalKey(
        "nutrition.Food", verbose_name=_("food"), on_delete=models.CASCADE, related_name="nutrient_amounts"
    )
    nutrient = models.ForeignKey(
        "nutrition.NutrientPage",
        verbose_name=_("nutrient"),
        on_delete=models.CASCADE,
        related_name="food_amounts",
        help_text=_("The nutrient page this food is listed on."),
    )
    serving = models.CharField(
        verbose_name=_("serving"),
        max_length=80,
        blank=True,
        help_text=_('E.g. "1 medium" or "½ cup, boiled".'),
    )
    quantity = models.DecimalField(
        _("amount"),
        max_digits=9,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_(
            "How much one serving provides, as a number, e.g. 422. Leave it blank where no reliable "
            "figure is known: patients then read \u201cvaries\u201d."
        ),
    )
    unit = models.CharField(
        _("unit"), max_length=8, choices=AMOUNT_UNITS, blank=True, help_text=_("The unit of the amount.")
    )
    approximate = models.BooleanField(
        _("approximate"),
        default=False,
        help_text=_('Tick where the source gives the figure as an estimate: patients read "about 75 mg".'),
    )

    panels = [
        FieldPanel("nutrient"),
        FieldPanel("serving"),
        FieldPanel("quantity", widget=FigureInput(attrs={"step": "any", "min": "0"})),
        FieldPanel("unit"),
        FieldPanel("approximate"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("nutrient amount")
        verbose_name_plural = _("nutrient amounts")
        constraints = [
            models.UniqueConstraint(fields=["food", "nutrient"], name="unique_food_nutrient"),
        ]

    def __str__(self):
        return f"{self.food}: {self.nutrient}"

    def clean(self):
        super().clean()
        errors = {}
        if self.quantity is not None:
            if self.quantity <= 0:
                errors["quantity"] = _(
                    "An amount is more than zero. Leave it blank where no reliable figure is known."
                )
            if not self.unit:
                errors["unit"] = _("Choose the unit of the amount, e.g. mg.")
        else:
            if self.unit:
                errors["quantity"] = _("Give the amount as a number with its unit, or leave both blank.")
            if self.approximate:
                errors["approximate"] = _("Only an amount can be approximate: give the figure too.")
        if errors:
            raise ValidationError(errors)

    def api_amount(self):
        """The amount per serving as the content API gives it: as patients read it, and as a figure."""
        return {
            "serving": self.serving,
            "amount": self.amount,
            "quantity": format(self.quantity.normalize(), "f") if self.quantity is not None else None,
            "unit": self.unit or None,
            "approximate": self.approximate,
        }

    @property
    def amount(self):
        """The amount as patients read it ("422 mg", "about 75 mg"), or "" where none is known."""
        if self.quantity is None or not self.unit:
            return ""
        return format_amount(self.quantity, self.unit, self.approximate)
