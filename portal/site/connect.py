"""/connect/: what a patient with a code in their health record should read, by the HL7 Infobutton
URL-based request (as MedlinePlus Connect answers it), in English or Spanish, as JSON or Atom.

A request names one or more codes (`mainSearchCriteria.v.c`, with its system's OID in
`mainSearchCriteria.v.cs`; further ones numbered: `mainSearchCriteria.v.c1`, `.cs1`, ...) and may
name what the code means (`mainSearchCriteria.v.dn`). Each code finds the live, public pages that
carry it: a condition with that code, the conditions that list a symptom with it, the medication
pages whose medicines have it. An ICD-10-CM code with no such page to show falls back to its
broader codes (for M62.838, M62.83, then M62.8, then M62), and a code that finds none at all to
searching for its display name. Parameters the portal does not use (the patient's age and sex, the
task) are ignored.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from wagtail.models import Page, Site

from portal.caching.remember import remember, remember_many
from portal.core.absolute_urls import absolute_url
from portal.core.codes import BY_OID, CODE_SYSTEMS, ICD10CM, CodeSystem, split_codes
from portal.core.languages import default_language, locale_ids
from portal.core.pages import from_clinical_tables
from portal.core.sign_offs import SignOff
from portal.core.snippets import Reviewer
from portal.core.visibility import exclude_restricted
from portal.pages.models import ConditionPage, ConditionSymptom
from portal.search.patient_search import PatientSearch
from portal.search.text import clean_query, words_of
from portal.security.throttling import PublicAPIThrottle, too_many_requests
from treatments.models import MedicineExample

CODE = "mainSearchCriteria.v.c"
CODE_SYSTEM = "mainSearchCriteria.v.cs"
DISPLAY_NAME = "mainSearchCriteria.v.dn"
ORIGINAL_TEXT = "mainSearchCriteria.v.ot"
LANGUAGE = "informationRecipient.languageCode.c"
RESPONSE_TYPE = "knowledgeResponseType"
# Numbered criteria for several codes in one request, as the URL-based implementation guide writes them.
NUMBERED = re.compile(r"mainSearchCriteria\.v\.(c|cs|dn|ot)([1-9])")
# An OID, as records write a code system they name (with or without "urn:oid:").
OID = re.compile(r"(?:urn:oid:)?([0-2](?:\.(?:0|[1-9][0-9]*))+)")

JSON = "application/json"
ATOM_TYPES = ("text/xml", "application/atom+xml")
# Language codes health records send for each language the portal has: ISO 639-1 and 639-2, with
# or without a region, and MedlinePlus Connect's "sp".
LANGUAGE_ALIASES = {"eng": "en", "spa": "es", "sp": "es"}
# How many pages a display name finds by search, and how many pages an answer lists at most.
SEARCHED_PAGES = 3
MAX_ENTRIES = 20
DISPLAY_NAME_MAX_LENGTH = 200
SIGNED_OFF, NOT_REVIEWED = "signed-off", "not-yet-reviewed"


class BadParameter(Exception):
    """A parameter the lookup cannot answer: named in the 400 it becomes."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class Criterion:
    """One code asked for, with what it means where the record said. `system` is None for a code of
    a system the portal does not keep (a laboratory test's LOINC code among a problem list's), which
    finds nothing by its code."""

    system: CodeSystem | None
    code: str
    display_name: str
    oid: str = ""


@dataclass
class LookupRequest:
    criteria: list[Criterion]
    language: str
    response_type: str


@dataclass
class Entry:
    """A page the answer lists, as a health record shows it."""

    title: str
    summary: str
    url: str
    language: str
    updated: str
    matched: list[dict] = field(default_factory=list)
    review_status: str = NOT_REVIEWED
    last_reviewed: str | None = None
    next_review_due: str | None = None
    reviewer: str | None = None
    review_overdue: bool = False


