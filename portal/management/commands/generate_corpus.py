import random
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from nutrition.models import Food, FoodNutrient, NutrientIndexPage, NutrientPage
from portal.models import ConditionIndexPage, ConditionPage, ConditionTreatment, Symptom
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
SENTENCES = [
    "Symptoms often settle with rest and fluids.",
    "It is more common after long periods of effort.",
    "Most people recover within a few days.",
    "A doctor can check whether a medicine or a nutrient shortfall plays a part.",
    "Gentle stretching before bed may help.",
    "Keeping a diary of when it happens can help your doctor.",
]


class Command(BaseCommand):
    help = (
        "Add a synthetic corpus of realistic extra pages, symptoms and foods, for benchmarks at "
        "scale. Run load_portal_content first. Never run it on a site patients use."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, required=True, help="How many extra pages to create.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for repeatable corpora.")

    def handle(self, *args, pages, seed, **options):
        if pages < 1:
            raise CommandError("--pages must be at least 1")
        try:
            condition_index = ConditionIndexPage.objects.get()
            treatment_index = TreatmentIndexPage.objects.get()
            nutrient_index = NutrientIndexPage.objects.get()
        except (
            ConditionIndexPage.DoesNotExist,
            TreatmentIndexPage.DoesNotExist,
            NutrientIndexPage.DoesNotExist,
        ):
            raise CommandError("The site has no content yet: run load_portal_content first.") from None
        rng = random.Random(seed)
        start = ConditionPage.objects.count() + MedicationPage.objects.count() + NutrientPage.objects.count()
        symptoms = self._symptoms(rng, max(pages // 20, 5), start)
        foods = self._foods(rng, max(pages // 20, 5), start)
        treatments = list(MedicationPage.objects.all()[:5])
        nutrients = list(NutrientPage.objects.all())
        began = time.monotonic()
        for number in range(pages):
            serial = start + number
            with transaction.atomic():
                choice = number % 10
                if choice < 4:
                    page = self._condition(rng, condition_index, serial, symptoms, treatments)
                elif choice < 8:
                    page = self._treatment(rng, treatment_index, serial, choice)
                    treatments = [*treatments[-20:], page]
                else:
                    page = self._nutrient(rng, nutrient_index, serial, symptoms)
                    nutrients.append(page)
                if choice >= 8:
                    for food in rng.sample(foods, 3):
                        FoodNutrient.objects.get_or_create(
                            food=food,
                            nutrient=page,
                            defaults={"serving": "1 cup", "amount": f"{rng.randint(20, 400)} mg"},
                        )
            self._progress(number + 1, pages, began)
        self.stderr.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Created {pages} pages, {len(symptoms)} symptoms and {len(foods)} foods.")
        )

    def _progress(self, done, total, began):
        if done == total or done % max(total // 200, 1) == 0:
            rate = done / max(time.monotonic() - began, 1e-6)
            width = 30
            filled = int(width * done / total)
            sys.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages, {rate:.0f}/s, "
                f"about {(total - done) / rate:.0f}s left "
            )
            sys.stderr.flush()

    def _text(self, rng, count=3):
        return " ".join(rng.sample(SENTENCES, count))

    def _symptoms(self, rng, count, start):
        created = []
        for number in range(count):
            name = f"{rng.choice(QUALIFIERS).capitalize()} {rng.choice(BODY_PARTS)} {rng.choice(PROBLEMS)} {start + number}"
            created.append(
                Symptom.objects.create(
                    name=name,
                    synonyms=f"{rng.choice(PROBLEMS)} in the {rng.choice(BODY_PARTS)}",
                    description=self._text(rng, 1),
                )
            )
        return created

    def _foods(self, rng, count, start):
        return [
            Food.objects.create(
                name=f"{rng.choice(FOOD_WORDS).capitalize()} blend {start + number}",
                synonyms=rng.choice(FOOD_WORDS),
                description=self._text(rng, 1),
            )
            for number in range(count)
        ]

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

    def _condition(self, rng, parent, serial, symptoms, treatments):
        title = (
            f"{rng.choice(QUALIFIERS).capitalize()} {rng.choice(BODY_PARTS)} {rng.choice(PROBLEMS)} {serial}"
        )
        page = ConditionPage(title=title, overview=f"<p>{self._text(rng)}</p>", **self._review(rng))
        parent.add_child(instance=page)
        page.symptoms.set(rng.sample(symptoms, 3))
        for treatment in rng.sample(treatments, min(3, len(treatments))):
            ConditionTreatment.objects.create(condition=page, treatment=treatment, note=self._text(rng, 1))
        page.save()
        return page

    def _treatment(self, rng, parent, serial, choice):
        word = rng.choice(TREATMENT_WORDS)
        common = {"how_it_helps": f"<p>{self._text(rng)}</p>", **self._review(rng)}
        if choice == 4:
            page = MedicationPage(
                title=f"{word.capitalize()} medicine {serial}", drug_class="Muscle relaxant", **common
            )
            parent.add_child(instance=page)
            MedicineExample.objects.create(
                page=page, generic_name=f"examplamine-{serial}", brand_names=f"Brand{serial}"
            )
        else:
            model = {5: PhysicalTherapyPage, 6: HomeRemedyPage, 7: LifestyleChangePage}[choice]
            page = model(
                title=f"{word.capitalize()} for {rng.choice(BODY_PARTS)} {rng.choice(PROBLEMS)} {serial}",
                **common,
            )
            parent.add_child(instance=page)
        return page

    def _nutrient(self, rng, parent, serial, symptoms):
        page = NutrientPage(
            title=f"Nutrient {rng.choice(FOOD_WORDS)} factor {serial}",
            role_in_muscle_health=f"<p>{self._text(rng)}</p>",
            **self._review(rng),
        )
        parent.add_child(instance=page)
        page.shortfall_symptoms.set(rng.sample(symptoms, 2))
        return page
