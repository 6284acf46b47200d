"""A synthetic corpus for benchmarks at scale, written in bulk so that 100,000 pages take minutes."""

import random
import time
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backends

from nutrition.models import Food, FoodNutrient, NutrientIndexPage, NutrientPage, NutrientShortfallSymptom
from portal.caching.version import bump_content_version
from portal.models import ConditionIndexPage, ConditionPage, ConditionSymptom, ConditionTreatment, Symptom
from treatments.models import (
    HomeRemedyPage,
    LifestyleChangePage,
    MedicationPage,
    MedicineExample,
    PhysicalTherapyPage,
    TreatmentIndexPage,
)

BODY_PARTS = [
    "calf",
    "thigh",
    "shoulder",
    "neck",
    "back",
    "hand",
    "foot",
    "jaw",
    "eyelid",
    "arm",
    "hip",
    "wrist",
]
PROBLEMS = [
    "tightness",
    "spasm",
    "cramp",
    "stiffness",
    "twitch",
    "ache",
    "weakness",
    "fatigue",
    "tremor",
    "strain",
]
QUALIFIERS = [
    "night-time",
    "exercise-related",
    "chronic",
    "recurrent",
    "occasional",
    "sudden",
    "mild",
    "persistent",
]
TREATMENT_WORDS = [
    "massage",
    "heat",
    "cold packs",
    "rest",
    "hydration",
    "splints",
    "breathing",
    "pacing",
    "posture",
]
FOOD_WORDS = [
    "lentils",
    "oats",
    "kale",
    "yogurt",
    "tofu",
    "quinoa",
    "beans",
    "figs",
    "salmon",
    "broccoli",
    "prunes",
]
FOOD_FORMS = ["fresh", "frozen", "dried", "canned", "organic"]
SENTENCES = [
    "Symptoms often settle with rest and fluids.",
    "It is more common after long periods of effort.",
    "Most people recover within a few days.",
    "A doctor can check whether a medicine or a nutrient shortfall plays a part.",
    "Gentle stretching before bed may help.",
    "Keeping a diary of when it happens can help your doctor.",
]


BATCH_SIZE = 500


# A symptom's or food's other name is another name for the same thing, as editors write them:
# "cramp in the calf" for "Persistent calf cramp 339", "frozen yogurt" for "Yogurt blend 203".
# They share the patients' words with the shipped names, but none is a shipped symptom's or food's
# own name ("yogurt" is a name of Dairy products): tests/bench/test_generate_corpus.py checks them all.
def symptom_other_name(body_part, problem):
    return f"{problem} in the {body_part}"


def food_other_name(form, food_word):
    return f"{form} {food_word}"


class ChildAppender:
    """Places new live pages after the last child of one parent, at the paths treebeard would give them."""

    def __init__(self, parent, published_at):
        self.parent = parent
        self.published_at = published_at
        last_child = parent.get_last_child()
        self.next_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
        self.added = 0

    def place(self, page):
        page.depth = self.parent.depth + 1
        page.path = Page._get_path(self.parent.path, page.depth, self.next_step)
        page.slug = slugify(page.title)
        page.url_path = f"{self.parent.url_path}{page.slug}/"
        page.locale_id = self.parent.locale_id
        page.draft_title = page.title
        page.live = True
        page.first_published_at = page.last_published_at = self.published_at
        self.next_step += 1
        self.added += 1
        return page

    def record_children(self):
        Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + self.added)
        self.added = 0


class Batch:
    """One transaction's worth of pages and the rows that hang off them, written together."""

    def __init__(self):
        self.pages = []
        self.rows = defaultdict(list)

    def add_row(self, row):
        """A row pointing at a page of this batch: written once the page has its id."""
        self.rows[type(row)].append(row)

    def write(self):
        base_fields = [field.attname for field in Page._meta.concrete_fields if not field.primary_key]
        bases = Page.objects.bulk_create(
            [Page(**{name: getattr(page, name) for name in base_fields}) for page in self.pages]
        )
        for page, base in zip(self.pages, bases, strict=True):
            page.pk = page.id = base.pk
            # raw: the page's own table only, as loaddata does; no signals index it one by one.
            page.save_base(raw=True, force_insert=True)
        for model, rows in self.rows.items():
            model.objects.bulk_create(rows)
        by_model = defaultdict(list)
        for page in self.pages:
            by_model[type(page)].append(page.pk)
        index_objects(by_model)


