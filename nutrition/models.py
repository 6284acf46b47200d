"""Nutrients that matter for muscle health, and the foods that provide them."""

from django import forms
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.blocks import PATIENT_RICH_TEXT_FEATURES, BodyStreamBlock
from portal.models import (
    BasePage,
    CachedViewRestrictionsMixin,
    IntroPageMixin,
    PublishedThroughApprovalMixin,
    SlugFromNameMixin,
)
from portal.models.mixins import exclude_restricted
from portal.page_cache import remember
from portal.site_urls import absolute_url


class NutrientIndexPage(
    PublishedThroughApprovalMixin, CachedViewRestrictionsMixin, RoutablePageMixin, IntroPageMixin, Page
):
    """The nutrients, plus foods A to Z at <index url>/foods/ and each food at foods/<slug>/."""

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
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
            {"location": f"{base}foods/"},
            *({"location": f"{base}foods/{food.slug}/"} for food in Food.objects.all()),
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
        food = get_object_or_404(Food, slug=slug)
        amounts = (
            exclude_restricted(food.nutrient_amounts.filter(nutrient__live=True), "nutrient__path")
            .select_related("nutrient")
            .order_by("nutrient__title")
        )
        return self.render(
            request,
            template="pages/food_page.html",
            context_overrides={
                "structured_data": {
                    "@context": "https://schema.org",
                    "@type": "WebPage",
                    "name": food.name,
                    "url": absolute_url(request, request.path),
                    "about": {"@type": "Thing", "name": food.name, "description": food.description},
                },
                "food": food,
                "amounts": amounts,
                "remedies": exclude_restricted(food.remedies.live()).order_by("title"),
            },
        )


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


class NutrientPage(BasePage):
    role_in_muscle_health = RichTextField(
        verbose_name=_("role in muscle health"),
        features=PATIENT_RICH_TEXT_FEATURES,
        help_text=_("What this nutrient does for muscles and nerves, in plain words."),
    )
    shortfall_symptoms = ParentalManyToManyField(
        "portal.Symptom",
        verbose_name=_("shortfall symptoms"),
        blank=True,
        related_name="shortfall_nutrients",
        help_text=_("Symptoms that a shortfall of this nutrient can cause."),
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
    body = StreamField(
        BodyStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Anything else patients need that the fields above do not cover."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("role_in_muscle_health"),
        FieldPanel("shortfall_description"),
        InlinePanel("daily_amounts", heading=_("Recommended daily amounts"), label=_("Age group")),
        FieldPanel("daily_amounts_source"),
        FieldPanel("food_sources_intro"),
        FieldPanel("body"),
    ]
    relation_panels = [FieldPanel("shortfall_symptoms", widget=forms.CheckboxSelectMultiple)]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("role_in_muscle_health"),
        index.RelatedFields(
            "shortfall_symptoms",
            [index.SearchField("name", boost=2), index.SearchField("synonyms")],
        ),
        index.RelatedFields(
            "food_amounts",
            [
                index.RelatedFields(
                    "food", [index.SearchField("name", boost=3), index.SearchField("synonyms")]
                )
            ],
        ),
    ]

    parent_page_types = ["nutrition.NutrientIndexPage"]
    subpage_types = []
    template = "pages/nutrient_page.html"

    class Meta:
        verbose_name = _("nutrient page")
        verbose_name_plural = _("nutrient pages")

    search_keyword_prefetch = ["food_amounts__food", "shortfall_symptoms"]
    index_prefetch = ["shortfall_symptoms", "food_amounts__food"]
    route_prefetch_related = (
        *BasePage.route_prefetch_related,
        "shortfall_symptoms",
        "daily_amounts",
        "food_amounts__food",
    )

    def search_keywords(self):
        return [amount.food.name for amount in self.food_amounts.all()] + [
            symptom.name for symptom in self.shortfall_symptoms.all()
        ]

    def structured_about(self, context):
        return {"@type": "Substance"}

    def get_food_amounts(self):
        return sorted(self.food_amounts.all(), key=lambda amount: amount.food.name)

    def get_conditions(self):
        return remember(
            "conditions-linking", self.pk, compute=lambda: self.conditions_from(self.condition_nutrient_links)
        )

    def get_medicine_interactions(self):
        """The interactions live medicine pages give for this nutrient, with the page each is on."""
        interactions = self.medicine_interactions.filter(page__in=exclude_restricted(Page.objects.live()))
        return list(interactions.select_related("page").order_by("page__title", "sort_order"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's remembered HTML of the list is missing.
        context["medicine_interactions"] = SimpleLazyObject(
            lambda: remember("nutrient-interactions", self.pk, compute=self.get_medicine_interactions)
        )
        context["shortfall_symptoms"] = self.shortfall_symptoms.all()
        context["daily_amounts"] = list(self.daily_amounts.all())
        context["food_amounts"] = self.get_food_amounts()
        # Read only when the template's remembered HTML of these lists is missing.
        context["conditions"] = SimpleLazyObject(self.get_conditions)
        context["remedies"] = SimpleLazyObject(
            lambda: remember(
                "remedies-linking",
                self.pk,
                compute=lambda: list(exclude_restricted(self.remedies.live()).order_by("title")),
            )
        )
        return context


class Food(SlugFromNameMixin, index.Indexed, ClusterableModel):
    name = models.CharField(max_length=120, unique=True, help_text='E.g. "Banana".')
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        help_text="Used in the food's web address. Filled in from the name if left blank.",
    )
    synonyms = models.TextField(
        blank=True,
        help_text='Other names patients use, separated by commas, e.g. "bananas, plantain".',
    )
    description = models.TextField(blank=True, help_text="A sentence on the food and how to eat it.")

    search_fields = [
        index.SearchField("name", boost=5),
        index.AutocompleteField("name"),
        index.SearchField("synonyms", boost=3),
        index.SearchField("description"),
    ]

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("synonyms"),
        FieldPanel("description"),
        InlinePanel("nutrient_amounts", heading="Nutrients it provides", label="Nutrient"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def search_keywords(self):
        return [self.name, *(word.strip() for word in self.synonyms.split(",") if word.strip())]

    @classmethod
    def related_page_ids_for(cls, food_ids):
        """The nutrients a search for each food also leads to, as {food id: [page ids]}."""
        related = {}
        for food_id, page_id in FoodNutrient.objects.filter(food_id__in=food_ids).values_list(
            "food_id", "nutrient_id"
        ):
            related.setdefault(food_id, []).append(page_id)
        return related


class FoodNutrient(Orderable):
    """How much of a nutrient one serving of a food provides: the one source of that fact."""

    food = ParentalKey("nutrition.Food", on_delete=models.CASCADE, related_name="nutrient_amounts")
    nutrient = models.ForeignKey(
        "nutrition.NutrientPage",
        on_delete=models.CASCADE,
        related_name="food_amounts",
        help_text="The nutrient page this food is listed on.",
    )
    serving = models.CharField(max_length=80, blank=True, help_text='E.g. "1 medium" or "½ cup, boiled".')
    amount = models.CharField(
        max_length=40,
        blank=True,
        help_text='With its unit, e.g. "422 mg". Leave blank where no reliable figure is known.',
    )

    panels = [FieldPanel("nutrient"), FieldPanel("serving"), FieldPanel("amount")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["food", "nutrient"], name="unique_food_nutrient"),
        ]

    def __str__(self):
        return f"{self.food}: {self.nutrient}"
