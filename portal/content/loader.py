"""Builds the site from the content file kept in the repository.

The loader is idempotent: it matches everything by slug, writes a new revision only when the
file says something the live page or snippet does not, and never overwrites what an editor
changed in the admin (a page or snippet whose latest revision has an author, or a snippet with an
admin log entry), and never puts back what was taken off the site (unpublished or expired). What it
writes it publishes, as the content of the release. It sets no review
dates and no reviewer: those come only from a clinician's sign-off in the admin, so the pages it
publishes say they have not yet been checked by a clinician.
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, ModelLogEntry, Page, Site

import yaml

from nutrition.models import (
    DailyAmount,
    Food,
    FoodNutrient,
    NutrientIndexPage,
    NutrientPage,
    NutrientShortfallSymptom,
    SupplementInteraction,
    UpperLimit,
    parse_amount,
)
from portal.core.codes import BY_KEY, split_codes
from portal.core.mixins import ReviewMixin
from portal.core.snippets import Symptom
from portal.pages.models import (
    AboutContentPage,
    ConditionCause,
    ConditionIndexPage,
    ConditionNutrient,
    ConditionPage,
    ConditionSymptom,
    ConditionTreatment,
    ConditionWarningSign,
    HomePage,
    SymptomIndexPage,
)
from portal.search.models import SynonymGroup
from treatments.models import (
    HomeRemedyPage,
    Interaction,
    LifestyleChangePage,
    LifestylePractice,
    MedicationPage,
    MedicineExample,
    PhysicalTherapyPage,
    RemedyStep,
    SideEffect,
    TherapyTechnique,
    TreatmentIndexPage,
)

# What every interaction says (portal.core.interactions.InteractionAdvice), and what each kind adds.
ADVICE_FIELDS = ["severity", "action", "separate_hours", "timing", "advice", "source_citation", "source_url"]
INTERACTION_FIELDS = ["medicine", "kind", "interacts_with", "nutrient", *ADVICE_FIELDS]
SUPPLEMENT_INTERACTION_FIELDS = ["interacts_with", *ADVICE_FIELDS]
UPPER_LIMIT_FIELDS = ["age_group", "amount", "unit", "applies_to", "notes"]

DEFAULT_CONTENT_FILE = Path(__file__).resolve().parent / "portal_content.yaml"

TREATMENT_KINDS = {
    "medication": MedicationPage,
    "physical_therapy": PhysicalTherapyPage,
    "home_remedy": HomeRemedyPage,
    "lifestyle_change": LifestyleChangePage,
}


SCHEME_PORTS = {"http": 80, "https": 443}


def site_address(base_url):
    """The default site's hostname and port, from the portal's public address (WAGTAILADMIN_BASE_URL).

    Wagtail builds absolute URLs from them (Site.root_url), and can say https only for port 443.
    """
    url = urlsplit(base_url)
    try:
        port = url.port or SCHEME_PORTS.get(url.scheme)
    except ValueError:
        port = None
    if not (
        url.scheme in SCHEME_PORTS
        and url.hostname
        and url.path in ("", "/")
        and (url.scheme == "https") == (port == 443)
    ):
        raise ImproperlyConfigured(
            "WAGTAILADMIN_BASE_URL must be the portal's public address, such as https://portal.example.org "
            f"or http://127.0.0.1:8000 (HTTPS only on port 443, no path), not {base_url!r}"
        )
    return url.hostname, port


SIGN_OFF_ONLY = "review dates and reviewers come only from a clinician's sign-off in the admin; remove it"


class ContentError(Exception):
    """The content file is malformed; the message names the place and the problem."""


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    kept: list = field(default_factory=list)

    def record(self, outcome, label):
        getattr(self, outcome).append(label)

    @property
    def changed(self):
        return bool(self.created or self.updated)


class Spec:
    """What the content file says about one object: plain fields, streams, many-to-many and children."""

    def __init__(self, fields=None, streams=None, m2m=None, children=None):
        self.fields = fields or {}
        self.streams = streams or {}
        self.m2m = m2m or {}
        self.children = children or {}

    def state(self, obj):
        """The object's current content, in a form that compares equal when nothing differs."""
        return (
            {name: getattr(obj, name) for name in self.fields},
            {
                name: [
                    (child.block_type, child.block.get_prep_value(child.value))
                    for child in getattr(obj, name)
                ]
                for name in self.streams
            },
            {name: sorted(item.pk for item in getattr(obj, name).all()) for name in self.m2m},
            {
                name: [
                    {key: _comparable(getattr(child, key)) for key in keys}
                    for child in getattr(obj, name).all()
                ]
                for name, (_, keys, _) in self.children.items()
            },
        )

    def apply(self, obj):
        for name, value in {**self.fields, **self.streams}.items():
            setattr(obj, name, value)
        for name, items in self.m2m.items():
            setattr(obj, name, items)
        for name, (model, _, rows) in self.children.items():
            # An explicit sort_order keeps the file's order on every database backend.
            setattr(obj, name, [model(**row, sort_order=number) for number, row in enumerate(rows)])


