"""Index page titles and symptom names for suggestions as a patient types (PostgreSQL only)."""

from django.db import migrations

from portal.core.word_prefix_index import word_prefix_index


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_clinical_roles_and_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        word_prefix_index("wagtailcore", "Page", "title", "portal_page_title_word_prefix"),
        word_prefix_index("portal", "Symptom", "name", "portal_symptom_name_word_prefix"),
    ]
