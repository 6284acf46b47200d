"""Wagtail's database search backend, with each language indexed as that language.

On PostgreSQL, pages and snippets are indexed with the text search configuration of their own
language (English stemming for English, Spanish for Spanish: "calambres" finds "calambre"), and
without accents, as queries are searched (portal.search.matching.postgresql), so "platano" finds
"plátano" and "músculo" finds "musculo". What has no language (documents, images) is indexed as
modelsearch indexes it. SQLite's full-text index (FTS5's default tokenizer) already leaves accents
out, and has no stemming for any language; it is used as it is.

settings.SEARCH_BACKEND_MODULES names this module for the database backend.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model
from django.db.models.sql.subqueries import InsertQuery

from modelsearch.backends import database
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    ObjectIndexer,
    PostgresIndex,
    PostgresSearchBackend,
)
from modelsearch.utils import get_content_type_pk
from wagtail.models import Locale, TranslatableMixin

from portal.search.text import fold_accents

# The PostgreSQL text search configuration of each content language; "simple" (no stemming, no
# stop words) for a language PostgreSQL has none for.
TEXT_SEARCH_CONFIGS = {"en": "english", "es": "spanish"}


def text_search_config(language: str) -> str:
    return TEXT_SEARCH_CONFIGS.get(language, "simple")


# {Locale id: language code}: a locale's language never changes, and a new locale is read when
# something in it is first indexed, so indexing thousands of objects reads no table, not even the
# content version that portal.core.languages.language_of_locale() is kept under.
_locale_languages: dict[int, str] = {}


def indexed_language(locale_id: int | None) -> str:
    if locale_id is None:
        return ""
    if locale_id not in _locale_languages:
        _locale_languages.update(Locale.objects.values_list("pk", "language_code"))
    return _locale_languages.get(locale_id, "")


class LanguageObjectIndexer(ObjectIndexer):
    """An object's index entry in its own language, without accents; its autocomplete entry (the
    admin's choosers) as modelsearch makes it."""

    def __init__(self, obj: Model, backend: PostgresSearchBackend, language: str) -> None:
        super().__init__(obj, backend)
        self.config = text_search_config(language)

    def as_vector(self, texts: Sequence[tuple[str, str]], for_autocomplete: bool = False) -> Any:
        if not for_autocomplete:
            texts = [(fold_accents(text), weight) for text, weight in texts]
        return super().as_vector(texts, for_autocomplete=for_autocomplete)

    @property
    def title_text(self) -> str:
        return fold_accents(super().title_text)

    @property
    def body_text(self) -> str:
        return fold_accents(super().body_text)


ENTRY_SQL = """
INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
(VALUES {rows})
ON CONFLICT (content_type_id, object_id)
DO UPDATE SET title = EXCLUDED.title,
              title_norm = 1.0,
              autocomplete = EXCLUDED.autocomplete,
              body = EXCLUDED.body,
              title_text = EXCLUDED.title_text,
              body_text = EXCLUDED.body_text
"""


class LanguageIndex(PostgresIndex):
    def add_items(self, model: type[Model], objs: Sequence[Model]) -> None:
        """modelsearch's add_items, with each translatable object indexed in its own language."""
        if not model.get_search_fields():  # type: ignore[attr-defined]
            return
        if issubclass(model, TranslatableMixin):
            indexers: list[ObjectIndexer] = [
                LanguageObjectIndexer(obj, self.backend, indexed_language(getattr(obj, "locale_id", None)))
                for obj in objs
            ]
        else:
            indexers = [ObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
        rows, params = [], []
        for indexer in indexers:
            row_params: list[Any] = [content_type_pk, indexer.id]
            vectors = []
            for field_name in ("title", "autocomplete", "body"):
                value = compiler.prepare_value(
                    IndexEntry._meta.get_field(field_name), getattr(indexer, field_name)
                )
                sql, vector_params = value.as_sql(compiler, self.write_connection)
                vectors.append(sql)
                row_params += vector_params
            rows.append(f"(%s, %s, {vectors[0]}, {vectors[1]}, {vectors[2]}, 1.0, %s, %s)")
            params += [*row_params, indexer.title_text, indexer.body_text]
        with self.write_connection.cursor() as cursor:
            cursor.execute(ENTRY_SQL.format(table=IndexEntry._meta.db_table, rows=", ".join(rows)), params)
        self._refresh_title_norms()


class LanguagePostgresSearchBackend(PostgresSearchBackend):
    index_class = LanguageIndex


def SearchBackend(params: dict[str, Any]) -> Any:  # noqa: N802 - the name Wagtail looks a backend up by
    """The database backend of the database in use: PostgreSQL's indexing each language as itself."""
    if connection.vendor == "postgresql":
        return LanguagePostgresSearchBackend(params)
    return database.SearchBackend(params)