def _comparable(value):
    return value.pk if hasattr(value, "pk") else value


def _require(mapping, key, where):
    if not isinstance(mapping, dict):
        raise ContentError(f"{where} must be a mapping of fields")
    if key not in mapping or mapping[key] in (None, ""):
        raise ContentError(f"{where}.{key} is required")
    return mapping[key]


def _codes(mapping, system, where):
    """The codes of one system an item gives (`icd10cm: R25.3`), checked as the admin checks them."""
    code_system = BY_KEY[system]
    codes = [code_system.normalize(code) for code in split_codes(str(mapping.get(system) or ""))]
    for code in codes:
        problem = code_system.problem_with(code)
        if problem:
            raise ContentError(f"{where}.{system}: {problem}")
    return ", ".join(codes)


def _list(mapping, key, where, required=False):
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if value is None:
        if required:
            raise ContentError(f"{where}.{key} is required")
        return []
    if not isinstance(value, list):
        raise ContentError(f"{where}.{key} must be a list")
    return value


def read_content_file(path):
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ContentError(f"cannot read the content file {path}: {error.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ContentError(
            f"the content file {path} is not valid YAML{where}: {getattr(error, 'problem', error)}"
        ) from None
    if not isinstance(data, dict):
        raise ContentError(
            f"the content file {path} must hold a mapping with sections such as 'home' and 'conditions'"
        )
    return data


# Parts of an item a translation gives whole, rather than row by row: its sources (a translation
# lists sources in its own language first) and free-form bodies.
REPLACED_WHOLE = {"references", "body"}
# Top-level lists of items, each translated item naming its original's slug as `source`.
TRANSLATED_SECTIONS = ("symptoms", "nutrients", "foods", "treatments", "conditions")


def translation_files(content_file):
    """The translations of a content file that sit beside it: portal_content.es.yaml for Spanish."""
    path = Path(content_file)
    return sorted(path.parent.glob(f"{path.stem}.*{path.suffix}"))


def load_content(content_file=DEFAULT_CONTENT_FILE, log=None):
    """Load a content file and the translations beside it; returns what was done (LoadReport)."""
    original = read_content_file(content_file)
    translations = [
        translated_content(original, read_content_file(path), path.name)
        for path in translation_files(content_file)
    ]
    return ContentLoader(original, log=log, translations=translations).load()


def translated_content(original, translation, name):
    """The original content with a translation laid over it (docs/languages.md): each translated
    item is its original with the translated text in place of the original's, so that figures,
    relations and categories are the original's. Items not translated yet are left out."""
    language = translation.get("language")
    if not isinstance(language, str) or not language:
        raise ContentError(f"{name}: say which language it is in, e.g. 'language: es'")
    data = {"language": language}
    for key in ("home", "sections"):
        if key in translation:
            data[key] = _overlay(original.get(key), translation[key], f"{name}: {key}")
    if "synonyms" in translation:
        # Each language's synonym groups are its own words, not translations of the original's.
        data["synonyms"] = _list(translation, "synonyms", name)
    for section in TRANSLATED_SECTIONS:
        originals = {item.get("slug"): item for item in _list(original, section, "content")}
        data[section] = []
        for number, item in enumerate(_list(translation, section, name), start=1):
            where = f"{name}: {section}[{number}]"
            source = _require(item, "source", where)
            if source not in originals:
                raise ContentError(f"{where}.source: the original has no {section} item with slug {source!r}")
            data[section].append(_overlay(originals[source], item, where))
    return data