def parse(params: dict[str, list[str]]) -> LookupRequest:
    """The request's criteria, language and response type; BadParameter for one it cannot answer."""
    groups: dict[str, dict[str, str]] = {}
    for name, values in params.items():
        numbered = NUMBERED.fullmatch(name)
        if name in (CODE, CODE_SYSTEM, DISPLAY_NAME, ORIGINAL_TEXT):
            part, number = name.rsplit(".", 1)[1], ""
        elif numbered:
            part, number = numbered.groups()
        else:
            continue
        if len(values) > 1:
            raise BadParameter(
                name, f"{name} is given {len(values)} times: number further criteria ({name}1 to {name}9)."
            )
        groups.setdefault(number, {})[part] = values[0]
    # A numbered criterion a record left empty is no criterion.
    groups = {
        number: group
        for number, group in groups.items()
        if not number or any(value.strip() for value in group.values())
    }
    if not groups:
        raise BadParameter(
            CODE, f"Give a code in {CODE} with its code system in {CODE_SYSTEM}, or a name in {DISPLAY_NAME}."
        )
    criteria = [_criterion(groups[number], number) for number in sorted(groups)]
    return LookupRequest(criteria=criteria, language=_language(params), response_type=_response_type(params))


def _criterion(group: dict[str, str], number: str) -> Criterion:
    code_name, system_name, name_name = f"{CODE}{number}", f"{CODE_SYSTEM}{number}", f"{DISPLAY_NAME}{number}"
    code, oid = group.get("c", "").strip(), group.get("cs", "").strip()
    # What the code means: its display name, or else the record's original text for it.
    named = group.get("dn", "") or group.get("ot", "")
    display_name = clean_query(named)[:DISPLAY_NAME_MAX_LENGTH]
    if not words_of(display_name):
        display_name = ""
    if not code and not display_name:
        if named.strip():
            raise BadParameter(name_name, f"{name_name} holds no words to search for.")
        raise BadParameter(code_name, f"{code_name} is empty: give a code, or a name in {name_name}.")
    if not code:
        return Criterion(system=None, code="", display_name=display_name)
    if not oid:
        raise BadParameter(
            system_name,
            f"{system_name} is missing: say which code system {code_name} is in ({_known_systems()}).",
        )
    oid_match = OID.fullmatch(oid)
    if oid_match is None:
        raise BadParameter(
            system_name, f"{system_name} {oid!r} is not an OID, such as {ICD10CM.oid} for ICD-10-CM."
        )
    system = BY_OID.get(oid_match.group(1))
    if system is None:
        # Another system's code (LOINC, CPT): it finds no page here, and the rest of the request is answered.
        return Criterion(system=None, code=code, display_name=display_name, oid=oid_match.group(1))
    code = system.normalize(code)
    problem = system.problem_with(code)
    if problem:
        raise BadParameter(code_name, f"{code_name}: {problem}")
    return Criterion(system=system, code=code, display_name=display_name, oid=system.oid)


def _known_systems() -> str:
    return ", ".join(f"{system.oid} for {system.name}" for system in CODE_SYSTEMS)


def _language(params: dict[str, list[str]]) -> str:
    asked = (params.get(LANGUAGE) or [""])[-1].strip()
    if not asked:
        return default_language()
    base = asked.replace("_", "-").split("-")[0].lower()
    language = LANGUAGE_ALIASES.get(base, base)
    if language not in dict(settings.LANGUAGES):
        offered = ", ".join(code for code, _name in settings.LANGUAGES)
        raise BadParameter(
            LANGUAGE, f"{LANGUAGE} {asked!r} is not a language the portal is written in ({offered})."
        )
    return language


def _response_type(params: dict[str, list[str]]) -> str:
    asked = (params.get(RESPONSE_TYPE) or [""])[-1].strip().lower()
    if not asked or asked in ATOM_TYPES:
        return asked or "text/xml"
    if asked == JSON:
        return JSON
    raise BadParameter(
        RESPONSE_TYPE, f"{RESPONSE_TYPE} {asked!r} is not offered: ask for {JSON} or text/xml (an Atom feed)."
    )


# The codes pages carry: {system key: {code: [(page translation key, what carries it)]}}, where
# what carries it is the page itself ("condition"), a symptom it lists or a medicine it is about.
CodeIndex = dict[str, dict[str, list[tuple[str, str]]]]
CONDITION, SYMPTOM, MEDICINE, SEARCH = "condition", "symptom", "medicine", "search"