def index_objects(ids_by_model):
    """Add the objects to every search backend in one statement per model, as update_index does."""
    for model, ids in ids_by_model.items():
        objects = list(model.get_indexed_objects().filter(pk__in=ids))
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, objects)


class Command(BaseCommand):
    help = (
        "Add a synthetic corpus of realistic extra pages, symptoms and foods, for benchmarks at "
        "scale. Run load_portal_content first. Never run it on a site patients use: the pages "
        "are published without revisions and are not in the admin's usage counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, required=True, help="How many extra pages to create.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for repeatable corpora.")

    def handle(self, *args, pages, seed, **options):
        if pages < 1:
            raise CommandError("--pages must be at least 1")
        # Under the default language's index pages, as the shipped originals are: each language
        # has its own.
        locale = Locale.get_default()
        try:
            condition_index = ConditionIndexPage.objects.get(locale=locale)
            treatment_index = TreatmentIndexPage.objects.get(locale=locale)
            nutrient_index = NutrientIndexPage.objects.get(locale=locale)
        except (
            ConditionIndexPage.DoesNotExist,
            TreatmentIndexPage.DoesNotExist,
            NutrientIndexPage.DoesNotExist,
        ):
            raise CommandError("The site has no content yet: run load_portal_content first.") from None
        rng = random.Random(seed)
        start = ConditionPage.objects.count() + MedicationPage.objects.count() + NutrientPage.objects.count()
        with transaction.atomic():
            symptoms = self._symptoms(rng, max(pages // 20, 5), start)
            foods = self._foods(rng, max(pages // 20, 5), start)
            index_objects({Symptom: [s.pk for s in symptoms], Food: [f.pk for f in foods]})
        treatments = list(MedicationPage.objects.filter(locale=locale)[:5])
        now = timezone.now()
        appenders = {
            index_page.pk: ChildAppender(index_page, now)
            for index_page in (condition_index, treatment_index, nutrient_index)
        }
        began = time.monotonic()
        for batch_start in range(0, pages, BATCH_SIZE):
            batch = Batch()
            for number in range(batch_start, min(batch_start + BATCH_SIZE, pages)):
                serial = start + number
                choice = number % 10
                if choice < 4:
                    page = self._condition(rng, serial, symptoms, treatments, batch)
                    parent = condition_index
                elif choice < 8:
                    page = self._treatment(rng, serial, choice, batch)
                    parent = treatment_index
                    treatments = [*treatments[-20:], page]
                else:
                    page = self._nutrient(rng, serial, symptoms, foods, batch)
                    parent = nutrient_index
                batch.pages.append(appenders[parent.pk].place(page))
            with transaction.atomic():
                batch.write()
                for appender in appenders.values():
                    appender.record_children()
            self._progress(min(batch_start + BATCH_SIZE, pages), pages, began)
        # Written in bulk, which sends no signals.
        bump_content_version(reconsider_expiry=True)
        self.stderr.write("")
        if connection.vendor == "postgresql":
            # Rows written in bulk wait in the GIN indexes' pending lists, which every search would
            # scan, and the planner still has the old table sizes, until autovacuum gets round to it.
            # VACUUM cannot run inside a caller's transaction; ANALYZE alone still can.
            statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            self.stdout.write(f"Updating the database's statistics and search indexes ({statement})…")
            with connection.cursor() as cursor:
                cursor.execute(statement)
        self.stdout.write(
            self.style.SUCCESS(f"Created {pages} pages, {len(symptoms)} symptoms and {len(foods)} foods.")
        )

    def _progress(self, done, total, began):
        rate = done / max(time.monotonic() - began, 1e-6)
        width = 30
        filled = int(width * done / total)
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages, {rate:.0f}/s, "
            f"about {(total - done) / rate:.0f}s left ",
            ending="",
        )
        self.stderr.flush()

    def _text(self, rng, count=3):
        return " ".join(rng.sample(SENTENCES, count))

    def _symptoms(self, rng, count, start):
        named = []
        for number in range(count):
            body_part, problem = rng.choice(BODY_PARTS), rng.choice(PROBLEMS)
            named.append(
                (
                    f"{rng.choice(QUALIFIERS).capitalize()} {body_part} {problem} {start + number}",
                    symptom_other_name(body_part, problem),
                )
            )
        return self._named(Symptom, rng, named)

    def _foods(self, rng, count, start):
        named = []
        for number in range(count):
            word = rng.choice(FOOD_WORDS)
            named.append(
                (f"{word.capitalize()} blend {start + number}", food_other_name(rng.choice(FOOD_FORMS), word))
            )
        return self._named(Food, rng, named)

    def _named(self, model, rng, names_and_synonyms):
        """Symptoms or foods, written in one statement."""
        # In the default language, as the shipped originals are: a bulk insert sets no locale itself.
        locale = Locale.get_default()
        return model.objects.bulk_create(
            [
                model(
                    name=name,
                    slug=slugify(name),
                    synonyms=synonyms,
                    description=self._text(rng, 1),
                    locale=locale,
                )
                for name, synonyms in names_and_synonyms
            ]
        )

    def _review(self, rng):
        return {
            "summary": self._text(rng, 2),
            "references": [
                (
                    "reference",
                    {
                        "citation": "MedlinePlus.",
                        "url": "https://medlineplus.gov/",
                        "doi": "",
                        "pubmed_id": "",
                    },
                )
            ],
        }

    def _condition(self, rng, serial, symptoms, treatments, batch):
        title = (
            f"{rng.choice(QUALIFIERS).capitalize()} {rng.choice(BODY_PARTS)} {rng.choice(PROBLEMS)} {serial}"
        )
        page = ConditionPage(title=title, overview=f"<p>{self._text(rng)}</p>", **self._review(rng))
        for order, symptom in enumerate(rng.sample(symptoms, 3)):
            batch.add_row(ConditionSymptom(condition=page, symptom=symptom, sort_order=order))
        for order, treatment in enumerate(rng.sample(treatments, min(3, len(treatments)))):
            batch.add_row(
                ConditionTreatment(
                    condition=page, treatment=treatment, note=self._text(rng, 1), sort_order=order
                )
            )
        return page

    def _treatment(self, rng, serial, choice, batch):
        word = rng.choice(TREATMENT_WORDS)
        common = {"how_it_helps": f"<p>{self._text(rng)}</p>", **self._review(rng)}
        if choice == 4:
            page = MedicationPage(
                title=f"{word.capitalize()} medicine {serial}", drug_class="Muscle relaxant", **common
            )
            batch.add_row(
                MedicineExample(page=page, generic_name=f"examplamine-{serial}", brand_names=f"Brand{serial}")
            )
            return page
        model = {5: PhysicalTherapyPage, 6: HomeRemedyPage, 7: LifestyleChangePage}[choice]
        return model(
            title=f"{word.capitalize()} for {rng.choice(BODY_PARTS)} {rng.choice(PROBLEMS)} {serial}",
            **common,
        )

    def _nutrient(self, rng, serial, symptoms, foods, batch):
        page = NutrientPage(
            title=f"Nutrient {rng.choice(FOOD_WORDS)} factor {serial}",
            role_in_muscle_health=f"<p>{self._text(rng)}</p>",
            **self._review(rng),
        )
        for order, symptom in enumerate(rng.sample(symptoms, 2)):
            batch.add_row(NutrientShortfallSymptom(page=page, symptom=symptom, sort_order=order))
        for order, food in enumerate(rng.sample(foods, 3)):
            batch.add_row(
                FoodNutrient(
                    food=food,
                    nutrient=page,
                    serving="1 cup",
                    quantity=rng.randint(20, 400),
                    unit="mg",
                    sort_order=order,
                )
            )
        return page
