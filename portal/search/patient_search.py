"""Search in patients' own words: synonyms, spelling mistakes, symptoms and foods.

One search runs over the clinical pages and the symptom and food snippets, merges them by score,
and says why each result matched. Patients' vocabulary is data (synonym groups, symptom and food
synonyms, medicine brand names), never a list in this file.
"""

import difflib
import functools
import hashlib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Case, Q, Value, When, prefetch_related_objects
from django.utils.html import escape
from django.utils.safestring import mark_safe

from modelsearch.query import Fuzzy
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.utils import normalise_query_string

from nutrition.models import Food, NutrientPage
from portal.caching.remember import remember, remember_in_process, remember_many
from portal.core.mixins import exclude_restricted, is_restricted
from portal.core.snippets import Symptom
from portal.pages.models import ConditionPage
from portal.pages.navigation import get_site_structure
from portal.search.models import SynonymGroup
from treatments.models import HomeRemedyPage, LifestyleChangePage, MedicationPage, PhysicalTherapyPage

MAX_QUERY_LENGTH = 200
RESULTS_PER_SOURCE = 50
# The share of a matching symptom's or food's score that its conditions or nutrients receive.
RELATED_PAGE_SHARE = 0.9
# On PostgreSQL, how many title matches get a full score, and how many entries that match only
# in their body text are ranked at all.
TITLE_MATCHES_RANKED = 100
BODY_MATCHES_RANKED = 400
# Only the best-matching symptoms and foods lead to their pages, and to a bounded number of them,
# so a common word cannot pull in every page of a large site.
LEADING_SNIPPETS = 5
PAGES_PER_LEADING_SNIPPET = 10

KINDS = {
    "condition": "Condition",
    "treatment": "Treatment",
    "nutrient": "Nutrient",
    "food": "Food",
    "symptom": "Symptom",
}
PAGE_KINDS = {
    ConditionPage: "condition",
    MedicationPage: "treatment",
    PhysicalTherapyPage: "treatment",
    HomeRemedyPage: "treatment",
    LifestyleChangePage: "treatment",
    NutrientPage: "nutrient",
}
# English function words: too common to say why a page matched. (Patients' vocabulary itself is
# data, in the synonym groups.)
QUIET_WORDS = {
    "and",
    "the",
    "for",
    "with",
    "my",
    "keeps",
    "keep",
    "what",
    "how",
    "why",
    "foods",
    "food",
    "rich",
    "in",
    "at",
    "of",
    "a",
    "an",
    "is",
    "are",
    "to",
    "can",
    "does",
    "do",
    "i",
    "have",
    "get",
}