def code_index() -> CodeIndex:
    """Which pages each code leads to, in every language, remembered until content changes."""
    return remember("connect-code-index", compute=_build_code_index)


def _build_code_index() -> CodeIndex:
    index: CodeIndex = {system.key: {} for system in CODE_SYSTEMS}

    def add(system: str, codes: str, page_key: object, carrier: str) -> None:
        for code in split_codes(codes):
            places = index[system].setdefault(code, [])
            if (str(page_key), carrier) not in places:
                places.append((str(page_key), carrier))

    conditions = exclude_restricted(ConditionPage.objects.live().exclude(icd10cm_codes="", snomedct_ids=""))
    for key, icd, snomed in conditions.values_list("translation_key", "icd10cm_codes", "snomedct_ids"):
        add("icd10cm", icd, key, CONDITION)
        add("snomedct", snomed, key, CONDITION)
    links = exclude_restricted(
        ConditionSymptom.objects.filter(condition__live=True, symptom__live=True).exclude(
            symptom__icd10cm_codes="", symptom__snomedct_ids=""
        ),
        "condition__path",
    )
    for key, icd, snomed in links.values_list(
        "condition__translation_key", "symptom__icd10cm_codes", "symptom__snomedct_ids"
    ):
        add("icd10cm", icd, key, SYMPTOM)
        add("snomedct", snomed, key, SYMPTOM)
    medicines = exclude_restricted(
        MedicineExample.objects.filter(page__live=True).exclude(rxnorm_codes=""), "page__path"
    )
    for key, rxnorm in medicines.values_list("page__translation_key", "rxnorm_codes"):
        add("rxnorm", rxnorm, key, MEDICINE)
    return index


def lookup(request: HttpRequest, asked: LookupRequest) -> dict:
    """The answer, in the language asked for. What it is made of is remembered until content
    changes: which pages each code leads to, and what an entry shows of each page. The answer itself
    is not: it depends on the query string, whose variety has no end."""
    with translation.override(asked.language):
        return _answer(request, asked)


def _answer(request: HttpRequest, asked: LookupRequest) -> dict:
    """Each criterion's pages: by its code, or its nearest broader code that has a page to show in the
    language asked for; where no code finds one, by searching for its display name."""
    index = code_index()
    entries: dict[str, Entry] = {}  # by address, in the order found
    criteria = []
    for criterion in asked.criteria:
        found_code, found = _found_by_code(request, asked.language, index, criterion)
        how = None if not found else "code" if found_code == criterion.code else "parent code"
        if not found and criterion.display_name:
            found = _searched_entries(request, asked.language, criterion)
            how = "display name" if found else None
        for entry in found:
            kept = entries.setdefault(entry.url, entry)
            kept.matched = [
                *kept.matched,
                *(reason for reason in entry.matched if reason not in kept.matched),
            ]
        criteria.append(
            {
                **_criterion_json(criterion),
                "matched_by": how,
                "matched_code": found_code if found_code else None,
            }
        )
    shown = list(entries.values())[:MAX_ENTRIES]
    return {
        "criteria": criteria,
        "entries": [asdict(entry) for entry in shown],
        "updated": max((entry.updated for entry in shown), default=_iso(timezone.now())),
    }


def _found_by_code(
    request: HttpRequest, language: str, index: CodeIndex, criterion: Criterion
) -> tuple[str, list[Entry]]:
    """(the code that found pages, their entries), trying the code, then each broader code; a code
    whose pages have no version to show here does not stop the search."""
    if criterion.system is None:
        return "", []
    codes = index[criterion.system.key]
    for code in [criterion.code, *criterion.system.parents(criterion.code)]:
        reasons: dict[str, list[dict]] = {}
        for page_key, carrier in codes.get(code, []):
            reasons.setdefault(page_key, []).append({**_code_json(criterion.system, code), "via": carrier})
        found = _entries(request, language, reasons) if reasons else []
        if found:
            return code, found
    return "", []


