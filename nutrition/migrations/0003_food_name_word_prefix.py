"""Index food names for suggestions as a patient types (PostgreSQL only)."""

from django.db import migrations

from portal.core.word_prefix_index import word_prefix_index


class Migration(migrations.Migration):
    dependencies = [
        ("nutrition", "0002_initial"),
        ("portal", "0006_word_prefix_indexes"),
    ]

    operations = [word_prefix_index("nutrition", "Food", "name", "nutrition_food_name_word_prefix")]