def clean_query(raw):
    """Patients' text without control characters, with whitespace collapsed, cut to a usable length."""
    printable = "".join(char if char.isprintable() else " " for char in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def starts_a_word(field, prefix):
    """Names in which a word starts with the prefix: what a patient typing expects to be offered.

    A plain match on the names themselves, rather than the search backend's autocomplete,
    which ranks the whole index and grows slow with it (about a second at 10,000 pages).
    """
    return Q(**{f"{field}__istartswith": prefix}) | Q(**{f"{field}__icontains": f" {prefix}"})


def prefix_first(queryset, field, prefix):
    """Names that begin with the prefix before those with a later word that does, then A to Z."""
    begins = Case(When(**{f"{field}__istartswith": prefix}, then=Value(0)), default=Value(1))
    return queryset.order_by(begins, field)


def words_of(text):
    return re.findall(r"[^\W_]+", text.lower())


@dataclass
class Vocabulary:
    words: list
    synonym_groups: list
    known: set = field(init=False)
    by_initial: dict = field(init=False)

    def __post_init__(self):
        self.known = set(self.words)
        # Misspellings rarely change the first letter; comparing within it keeps correction fast.
        self.by_initial = {}
        for word in self.words:
            self.by_initial.setdefault(word[0], []).append(word)

    def correct(self, query):
        """The query with unknown words replaced by the closest known ones, or None if nothing changed."""
        corrected, changed = [], False
        for word in words_of(query):
            if len(word) >= 4 and word not in self.known:
                candidates = [
                    known for known in self.by_initial.get(word[0], []) if abs(len(known) - len(word)) <= 2
                ]
                close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
                if close:
                    corrected.append(close[0])
                    changed = True
                    continue
            corrected.append(word)
        return " ".join(corrected) if changed else None

    def expand(self, query):
        """Terms patients use for the same thing as words or phrases in the query."""
        padded = f" {' '.join(words_of(query))} "
        extra = []
        for group in self.synonym_groups:
            if any(f" {' '.join(words_of(term))} " in padded for term in group):
                extra += [term for term in group if f" {term} " not in padded]
        return extra


def build_vocabulary():
    texts = list(exclude_restricted(Page.objects.live().type(*PAGE_KINDS)).values_list("title", flat=True))
    for symptom in Symptom.objects.live():
        texts += [symptom.name, symptom.synonyms, symptom.medical_term]
    for food in Food.objects.live():
        texts += [food.name, food.synonyms]
    for medicine in exclude_restricted(MedicationPage.objects.live()).values_list(
        "medicines__generic_name", "medicines__brand_names"
    ):
        texts += [value for value in medicine if value]
    groups = [group.term_list for group in SynonymGroup.objects.live()]
    texts += [term for group in groups for term in group]
    words = sorted(
        {word for text in texts for word in words_of(text) if len(word) >= 3 and not word.isdigit()}
    )
    return Vocabulary(words=words, synonym_groups=groups)


def get_vocabulary():
    return remember_in_process("search-vocabulary", compute=build_vocabulary)


def highlight(text, terms):
    """Escaped text with the words that start with a search term wrapped in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)) + r")\w*",
        re.IGNORECASE,
    )
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[position : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


@dataclass
class SearchResult:
    """One match: cheap to rank; describe() fills in what a patient sees, for one page of results."""

    kind: str
    title: str
    url: str
    score: float
    page_id: int | None = None
    snippet: object = None
    reasons: list = field(default_factory=list)
    related_page_ids: list = field(default_factory=list)
    promoted: bool = False
    summary_html: str = ""
    matched_html: list = field(default_factory=list)

    @property
    def kind_label(self):
        return KINDS[self.kind]


@dataclass
class SearchOutcome:
    results: list
    terms: list
    suggestion: str | None = None
    showing_results_for: str | None = None


def _stem(word):
    """A crude stem, enough to highlight "twitches" for "twitching"."""
    if len(word) > 6 and word.endswith("ing"):
        return word[:-3]
    return word.rstrip("s") if len(word) > 4 else word


def _names_match(title, phrases):
    """Whether a result is named exactly what the patient typed, allowing for a plural."""
    name = " ".join(words_of(title))
    return any(name in (phrase, phrase.rstrip("s"), f"{phrase}s") for phrase in phrases if phrase)


def highlight_terms(query, expansions):
    """The query's words and one-word synonyms; parts of longer synonyms ("muscle") would mark everything."""
    single_word_synonyms = [term for term in expansions if len(words_of(term)) == 1]
    words = [
        word
        for word in words_of(" ".join([query, *single_word_synonyms]))
        if len(word) >= 3 and word not in QUIET_WORDS
    ]
    return sorted({_stem(word) for word in words})


def page_kind(content_type_id):
    return PAGE_KINDS.get(ContentType.objects.get_for_id(content_type_id).model_class())


@functools.lru_cache(maxsize=2048)
def _tsqueries(words, terms):
    """(every word, any term): the patient's words all together, and any of the words and their
    synonyms, as tsquery texts parsed by PostgreSQL once and kept: the same words always parse the
    same way. (None, None) when only stop words are left.

    Sent to the ranking query as constants: PostgreSQL would otherwise call the parsing functions
    again for every row it checks and ranks. A synonym of several words ("muscle jumping")
    matches as a phrase, not as its common parts.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT plainto_tsquery(%s)::text, ("
            + " || ".join(["phraseto_tsquery(%s)"] * len(terms))
            + ")::text",
            [" ".join(words), *terms],
        )
        every_word, any_term = cursor.fetchone()
    if not any_term:
        return None, None
    return every_word or any_term, any_term


# Of the entries whose title matches, those with every word the patient typed come first: in a
# large site one common word ("twitching") can be in thousands of titles, and ranking them all is
# most of a search's cost. Titles with only some of the words or only a synonym fill the remaining
# places, and are never looked at once the first kind fills them all. Of the entries that match
# only in their body, a bounded sample is ranked: the longest-standing entries, so the same search
# always gives the same results. The score follows modelsearch's: title rank weighted by the
# title's boost, plus body rank. Written out rather than built with the ORM: it runs on every
# search, and building it took longer than running it.
RANKING_SQL = """
WITH best_titles AS (
    (
        SELECT id FROM {table}
        WHERE content_type_id = ANY(%(content_types)s) AND title @@ %(every_word)s::tsquery
        ORDER BY ts_rank(title, %(query)s::tsquery) * title_norm DESC, id
        LIMIT %(titles_ranked)s
    ) UNION ALL (
        SELECT id FROM {table}
        WHERE content_type_id = ANY(%(content_types)s) AND title @@ %(query)s::tsquery
            AND NOT title @@ %(every_word)s::tsquery
        ORDER BY ts_rank(title, %(query)s::tsquery) * title_norm DESC, id
        LIMIT %(titles_ranked)s
    )
    LIMIT %(titles_ranked)s
), body_only AS (
    SELECT id FROM {table}
    WHERE content_type_id = ANY(%(content_types)s) AND body @@ %(query)s::tsquery
        AND NOT title @@ %(query)s::tsquery
    ORDER BY id
    LIMIT %(bodies_ranked)s
)
SELECT content_type_id, object_id,
    ts_rank(title, %(query)s::tsquery) * title_norm + ts_rank(body, %(query)s::tsquery) AS score
FROM {table}
WHERE id IN (SELECT id FROM best_titles UNION ALL SELECT id FROM body_only)
ORDER BY score DESC, id
LIMIT %(limit)s
"""


def postgres_index_matches(words, terms, models, limit=RESULTS_PER_SOURCE):
    """(model, object id, score) of the best matches in the search index, straight from its table.

    modelsearch's PostgreSQL backend matches on the title and body vectors joined together, an
    expression its GIN indexes cannot serve, so every search scans the whole index. Matching each
    vector on its own lets PostgreSQL use the indexes and rank only the rows that match, which
    keeps search fast at tens of thousands of pages.
    """
    every_word, query = _tsqueries(tuple(words), tuple(terms))
    if query is None:
        return []
    content_types = ContentType.objects.get_for_models(*models)
    model_for = {content_type.pk: model for model, content_type in content_types.items()}
    with connection.cursor() as cursor:
        cursor.execute(
            RANKING_SQL.format(table=connection.ops.quote_name(IndexEntry._meta.db_table)),
            {
                "query": query,
                "every_word": every_word,
                "content_types": list(model_for),
                "titles_ranked": TITLE_MATCHES_RANKED,
                "bodies_ranked": BODY_MATCHES_RANKED,
                "limit": limit,
            },
        )
        matches = cursor.fetchall()
    return [
        (model_for[content_type_id], int(object_id), score) for content_type_id, object_id, score in matches
    ]


class PatientSearch:
    def __init__(self, request):
        self.request = request
        self.backend = get_search_backend()
        self.vocabulary = get_vocabulary()
        on_database = settings.SEARCH_BACKEND == "database"
        # Misspelling-tolerant matching: trigrams on PostgreSQL, fuzzy queries on Elasticsearch and
        # OpenSearch. SQLite has neither; spelling correction from the vocabulary covers it.
        self.fuzzy = not on_database or connection.vendor == "postgresql"
        # SQLite's FTS5 ranks with bm25, where lower is better; the others rank higher-is-better.
        self.score_sign = -1 if on_database and connection.vendor == "sqlite" else 1
        self.direct_index = on_database and connection.vendor == "postgresql"
        # Addresses and promotions are remembered per site: a page's address depends on where it is seen from.
        site = Site.find_for_request(request)
        self.site_id = site.pk if site else 0

    def search(self, query, kind=None):
        """Every match, ranked. Call describe() on the ones shown before displaying them."""
        # Only words reach the search backend: quotes and operators are not patients' words,
        # and SQLite's full-text syntax would reject some of them.
        query = " ".join(words_of(query))
        results, terms = self._run(query, kind)
        suggestion = self.vocabulary.correct(query)
        showing_results_for = None
        if not results and suggestion:
            results, terms = self._run(suggestion, kind)
            showing_results_for = suggestion if results else None
        if not results and self.fuzzy:
            # Fuzzy scores are similarities on another scale: they only order the fuzzy matches.
            results = sorted(
                self._matches(words_of(query), [query], kind, fuzzy=True),
                key=lambda result: result.score,
                reverse=True,
            )
        return SearchOutcome(
            results=results, terms=terms, suggestion=suggestion, showing_results_for=showing_results_for
        )

    def _run(self, query, kind):
        expansions = self.vocabulary.expand(query)
        meaningful = [word for word in words_of(query) if word not in QUIET_WORDS] or words_of(query)
        results = self._matches(meaningful, [*meaningful, *expansions], kind)
        exact = {" ".join(meaningful), " ".join(words_of(query))}
        # Equal scores in A to Z order, so the same search always lists its results the same way.
        results.sort(key=lambda result: result.title)
        results.sort(key=lambda result: (_names_match(result.title, exact), result.score), reverse=True)
        return results, highlight_terms(query, expansions)

    def _matches(self, words, terms, kind, fuzzy=False):
        """Matches for any of the terms (the patient's words and their synonyms), across pages,
        symptoms and foods."""
        direct = self._direct_scores(words, terms, kind) if self.direct_index and not fuzzy else None
        snippets = []
        if kind in (None, "symptom", "condition"):
            snippets += self._snippets(terms, Symptom, "symptom", fuzzy, direct)
        if kind in (None, "food", "nutrient"):
            snippets += self._snippets(terms, Food, "food", fuzzy, direct)
        results = [result for result in snippets if kind in (None, result.kind)]
        if kind in (None, "condition", "treatment", "nutrient"):
            results += self._pages(terms, kind, fuzzy, self._boosts_from(snippets), direct)
        return results

    @staticmethod
    def _direct_scores(words, terms, kind):
        """On PostgreSQL: scores of pages, symptoms and foods from one look-up, as {model: {pk: score}}."""
        page_models = [model for model, model_kind in PAGE_KINDS.items() if kind in (None, model_kind)]
        models = [*page_models, Symptom, Food]
        scores = {model: {} for model in models}
        for model, pk, score in postgres_index_matches(words, terms, models, limit=RESULTS_PER_SOURCE * 3):
            scores[model][pk] = score
        scores["pages"] = {pk: score for model in page_models for pk, score in scores[model].items()}
        return scores

    @staticmethod
    def _boosts_from(snippets):
        """Search by symptom or food: a matching symptom lifts its conditions, a food its nutrients.

        Each related page gets a share of the snippet's score and the snippet's name as the reason
        it matched, so "eyelid twitching" finds the condition and "banana" finds potassium.
        """
        boosts = {}
        leading = sorted(snippets, key=lambda result: result.score, reverse=True)[:LEADING_SNIPPETS]
        for result in leading:
            for page_id in result.related_page_ids[:PAGES_PER_LEADING_SNIPPET]:
                score, reasons = boosts.get(page_id, (0, []))
                boosts[page_id] = (max(score, result.score * RELATED_PAGE_SHARE), [*reasons, result.title])
        return boosts

    def _page_queryset(self, kind):
        models = [model for model, model_kind in PAGE_KINDS.items() if kind in (None, model_kind)]
        # Search backends filter only on indexed fields, so Wagtail's own public() is used here.
        return exclude_restricted(Page.objects.live().type(*models))

    def _page_rows(self, kind, page_ids):
        """{id: (title, kind, address)} of the live, public pages of the kind among these, each
        address as seen from this request's site.

        Kept until content changes, with an empty row for a page search does not show (a draft,
        a private page, an index page).
        """

        def rows(missing):
            shown = {page.pk: page for page in self._page_queryset(None).filter(pk__in=missing)}
            return {
                page_id: (page.title, page_kind(page.content_type_id), page.get_url(self.request))
                if (page := shown.get(page_id))
                else ()
                for page_id in missing
            }

        remembered = remember_many(f"search-row:{self.site_id}", list(page_ids), rows)
        return {pk: row for pk, row in remembered.items() if row and kind in (None, row[1])}

    def _pages(self, terms, kind, fuzzy, boosts, direct):
        # Plain rows rather than page objects: a search can match a hundred pages or more.
        if direct is not None:
            scores = direct["pages"]
            pages = self._page_rows(kind, scores)
        else:
            query = Fuzzy(" ".join(terms)) if fuzzy else " ".join(terms)
            found = self._page_queryset(kind).search(query, operator=None if fuzzy else "or")
            found = list(found.annotate_score("_score")[:RESULTS_PER_SOURCE])
            pages = self._page_rows(kind, [page.pk for page in found])
            scores = {page.pk: self.score_sign * page._score for page in found}
        missing = [page_id for page_id in boosts if page_id not in pages]
        if missing:
            pages.update(self._page_rows(kind, missing))
        results = []
        for pk, (title, result_kind, url) in pages.items():
            score, reasons = boosts.get(pk, (0, []))
            results.append(
                SearchResult(
                    kind=result_kind,
                    title=title,
                    url=url,
                    score=max(scores.get(pk, 0), score),
                    page_id=pk,
                    reasons=reasons,
                )
            )
        return results

    def _snippets(self, terms, model, kind, fuzzy, direct):
        structure = get_site_structure(self.request)
        base = structure["symptom_index_url"] if model is Symptom else structure["food_index_url"]
        if not base:
            return []
        if direct is not None:
            scores = direct[model]
            items = remember_many(
                f"search-snippet:{model._meta.label}", list(scores), model.objects.live().in_bulk
            )
            found = sorted(items.values(), key=lambda item: scores[item.pk], reverse=True)
            for item in found:
                item._score = scores[item.pk]
        else:
            query = Fuzzy(" ".join(terms)) if fuzzy else " ".join(terms)
            found = self.backend.search(
                query, model.objects.live(), operator=None if fuzzy else "or"
            ).annotate_score("_score")
            found = list(found[:RESULTS_PER_SOURCE])
        related = self.related_page_ids(model, [item.pk for item in found])
        return [
            SearchResult(
                kind=kind,
                title=item.name,
                url=item.get_url(self.request),
                score=self.score_sign * item._score,
                snippet=item,
                related_page_ids=related.get(item.pk, []),
            )
            for item in found
        ]

    @staticmethod
    def related_page_ids(model, snippet_ids):
        """The pages each symptom or food leads to, by snippet id, kept until content changes."""

        def related(missing):
            found = model.related_page_ids_for(missing)
            return {snippet_id: found.get(snippet_id, []) for snippet_id in missing}

        return remember_many(f"search-related:{model._meta.label}", snippet_ids, related)

    @staticmethod
    def page_cards(page_ids):
        """Each page's summary and the names it can match on, by page id.

        Working these out takes a query per page type and per related list; they change only
        with content, so they are kept under the content version.
        """

        def cards(missing):
            pages = list(Page.objects.filter(pk__in=missing).specific())
            by_class = {}
            for page in pages:
                by_class.setdefault(type(page), []).append(page)
            for model, group in by_class.items():
                prefetch_related_objects(group, *model.search_reads)
            return {page.pk: (page.summary, page.search_keywords()) for page in pages}

        return remember_many("search-card", page_ids, cards)

    def describe(self, results, terms):
        """Fill in the summary and the reasons each result matched, with the search terms marked."""
        cards = self.page_cards([r.page_id for r in results if r.page_id and not r.promoted])
        stems = [term.lower() for term in terms]
        for result in results:
            if result.promoted:
                continue
            if result.page_id:
                if result.page_id not in cards:
                    continue
                text, page_keywords = cards[result.page_id]
            elif result.snippet is not None:
                text, page_keywords = result.snippet.description, result.snippet.search_keywords()
            else:
                continue
            keywords = [*result.reasons, *page_keywords]
            result.summary_html = highlight(text, terms)
            matching = [keyword for keyword in keywords if any(stem in keyword.lower() for stem in stems)]
            result.matched_html = [highlight(keyword, terms) for keyword in dict.fromkeys(matching)][:4]
        return results

    def promoted(self, query):
        """Pages editors pinned for this query with wagtail.contrib.search_promotions.

        Kept until content or a promotion changes: nearly every query has none, and finding that
        out is a query on every search.
        """
        query_string = normalise_query_string(query)
        return remember(
            "search-promotions",
            self.site_id,
            hashlib.md5(query_string.encode(), usedforsecurity=False).hexdigest(),
            compute=lambda: self._promoted(query_string),
        )

    def _promoted(self, query_string):
        promotions = SearchPromotion.objects.filter(query__query_string=query_string).select_related("page")
        results = []
        for promotion in promotions:
            page = promotion.page.specific if promotion.page_id else None
            if page is None or not page.live or is_restricted(page) or type(page) not in PAGE_KINDS:
                continue
            # The page's own summary, which a clinician signed off with the page: the promotion's
            # description is typed by an editor and reaches patients without any review.
            description = page.summary
            results.append(
                SearchResult(
                    kind=PAGE_KINDS[type(page)],
                    title=page.title,
                    url=page.get_url(self.request),
                    score=0,
                    page_id=page.pk,
                    promoted=True,
                    summary_html=escape(description),
                )
            )
        return results

    def suggestions(self, prefix, limit=8):
        """Titles and names that start like the prefix, for suggestions as a patient types."""
        prefix = " ".join(words_of(prefix))
        pages = prefix_first(
            self._page_queryset(None).filter(starts_a_word("title", prefix)), "title", prefix
        )
        suggestions = [
            {"title": page.title, "url": page.get_url(self.request), "kind": page_kind(page.content_type_id)}
            for page in pages[:limit]
        ]
        structure = get_site_structure(self.request)
        for model, kind, base in (
            (Symptom, "symptom", structure["symptom_index_url"]),
            (Food, "food", structure["food_index_url"]),
        ):
            if base:
                items = prefix_first(
                    model.objects.live().filter(starts_a_word("name", prefix)), "name", prefix
                )
                suggestions += [
                    {"title": item.name, "url": item.get_url(self.request), "kind": kind}
                    for item in items[:limit]
                ]
        suggestions.sort(
            key=lambda item: (not item["title"].lower().startswith(prefix.lower()), item["title"])
        )
        return suggestions[:limit]
