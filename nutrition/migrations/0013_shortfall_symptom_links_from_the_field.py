"""Each nutrient's shortfall symptoms move from the many-to-many field into its symptom links, in
its revisions too (portal/migrations/_symptom_links.py says how)."""

from django.db import migrations

from portal.migrations._symptom_links import Relation

NUTRIENTS = Relation(
    "nutrition", "NutrientPage", "shortfall_symptoms", "NutrientShortfallSymptom", "shortfall_symptom_links", "page"
)


class Migration(migrations.Migration):

    dependencies = [
        ("nutrition", "0012_shortfall_symptom_links"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(NUTRIENTS.forwards, NUTRIENTS.backwards)]
