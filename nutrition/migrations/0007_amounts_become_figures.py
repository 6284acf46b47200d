"""Each food's nutrient amount, typed as free text until now, becomes a number, a unit and whether
the figure is approximate, so that "lots" can no longer reach a nutrient page.

Every amount that is a number and a known unit ("422 mg", "1,000 mg", "about 75 mg", as all the
shipped ones are) is kept exactly. Anything else was never a figure patients could use: it is
left blank (shown as "varies") and listed on the migration's output, so that an editor can enter
the figure again from its source.
"""

import re
from decimal import Decimal

from django.db import migrations

UNITS = ("mg", "mcg", "g")
AMOUNT_PATTERN = re.compile(
    r"^(?P<about>about\s+)?(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?\s*(?P<unit>[a-z]+)$"
)


def parse_amount(text):
    """(quantity, unit, approximate), or None for text that is not a number and a known unit."""
    match = AMOUNT_PATTERN.match(" ".join(text.split()).lower())
    if match is None or match["unit"] not in UNITS:
        return None
    return Decimal(match["number"].replace(",", "") + (match["fraction"] or "")), match["unit"], bool(match["about"])


def amounts_to_figures(apps, schema_editor):
    FoodNutrient = apps.get_model("nutrition", "FoodNutrient")
    not_figures = []
    for row in FoodNutrient.objects.exclude(amount="").select_related("food", "nutrient"):
        figure = parse_amount(row.amount)
        if figure is None:
            not_figures.append(f"{row.food.name} – {row.nutrient.title}: {row.amount!r}")
            continue
        row.quantity, row.unit, row.approximate = figure
        row.save(update_fields=["quantity", "unit", "approximate"])
    if not_figures:
        print(
            "\n  These food amounts are not a number and a unit, so they are now blank (shown as "
            '"varies"); enter each figure again from its source:\n    ' + "\n    ".join(not_figures)
        )


def figures_to_amounts(apps, schema_editor):
    FoodNutrient = apps.get_model("nutrition", "FoodNutrient")
    for row in FoodNutrient.objects.exclude(quantity=None):
        text = f"{row.quantity.normalize():,f} {row.unit}"
        row.amount = f"about {text}" if row.approximate else text
        row.save(update_fields=["amount"])


class Migration(migrations.Migration):
    dependencies = [
        ("nutrition", "0006_food_drafts_and_amount_figures"),
    ]

    operations = [migrations.RunPython(amounts_to_figures, figures_to_amounts)]
