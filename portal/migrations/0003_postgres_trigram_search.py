"""Trigram indexes so that PostgreSQL search tolerates misspellings ("magnesim").

modelsearch's Fuzzy queries need the pg_trgm extension and GIN indexes on the search index's
plain-text columns. Other databases skip this; the portal corrects spelling from its own
vocabulary there instead.
"""

from django.db import migrations

INDEXES = {
    "modelsearch_title_text_trgm": "title_text",
    "modelsearch_body_text_trgm": "body_text",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_search_vocabulary"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
