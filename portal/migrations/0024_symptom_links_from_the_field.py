"""Each condition's symptoms move from the many-to-many field into its symptom links, in its
revisions too (portal/migrations/_symptom_links.py says how)."""

from django.db import migrations

from portal.migrations._symptom_links import Relation

CONDITIONS = Relation("portal", "ConditionPage", "symptoms", "ConditionSymptom", "symptom_links", "condition")


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0023_symptom_links"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(CONDITIONS.forwards, CONDITIONS.backwards)]
