"""Trigram indexes that let PostgreSQL find names in which a word starts with what a patient typed.

Suggestions match case-insensitively on the start of any word of a title or name
(`starts_a_word`), which Django writes as `UPPER(column::text) LIKE UPPER(pattern)`. Without an
index on that exact expression, PostgreSQL reads every row: seconds at 100,000 pages. pg_trgm's
GIN operator class serves such LIKE patterns. Other databases skip this.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def word_prefix_index(app_label: str, model_name: str, column: str, index_name: str) -> migrations.RunPython:
    """A migration operation adding the trigram index on UPPER(column) of the model's table."""

    def create(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(apps.get_model(app_label, model_name)._meta.db_table)
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name} ON {table} "
            f"USING gin (UPPER({schema_editor.quote_name(column)}::text) gin_trgm_ops)"
        )

    def drop(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {index_name}")

    return migrations.RunPython(create, drop)