def _overlay(original, translated, where):
    if isinstance(original, dict) and isinstance(translated, dict):
        merged = dict(original)
        for key, value in translated.items():
            if key in REPLACED_WHOLE or key not in original:
                merged[key] = value
            else:
                merged[key] = _overlay(original[key], value, f"{where}.{key}")
        if "slug" in original:
            merged["source"] = original["slug"]
        return merged
    if isinstance(original, list) and original and all(isinstance(row, dict) for row in original):
        if not isinstance(translated, list) or len(translated) != len(original):
            count = len(translated) if isinstance(translated, list) else "no list of"
            raise ContentError(
                f"{where}: the translation has {count} rows and the original {len(original)}; "
                "give every row, in the original's order"
            )
        return [
            _overlay(row, translated_row, f"{where}[{number}]")
            for number, (row, translated_row) in enumerate(zip(original, translated, strict=True), start=1)
        ]
    return translated


class ContentLoader:
    """Loads the content file in the portal's default language, then each translation of it.

    A translation (TranslatedContent) is loaded by a loader of its own whose `original` is the
    default language's: each of its pages and snippets is the translation of the original item
    it names (same translation key, its own locale), and its relations name the translations of
    the originals' pages and snippets where the file translates them.
    """

    def __init__(self, data, log=None, translations=(), original=None, report=None):
        self.data = data
        self.log = log or (lambda message: None)
        self.report = report or LoadReport()
        self.translations = list(translations)
        self.original = original
        self.language = (
            data.get("language")
            if original
            else get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        # What each item of the file became, by model and slug: a translation's originals.
        self.saved = {}
        self.symptoms = dict(original.symptoms) if original else {}
        self.nutrients = dict(original.nutrients) if original else {}
        self.foods = dict(original.foods) if original else {}
        self.treatments = dict(original.treatments) if original else {}

    @transaction.atomic
    def load(self):
        for key in ("review", "reviewers"):
            if key in self.data:
                raise ContentError(f"content.{key}: {SIGN_OFF_ONLY}")
        self.locale = self._locale()
        self._load_symptoms()
        self._load_synonyms()
        home = self._load_home()
        sections = self.data.get("sections") or {}
        condition_index = self._load_index(home, ConditionIndexPage, sections, "conditions")
        self._load_index(home, SymptomIndexPage, sections, "symptoms")
        treatment_index = self._load_index(home, TreatmentIndexPage, sections, "treatments")
        nutrient_index = self._load_index(home, NutrientIndexPage, sections, "nutrition")
        self._load_about(home, sections)
        self._load_nutrients(nutrient_index)
        self._load_foods()
        self._load_treatments(treatment_index)
        self._load_conditions(condition_index)
        for translation in self.translations:
            ContentLoader(translation, self.log, original=self, report=self.report).load()
        return self.report

    def _locale(self):
        if self.language not in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
            raise ContentError(
                f"language: {self.language!r} is not a language the portal is set up for "
                f"(WAGTAIL_CONTENT_LANGUAGES: {', '.join(dict(settings.WAGTAIL_CONTENT_LANGUAGES))})"
            )
        return Locale.objects.get_or_create(language_code=self.language)[0]

    def _original(self, model, source, where):
        """The default language's page or snippet that a translated item names as its source."""
        if (model, source) not in self.original.saved:
            raise ContentError(
                f"{where}.source: no {model._meta.verbose_name} with slug {source!r} in the original"
            )
        return self.original.saved[(model, source)]

    def _label(self, model, label):
        language = "" if self.original is None else f" ({self.language})"
        return f"{model._meta.verbose_name} {label!r}{language}"

    # Shared pieces

    def _references(self, item, where):
        references = []
        for number, reference in enumerate(_list(item, "references", where), start=1):
            spot = f"{where}.references[{number}]"
            citation = _require(reference, "citation", spot)
            if not any(reference.get(key) for key in ("url", "doi", "pubmed_id")):
                raise ContentError(f"{spot} needs a url, doi or pubmed_id")
            references.append(
                (
                    "reference",
                    {
                        "citation": citation,
                        "url": reference.get("url", ""),
                        "doi": reference.get("doi", ""),
                        "pubmed_id": str(reference.get("pubmed_id", "")),
                    },
                )
            )
        return references

    def _clinical_fields(self, item, where):
        for key in ReviewMixin.REVIEW_FIELDS:
            if key in item:
                raise ContentError(f"{where}.{key}: {SIGN_OFF_ONLY}")
        return {"title": _require(item, "title", where), "summary": _require(item, "summary", where).strip()}

    def _lookup(self, registry, key, where, kind):
        if key not in registry:
            raise ContentError(f"{where}: no {kind} with slug {key!r}")
        return registry[key]

    def _save_page(self, parent, model, slug, spec, where, source=None):
        """Create the page under parent, or publish a new revision when the file differs from it.

        In a translation, `source` is the original's slug: a new page is its translation, and a
        translation whose slug an editor changed is still found.
        """
        original = self._original(model, source, where) if self.original and source else None
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None and original is not None:
            page = model.objects.filter(translation_key=original.translation_key, locale=self.locale).first()
        if page is None:
            page = model(slug=slug, locale=self.locale)
            if original is not None:
                page.translation_key = original.translation_key
            spec.apply(page)
            parent.add_child(instance=page)
            page.save_revision(log_action=True).publish(log_action=True)
            self.report.record("created", self._label(model, page.title))
            return self._saved(model, slug, page)
        latest = page.latest_revision
        if latest is not None and latest.user_id is not None:
            self.report.record("kept", f"{self._label(model, page.title)} (edited in the admin)")
            return self._saved(model, slug, page)
        if not page.live:
            # Unpublished by an administrator (the emergency path) or expired: a release does not
            # put it back in front of patients.
            self.report.record("kept", f"{self._label(model, page.title)} (taken off the site)")
            return self._saved(model, slug, page)
        before = spec.state(page)
        spec.apply(page)
        if spec.state(page) == before:
            self.report.record("unchanged", self._label(model, page.title))
            return self._saved(model, slug, page)
        page.save_revision(log_action=True).publish(log_action=True)
        self.report.record("updated", self._label(model, page.title))
        return self._saved(model, slug, page)

    def _saved(self, model, slug, obj):
        self.saved[(model, slug)] = obj
        return obj

    def _save_snippet(self, model, lookup, spec, label, where, source=None):
        """Create the snippet live, or publish a new revision of it when the file differs from it.

        In a translation, `source` is the original's slug, as for pages.
        """
        original = self._original(model, source, where) if self.original and source else None
        lookup = {**lookup, "locale": self.locale}
        obj = model.objects.filter(**lookup).first()
        if obj is None and original is not None:
            obj = model.objects.filter(translation_key=original.translation_key, locale=self.locale).first()
        key = lookup.get("slug", label)
        if obj is None:
            obj = model(**lookup)
            if original is not None:
                obj.translation_key = original.translation_key
            spec.apply(obj)
            self._publish_snippet(obj, where)
            self.report.record("created", self._label(model, label))
            return self._saved(model, key, obj)
        if self._edited_in_admin(obj):
            self.report.record("kept", f"{self._label(model, label)} (edited in the admin)")
            return self._saved(model, key, obj)
        if not obj.live:  # expired, as a page can be
            self.report.record("kept", f"{self._label(model, label)} (taken off the site)")
            return self._saved(model, key, obj)
        before = spec.state(obj)
        spec.apply(obj)
        if spec.state(obj) == before:
            self.report.record("unchanged", self._label(model, label))
            return self._saved(model, key, obj)
        self._publish_snippet(obj, where)
        self.report.record("updated", self._label(model, label))
        return self._saved(model, key, obj)

    @staticmethod
    def _publish_snippet(obj, where):
        try:
            obj.full_clean(validate_unique=False)
        except ValidationError as error:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            raise ContentError(f"{where}: {problems}") from None
        if obj.pk is None:
            obj.save()
        obj.save_revision(log_action=True, clean=False).publish(log_action=True)

    @staticmethod
    def _edited_in_admin(obj):
        latest = obj.latest_revision
        if latest is not None and latest.user_id is not None:
            return True
        return (
            ModelLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
            )
            .exclude(user=None)
            .exists()
        )

    # Sections of the file

    def _load_symptoms(self):
        for number, item in enumerate(_list(self.data, "symptoms", "content", required=True), start=1):
            where = f"symptoms[{number}]"
            slug = _require(item, "slug", where)
            spec = Spec(
                fields={
                    "name": _require(item, "name", where),
                    "medical_term": item.get("medical_term", ""),
                    "synonyms": item.get("synonyms", ""),
                    "description": item.get("description", ""),
                    "icd10cm_codes": _codes(item, "icd10cm", where),
                    "snomedct_ids": _codes(item, "snomedct", where),
                }
            )
            symptom = self._save_snippet(
                Symptom, {"slug": slug}, spec, spec.fields["name"], where, source=item.get("source")
            )
            self._register(self.symptoms, item, symptom)

    def _register(self, registry, item, obj):
        """What the file's relations name by the original's slug: in a translation, the translated
        page or snippet, so that the shipped translations link their own language's versions. What
        is not translated yet stays the original, which each page shows in its own language where
        it can (portal.core.languages), as it does for translations made in the admin."""
        registry[item.get("source") or item["slug"]] = obj

    def _symptom_rows(self, item, key, where):
        """A page's links to symptoms, in the file's order."""
        return [
            {"symptom": self._lookup(self.symptoms, slug, f"{where}.{key}", "symptom")}
            for slug in _list(item, key, where)
        ]

    def _load_synonyms(self):
        for number, item in enumerate(_list(self.data, "synonyms", "content"), start=1):
            where = f"synonyms[{number}]"
            terms = _require(item, "terms", where)
            spec = Spec(fields={"note": item.get("note", "")})
            # Each language has its own groups, of its own words: none translates another.
            self._save_snippet(SynonymGroup, {"terms": terms}, spec, terms, where)

    def _load_home(self):
        item = _require(self.data, "home", "content")
        spec = Spec(
            fields={
                "title": _require(item, "title", "home"),
                "hero_heading": _require(item, "hero_heading", "home"),
                "hero_intro": _require(item, "hero_intro", "home").strip(),
            }
        )
        root = self._tree_root()
        if self.original is not None:
            # Each language's home page sits beside the original's, below the tree's root.
            original = self.original.saved[(HomePage, "home")]
            home = HomePage.objects.filter(
                translation_key=original.translation_key, locale=self.locale
            ).first()
            slug = home.slug if home else item.get("slug", f"home-{self.language}")
            return self._save_page(root, HomePage, slug, spec, "home", source="home")
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = HomePage.objects.filter(locale=self.locale).first()
        if home is None:
            self._remove_wagtail_welcome_page(site)
            home = self._save_page(root, HomePage, item.get("slug", "home"), spec, "home")
        else:
            home = self._save_page(home.get_parent(), HomePage, home.slug, spec, "home")
        self.saved[(HomePage, "home")] = home
        hostname, port = site_address(settings.WAGTAILADMIN_BASE_URL)
        if site is None:
            site = Site.objects.create(
                hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=home.title
            )
            self.report.record("created", f"site {site.root_url}")
        elif (site.root_page_id, site.hostname, site.port) != (home.pk, hostname, port):
            site.root_page, site.hostname, site.port = home, hostname, port
            site.save()
            self.report.record("updated", f"site {site.root_url}")
        return home

    @staticmethod
    def _tree_root():
        """The page tree's root, which Wagtail's migrations create; made again on an emptied database."""
        root = Page.get_first_root_node()
        if root is None:
            Locale.objects.get_or_create(
                language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
            )
            root = Page.add_root(
                instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page))
            )
        return root

    @staticmethod
    def _remove_wagtail_welcome_page(site):
        """Wagtail's install creates a placeholder page at the site root; the home page replaces it."""
        if site and site.root_page.specific_class is Page and not site.root_page.get_children().exists():
            welcome = site.root_page
            site.root_page = Page.get_first_root_node()
            site.save()
            welcome.delete()

    def _load_index(self, home, model, sections, key):
        item = _require(sections, key, "sections")
        spec = Spec(
            fields={
                "title": _require(item, "title", f"sections.{key}"),
                "intro": item.get("intro", ""),
                "show_in_menus": True,
            }
        )
        return self._save_page(
            home,
            model,
            _require(item, "slug", f"sections.{key}"),
            spec,
            f"sections.{key}",
            source=item.get("source"),
        )

    def _load_about(self, home, sections):
        item = sections.get("about")
        if not item:
            return
        body = [
            (block["type"], block["value"]) for block in _list(item, "body", "sections.about", required=True)
        ]
        spec = Spec(
            fields={"title": _require(item, "title", "sections.about"), "show_in_menus": False},
            streams={"body": body},
        )
        self._save_page(
            home,
            AboutContentPage,
            _require(item, "slug", "sections.about"),
            spec,
            "sections.about",
            source=item.get("source"),
        )

    def _load_nutrients(self, index):
        for number, item in enumerate(_list(self.data, "nutrients", "content", required=True), start=1):
            where = f"nutrients[{number}]"
            slug = _require(item, "slug", where)
            amounts = []
            for row_number, row in enumerate(_list(item, "daily_amounts", where), start=1):
                spot = f"{where}.daily_amounts[{row_number}]"
                amounts.append(
                    {
                        "age_group": _require(row, "age_group", spot),
                        "amount": str(_require(row, "amount", spot)),
                        "notes": row.get("notes", ""),
                    }
                )
            limits = self._upper_limits(item, where)
            no_upper_limit = bool(item.get("no_upper_limit", False))
            if no_upper_limit and limits:
                raise ContentError(f"{where}: give upper_limits or no_upper_limit: true, not both")
            spec = Spec(
                fields={
                    **self._clinical_fields(item, where),
                    "role_in_muscle_health": _require(item, "role_in_muscle_health", where).strip(),
                    "shortfall_description": item.get("shortfall_description", "").strip(),
                    "daily_amounts_source": item.get("daily_amounts_source", ""),
                    "food_sources_intro": item.get("food_sources_intro", "").strip(),
                    "upper_limits_intro": (item.get("upper_limits_intro") or "").strip(),
                    "upper_limits_source": item.get("upper_limits_source", ""),
                    "no_upper_limit": no_upper_limit,
                    "supplement_cautions": (item.get("supplement_cautions") or "").strip(),
                },
                streams={"references": self._references(item, where)},
                children={
                    "shortfall_symptom_links": (
                        NutrientShortfallSymptom,
                        ["symptom"],
                        self._symptom_rows(item, "shortfall_symptoms", where),
                    ),
                    "daily_amounts": (DailyAmount, ["age_group", "amount", "notes"], amounts),
                    "upper_limits": (UpperLimit, UPPER_LIMIT_FIELDS, limits),
                    "supplement_interactions": (
                        SupplementInteraction,
                        SUPPLEMENT_INTERACTION_FIELDS,
                        self._interaction_rows(
                            SupplementInteraction,
                            SUPPLEMENT_INTERACTION_FIELDS,
                            item,
                            "supplement_interactions",
                            where,
                        ),
                    ),
                },
            )
            nutrient = self._save_page(index, NutrientPage, slug, spec, where, source=item.get("source"))
            self._register(self.nutrients, item, nutrient)

    def _upper_limits(self, item, where):
        rows = []
        for number, row in enumerate(_list(item, "upper_limits", where), start=1):
            spot = f"{where}.upper_limits[{number}]"
            limit = UpperLimit(
                age_group=_require(row, "age_group", spot),
                amount=_require(row, "amount", spot),
                unit=row.get("unit", "mg"),
                applies_to=_require(row, "applies_to", spot),
                notes=row.get("notes", ""),
            )
            self._validate(limit, spot)
            rows.append({name: getattr(limit, name) for name in UPPER_LIMIT_FIELDS})
        return rows

    @staticmethod
    def _validate(obj, spot):
        """Refuse what the admin would refuse, naming the place in the file."""
        try:
            obj.full_clean(exclude=["page", "sort_order"])
        except ValidationError as error:
            raise ContentError(f"{spot}: {'; '.join(error.messages)}") from None

    def _load_foods(self):
        for number, item in enumerate(_list(self.data, "foods", "content", required=True), start=1):
            where = f"foods[{number}]"
            slug = _require(item, "slug", where)
            amounts = []
            for row_number, row in enumerate(_list(item, "nutrients", where, required=True), start=1):
                spot = f"{where}.nutrients[{row_number}]"
                quantity, unit, approximate = None, "", False
                if row.get("amount") not in (None, ""):
                    try:
                        quantity, unit, approximate = parse_amount(row["amount"])
                    except ValueError as error:
                        raise ContentError(f"{spot}.amount: {error}") from None
                amounts.append(
                    {
                        "nutrient": self._lookup(
                            self.nutrients, _require(row, "nutrient", spot), spot, "nutrient"
                        ),
                        "serving": row.get("serving", ""),
                        "quantity": quantity,
                        "unit": unit,
                        "approximate": approximate,
                    }
                )
            spec = Spec(
                fields={
                    "name": _require(item, "name", where),
                    "synonyms": item.get("synonyms", ""),
                    "description": item.get("description", ""),
                },
                streams={"references": self._references(item, where)},
                children={
                    "nutrient_amounts": (
                        FoodNutrient,
                        ["nutrient", "serving", "quantity", "unit", "approximate"],
                        amounts,
                    )
                },
            )
            food = self._save_snippet(
                Food, {"slug": slug}, spec, spec.fields["name"], where, source=item.get("source")
            )
            self._register(self.foods, item, food)

    def _load_treatments(self, index):
        for number, item in enumerate(_list(self.data, "treatments", "content", required=True), start=1):
            where = f"treatments[{number}]"
            kind = _require(item, "kind", where)
            if kind not in TREATMENT_KINDS:
                raise ContentError(f"{where}.kind must be one of {', '.join(TREATMENT_KINDS)}, not {kind!r}")
            slug = _require(item, "slug", where)
            spec = Spec(
                fields={
                    **self._clinical_fields(item, where),
                    "how_it_helps": _require(item, "how_it_helps", where).strip(),
                    "risks": (item.get("risks") or "").strip(),
                    "talk_to_doctor": item.get("talk_to_doctor", ""),
                },
                streams={"references": self._references(item, where)},
            )
            getattr(self, f"_{kind}_spec")(spec, item, where)
            treatment = self._save_page(
                index, TREATMENT_KINDS[kind], slug, spec, where, source=item.get("source")
            )
            self._register(self.treatments, item, treatment)

    def _medication_spec(self, spec, item, where):
        spec.fields.update(
            drug_class=_require(item, "drug_class", where),
            prescription_only=bool(item.get("prescription_only", True)),
            not_for=(item.get("not_for") or "").strip(),
            before_you_start=(item.get("before_you_start") or "").strip(),
            urgent_side_effects=(item.get("urgent_side_effects") or "").strip(),
            cautions=(item.get("cautions") or "").strip(),
        )
        medicines = [
            {
                "generic_name": _require(row, "generic_name", f"{where}.medicines[{n}]"),
                "brand_names": row.get("brand_names", ""),
                "notes": row.get("notes", ""),
                "rxnorm_codes": _codes(row, "rxnorm", f"{where}.medicines[{n}]"),
            }
            for n, row in enumerate(_list(item, "medicines", where, required=True), start=1)
        ]
        effects = [
            {"name": _require(row, "name", f"{where}.side_effects[{n}]"), "advice": row.get("advice", "")}
            for n, row in enumerate(_list(item, "side_effects", where), start=1)
        ]
        spec.children.update(
            medicines=(MedicineExample, ["generic_name", "brand_names", "notes", "rxnorm_codes"], medicines),
            side_effects=(SideEffect, ["name", "advice"], effects),
            interactions=(
                Interaction,
                INTERACTION_FIELDS,
                self._interaction_rows(Interaction, INTERACTION_FIELDS, item, "interactions", where),
            ),
        )

    def _interaction_rows(self, model, fields, item, key, where):
        """The file's interactions under `key`, checked as the model checks them in the admin."""
        rows = []
        for n, row in enumerate(_list(item, key, where), start=1):
            spot = f"{where}.{key}[{n}]"
            source = _require(row, "source", spot)
            values = {
                "interacts_with": _require(row, "interacts_with", spot),
                "severity": _require(row, "severity", spot),
                "action": _require(row, "action", spot),
                "separate_hours": row.get("separate_hours"),
                "timing": row.get("timing", ""),
                "advice": _require(row, "advice", spot),
                "source_citation": _require(source, "citation", f"{spot}.source"),
                "source_url": _require(source, "url", f"{spot}.source"),
            }
            if "kind" in fields:
                nutrient = row.get("nutrient")
                values.update(
                    medicine=row.get("medicine", ""),
                    kind=_require(row, "kind", spot),
                    nutrient=self._lookup(self.nutrients, nutrient, f"{spot}.nutrient", "nutrient")
                    if nutrient
                    else None,
                )
            interaction = model(**values)
            self._validate(interaction, spot)
            rows.append({name: getattr(interaction, name) for name in fields})
        return rows

    def _physical_therapy_spec(self, spec, item, where):
        spec.fields.update(
            session_description=(item.get("session_description") or "").strip(),
            frequency=item.get("frequency", ""),
        )
        techniques = [
            {
                "name": _require(row, "name", f"{where}.techniques[{n}]"),
                "purpose": _require(row, "purpose", f"{where}.techniques[{n}]"),
            }
            for n, row in enumerate(_list(item, "techniques", where, required=True), start=1)
        ]
        spec.children["techniques"] = (TherapyTechnique, ["name", "purpose"], techniques)

    def _home_remedy_spec(self, spec, item, where):
        steps = [
            {"title": _require(row, "title", f"{where}.steps[{n}]"), "details": row.get("details", "")}
            for n, row in enumerate(_list(item, "steps", where, required=True), start=1)
        ]
        spec.children["steps"] = (RemedyStep, ["title", "details"], steps)
        spec.m2m.update(
            nutrients=[
                self._lookup(self.nutrients, key, f"{where}.nutrients", "nutrient")
                for key in _list(item, "nutrients", where)
            ],
            foods=[
                self._lookup(self.foods, key, f"{where}.foods", "food") for key in _list(item, "foods", where)
            ],
        )

    def _lifestyle_change_spec(self, spec, item, where):
        practices = [
            {
                "name": _require(row, "name", f"{where}.practices[{n}]"),
                "description": _require(row, "description", f"{where}.practices[{n}]"),
            }
            for n, row in enumerate(_list(item, "practices", where, required=True), start=1)
        ]
        spec.children["practices"] = (LifestylePractice, ["name", "description"], practices)

    def _load_conditions(self, index):
        for number, item in enumerate(_list(self.data, "conditions", "content", required=True), start=1):
            where = f"conditions[{number}]"
            causes = []
            for n, row in enumerate(_list(item, "causes", where, required=True), start=1):
                spot = f"{where}.causes[{n}]"
                category = row.get("category", "everyday")
                if category not in dict(ConditionCause.CATEGORY_CHOICES):
                    raise ContentError(
                        f"{spot}.category must be one of {', '.join(dict(ConditionCause.CATEGORY_CHOICES))}"
                    )
                causes.append(
                    {
                        "name": _require(row, "name", spot),
                        "category": category,
                        "explanation": _require(row, "explanation", spot),
                    }
                )
            signs = []
            for n, row in enumerate(_list(item, "warning_signs", where, required=True), start=1):
                spot = f"{where}.warning_signs[{n}]"
                urgency = _require(row, "urgency", spot)
                if urgency not in ("non-urgent", "urgent", "emergency"):
                    raise ContentError(f"{spot}.urgency must be non-urgent, urgent or emergency")
                symptom = row.get("symptom")
                signs.append(
                    {
                        "sign": _require(row, "sign", spot),
                        "urgency": urgency,
                        "symptom": self._lookup(self.symptoms, symptom, f"{spot}.symptom", "symptom")
                        if symptom
                        else None,
                    }
                )
            treatments = [
                {
                    "treatment": self._lookup(
                        self.treatments,
                        _require(row, "page", f"{where}.treatments[{n}]"),
                        f"{where}.treatments[{n}]",
                        "treatment",
                    ),
                    "note": row.get("note", ""),
                }
                for n, row in enumerate(_list(item, "treatments", where), start=1)
            ]
            nutrients = [
                {
                    "nutrient": self._lookup(
                        self.nutrients,
                        _require(row, "page", f"{where}.nutrients[{n}]"),
                        f"{where}.nutrients[{n}]",
                        "nutrient",
                    ),
                    "note": row.get("note", ""),
                }
                for n, row in enumerate(_list(item, "nutrients", where), start=1)
            ]
            spec = Spec(
                fields={
                    **self._clinical_fields(item, where),
                    "overview": _require(item, "overview", where).strip(),
                    "causes_intro": item.get("causes_intro", ""),
                    "symptoms_description": (item.get("symptoms_description") or "").strip(),
                    "when_to_seek_help": item.get("when_to_seek_help", ""),
                    "treatments_intro": item.get("treatments_intro", ""),
                    "nutrition_intro": item.get("nutrition_intro", ""),
                    "icd10cm_codes": _codes(item, "icd10cm", where),
                    "snomedct_ids": _codes(item, "snomedct", where),
                },
                streams={"references": self._references(item, where)},
                children={
                    "symptom_links": (
                        ConditionSymptom,
                        ["symptom"],
                        self._symptom_rows(item, "symptoms", where),
                    ),
                    "causes": (ConditionCause, ["name", "category", "explanation"], causes),
                    "warning_signs": (ConditionWarningSign, ["sign", "urgency", "symptom"], signs),
                    "treatment_links": (ConditionTreatment, ["treatment", "note"], treatments),
                    "nutrient_links": (ConditionNutrient, ["nutrient", "note"], nutrients),
                },
            )
            self._save_page(
                index, ConditionPage, _require(item, "slug", where), spec, where, source=item.get("source")
            )