def _code_json(system: CodeSystem | None, code: str) -> dict:
    return {
        "code": code or None,
        "code_system": system.oid if system else None,
        "code_system_name": system.name if system else None,
    }


def _criterion_json(criterion: Criterion) -> dict:
    return {
        **_code_json(criterion.system, criterion.code),
        "code_system": criterion.oid or None,
        "display_name": criterion.display_name or None,
    }


def _shown_pages(translation_keys: list[str]) -> QuerySet:
    """The live, public versions of these pages in every language, with what an entry shows."""
    return exclude_restricted(
        Page.objects.live()
        .filter(translation_key__in=translation_keys)
        .annotate(
            summary=from_clinical_tables("summary"),
            last_reviewed=from_clinical_tables("last_reviewed"),
            next_review_due=from_clinical_tables("next_review_due"),
            reviewer_ref=from_clinical_tables("reviewer_id"),
            # The reviewer as patients were told at the sign-off of the live version.
            signed_off_by=Subquery(
                SignOff.objects.filter(page=OuterRef("pk"), revision=OuterRef("live_revision")).values(
                    "reviewer_name"
                )[:1]
            ),
        )
    )


def _entries(request: HttpRequest, language: str, matched: dict[str, list[dict]]) -> list[Entry]:
    """One entry per page, in the language asked for where the page has a live, public version in
    it, or else in the portal's own language (the entry says which). What each page shows is
    remembered per site and language (the language being served is in every key)."""
    site = Site.find_for_request(request)
    shown = remember_many(
        f"connect-entry:{site.pk if site else 0}",
        list(matched),
        compute=lambda keys: _page_entries(request, language, keys),
    )
    return [Entry(**shown[key], matched=matched[key]) for key in matched if key in shown]


def _page_entries(request: HttpRequest, language: str, translation_keys: list[str]) -> dict[str, dict]:
    locales = locale_ids()
    wanted, fallback = locales.get(language), locales.get(default_language())
    chosen: dict[str, Page] = {}
    shown = _shown_pages(translation_keys).filter(locale_id__in=[wanted, fallback]).select_related("locale")
    for page in shown:
        key = str(page.translation_key)
        if key not in chosen or page.locale_id == wanted:
            chosen[key] = page
    reviewers = {
        reviewer.pk: reviewer
        for reviewer in Reviewer.objects.live().filter(pk__in=[page.reviewer_ref for page in chosen.values()])
    }
    return {key: _page_entry(request, page, reviewers) for key, page in chosen.items()}


def _page_entry(request: HttpRequest, page: Page, reviewers: dict) -> dict:
    """What an entry shows of a page: its review only as a clinician signed it off, under a reviewer
    profile that is still live."""
    reviewer = reviewers.get(page.reviewer_ref)
    signed_off = bool(page.last_reviewed and reviewer is not None)
    return {
        "title": page.title,
        "summary": page.summary or "",
        "url": page.get_full_url(request),
        "language": page.locale.language_code,
        "updated": _iso(page.last_published_at or timezone.now()),
        "review_status": SIGNED_OFF if signed_off else NOT_REVIEWED,
        "last_reviewed": _iso(page.last_reviewed) if signed_off else None,
        "next_review_due": _iso(page.next_review_due) if signed_off and page.next_review_due else None,
        "reviewer": (page.signed_off_by or str(reviewer)) if signed_off else None,
        "review_overdue": bool(
            signed_off and page.next_review_due and page.next_review_due < timezone.localdate()
        ),
    }


def _searched_entries(request: HttpRequest, language: str, criterion: Criterion) -> list[Entry]:
    """Pages found by searching for what a code means, in the language asked for."""
    results = PatientSearch(request).search(criterion.display_name).results
    page_ids = [result.page_id for result in results if result.page_id and result.snippet is None][
        :SEARCHED_PAGES
    ]
    keys = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "translation_key"))
    reason = {"display_name": criterion.display_name, "via": SEARCH}
    return _entries(
        request, language, {str(keys[page_id]): [reason] for page_id in page_ids if page_id in keys}
    )


def _iso(moment: date | datetime) -> str:
    return moment.isoformat()


class ReviewedAtom1Feed(Atom1Feed):
    """Django's Atom 1.0 feed, with what health records need of each entry: its language, its
    clinical review (schema.org's lastReviewed and reviewedBy, only when a clinician signed it off;
    the status as a category) and the codes it was found by, as categories whose scheme is the
    code system's OID."""

    def root_attributes(self) -> dict[str, str]:
        return {**super().root_attributes(), "xmlns:schema": "https://schema.org/"}

    def item_attributes(self, item: dict) -> dict[str, str]:
        return {"xml:lang": item["language"]}

    def add_item_elements(self, handler, item: dict) -> None:  # type: ignore[no-untyped-def]
        super().add_item_elements(handler, item)
        codes = {(reason["code_system"], reason["code"]) for reason in item["matched"] if reason.get("code")}
        for code_system, code in sorted(codes):
            handler.addQuickElement("category", "", {"scheme": f"urn:oid:{code_system}", "term": code})
        if item["last_reviewed"]:
            handler.addQuickElement("schema:lastReviewed", item["last_reviewed"])
            handler.addQuickElement("schema:reviewedBy", item["reviewer"])


def atom_feed(request: HttpRequest, answer: dict, language: str) -> str:
    with translation.override(language):
        # The portal's name as every page gives it (base.html).
        site_name = gettext("Muscle Health Patient Guide")
        address = absolute_url(request, request.get_full_path())
        feed = ReviewedAtom1Feed(
            title=gettext("%(site)s: pages for your health record") % {"site": site_name},
            link=absolute_url(request, "/" if language == default_language() else f"/{language}/"),
            description=gettext("What to read about the codes in your health record."),
            language=language,
            author_name=site_name,
            feed_url=address,
            feed_guid=address,
        )
        for entry in answer["entries"]:
            signed_off = entry["review_status"] == SIGNED_OFF
            status = (
                gettext("Signed off by a clinician")
                if signed_off
                else gettext("Not yet checked by a clinician")
            )
            categories = [status, gettext("Due for review")] if entry["review_overdue"] else [status]
            feed.add_item(
                title=entry["title"],
                link=entry["url"],
                # Django's Atom feed marks a summary as HTML; a page's summary is plain text.
                description=escape(entry["summary"]),
                unique_id=entry["url"],
                updateddate=datetime.fromisoformat(entry["updated"]),
                categories=categories,
                language=entry["language"],
                matched=entry["matched"],
                last_reviewed=entry["last_reviewed"],
                reviewer=entry["reviewer"],
            )
        if not answer["entries"]:
            # An empty feed is still updated when the answer was worked out, not at each request.
            feed.latest_post_date = lambda: datetime.fromisoformat(answer["updated"])  # type: ignore[method-assign]
        return feed.writeString("utf-8")


@csrf_exempt  # read-only: another method is answered 405, not with a CSRF page
@require_safe
def connect_view(request: HttpRequest) -> HttpResponse:
    """GET /connect/: the pages for the codes in the request, as JSON or an Atom feed."""
    throttle = PublicAPIThrottle()
    if not throttle.allow_request(request, None):
        return too_many_requests(throttle.wait())
    try:
        asked = parse(dict(request.GET.lists()))
    except BadParameter as error:
        return _bad_parameter(error)
    answer = lookup(request, asked)
    if asked.response_type == JSON:
        response: HttpResponse = JsonResponse(
            {
                "feed": {
                    "language": asked.language,
                    "updated": answer["updated"],
                    "criteria": answer["criteria"],
                    "entries": answer["entries"],
                }
            },
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        content_type = (
            "application/atom+xml" if asked.response_type == "application/atom+xml" else asked.response_type
        )
        response = HttpResponse(
            atom_feed(request, answer, asked.language), content_type=f"{content_type}; charset=utf-8"
        )
    response["Content-Language"] = asked.language
    # The codes are health data of the patient whose record asked: no browser or proxy keeps them.
    add_never_cache_headers(response)
    return response


def _bad_parameter(error: BadParameter) -> HttpResponse:
    response = JsonResponse({"message": error.message, "parameter": error.parameter}, status=400)
    add_never_cache_headers(response)
    return response
