"""/connect/: a health record asks what a patient with a code should read (HL7 Infobutton, URL-based),
and gets the live, public pages, in English or Spanish, as JSON or an Atom 1.0 feed."""

import datetime
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlencode

import pytest
from lxml import etree
from stdnum import verhoeff

from portal.models import ConditionPage, Reviewer
from tests.portal.factories import ConditionPageFactory
from treatments.models import MedicationPage

ICD10CM = "2.16.840.1.113883.6.90"
SNOMEDCT = "2.16.840.1.113883.6.96"
RXNORM = "2.16.840.1.113883.6.88"
ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).with_name("atom.rng"))))

pytestmark = pytest.mark.django_db


def connect(client, **params):
    return client.get(
        "/connect/?" + urlencode({name.replace("_", "."): value for name, value in params.items()})
    )


def lookup(client, code, system, **params):
    return connect(
        client,
        mainSearchCriteria_v_c=code,
        mainSearchCriteria_v_cs=system,
        knowledgeResponseType="application/json",
        **params,
    )


def entries(response):
    assert response.status_code == HTTPStatus.OK, response.content
    return response.json()["feed"]["entries"]


def titles(response):
    return [entry["title"] for entry in entries(response)]


def condition(language="en"):
    """The shipped condition, Muscle twitching, in the language."""
    return ConditionPage.objects.get(
        locale__language_code=language, slug__in=["muscle-twitching", "contracciones-musculares"]
    )


def signed_off(page, reviewer, on=datetime.date(2026, 12, 3), next_due=datetime.date(2027, 12, 3)):
    """The page's live version as a sign-off leaves it (the workflow's own tests cover how)."""
    ConditionPage.objects.filter(pk=page.pk).update(
        last_reviewed=on, next_review_due=next_due, reviewer=reviewer
    )


def publish(page):
    page.save_revision().publish()


def a_snomed_concept_id(stem):
    """A well-formed SNOMED CT concept id made up for a test: the stem, a concept partition, its check digit."""
    code = f"{stem}00"
    return code + verhoeff.calc_check_digit(code)


def atom(response):
    """The feed, checked against RFC 4287's schema and its two rules the schema cannot express."""
    feed = etree.fromstring(response.content)
    ATOM_SCHEMA.assertValid(feed)
    feed_has_author = feed.find(f"{ATOM}author") is not None
    for entry in feed.iter(f"{ATOM}entry"):
        assert feed_has_author or entry.find(f"{ATOM}author") is not None
        assert any(link.get("rel", "alternate") == "alternate" for link in entry.iter(f"{ATOM}link"))
    return feed


def test_an_icd10cm_code_finds_the_condition_that_carries_it(client):
    response = lookup(client, "R25.3", ICD10CM)

    assert titles(response) == ["Muscle twitching"]
    entry = entries(response)[0]
    assert entry["url"] == "http://127.0.0.1:8000/conditions/muscle-twitching/"
    assert entry["summary"].startswith("Muscle twitching is when a muscle moves on its own.")
    assert entry["language"] == "en"
    assert {
        "code": "R25.3",
        "code_system": ICD10CM,
        "code_system_name": "ICD-10-CM",
        "via": "condition",
    } in entry["matched"]
    assert response.json()["feed"]["criteria"] == [
        {
            "code": "R25.3",
            "code_system": ICD10CM,
            "code_system_name": "ICD-10-CM",
            "display_name": None,
            "matched_by": "code",
            "matched_code": "R25.3",
        }
    ]


def test_a_symptom_code_finds_the_conditions_that_list_the_symptom(client):
    response = lookup(client, "R25.2", ICD10CM)  # Cramp and spasm: the Muscle cramp symptom

    assert titles(response) == ["Muscle twitching"]
    assert entries(response)[0]["matched"] == [
        {"code": "R25.2", "code_system": ICD10CM, "code_system_name": "ICD-10-CM", "via": "symptom"}
    ]


def test_a_snomed_ct_concept_finds_its_condition(client):
    concept = a_snomed_concept_id("1234567")
    page = condition()
    page.snomedct_ids = concept
    publish(page)

    assert titles(lookup(client, concept, SNOMEDCT)) == ["Muscle twitching"]


def test_an_rxcui_finds_the_medication_page_of_that_medicine(client):
    response = lookup(client, "25480", RXNORM)  # gabapentin

    assert titles(response) == ["Anticonvulsants"]
    assert entries(response)[0]["matched"][0]["via"] == "medicine"


def test_a_code_no_page_carries_falls_back_to_its_parent_code(client):
    page = condition()
    page.icd10cm_codes = "R25"
    publish(page)

    response = lookup(client, "R25.9", ICD10CM)  # Unspecified abnormal involuntary movements

    assert titles(response) == ["Muscle twitching"]
    criterion = response.json()["feed"]["criteria"][0]
    assert (criterion["code"], criterion["matched_by"], criterion["matched_code"]) == (
        "R25.9",
        "parent code",
        "R25",
    )


def test_the_nearest_parent_code_wins(client, condition_index):
    broad = condition()
    broad.icd10cm_codes = "R25"
    publish(broad)
    narrow = ConditionPageFactory(parent=condition_index, title="Other movements", icd10cm_codes="R25.8")
    publish(narrow)

    response = lookup(client, "R25.89", ICD10CM)

    assert titles(response) == ["Other movements"]
    assert response.json()["feed"]["criteria"][0]["matched_code"] == "R25.8"


def test_a_display_name_is_searched_for_when_no_code_finds_a_page(client):
    response = connect(
        client,
        mainSearchCriteria_v_c="Z99.89",
        mainSearchCriteria_v_cs=ICD10CM,
        mainSearchCriteria_v_dn="Eyelid twitching",
        knowledgeResponseType="application/json",
    )

    assert "Muscle twitching" in titles(response)
    assert entries(response)[0]["matched"] == [{"display_name": "Eyelid twitching", "via": "search"}]
    assert response.json()["feed"]["criteria"][0]["matched_by"] == "display name"


def test_a_display_name_alone_is_a_request_too(client):
    response = connect(client, mainSearchCriteria_v_dn="magnesium", knowledgeResponseType="application/json")

    assert titles(response)[0] == "Magnesium"


def test_several_codes_in_one_request_find_each_ones_pages(client):
    response = connect(
        client,
        mainSearchCriteria_v_c="R25.3",
        mainSearchCriteria_v_cs=ICD10CM,
        mainSearchCriteria_v_c1="25480",
        mainSearchCriteria_v_cs1=RXNORM,
        mainSearchCriteria_v_c2="R99",
        mainSearchCriteria_v_cs2=ICD10CM,
        knowledgeResponseType="application/json",
    )

    assert titles(response) == ["Muscle twitching", "Anticonvulsants"]
    assert [criterion["matched_by"] for criterion in response.json()["feed"]["criteria"]] == [
        "code",
        "code",
        None,
    ]


def test_spanish_is_answered_with_the_spanish_pages(client):
    response = lookup(client, "R25.3", ICD10CM, informationRecipient_languageCode_c="es")

    entry = entries(response)[0]
    assert entry["title"] == "Contracciones musculares"
    assert entry["url"] == "http://127.0.0.1:8000/es/afecciones/contracciones-musculares/"
    assert entry["language"] == "es"
    assert response["Content-Language"] == "es"


@pytest.mark.parametrize("language", ["es", "es-MX", "spa", "sp", "ES"])
def test_the_ways_records_write_spanish_are_understood(client, language):
    response = lookup(client, "25480", RXNORM, informationRecipient_languageCode_c=language)

    assert titles(response) == ["Anticonvulsivos"]


def test_a_page_not_yet_translated_is_given_in_english_and_says_so(client):
    spanish = MedicationPage.objects.get(slug="anticonvulsivos")
    spanish.unpublish()

    entry = entries(lookup(client, "25480", RXNORM, informationRecipient_languageCode_c="es"))[0]

    assert (entry["title"], entry["language"]) == ("Anticonvulsants", "en")


def test_the_atom_feed_is_valid_atom_1_0(client):
    response = connect(client, mainSearchCriteria_v_c="R25.3", mainSearchCriteria_v_cs=ICD10CM)

    assert response["Content-Type"] == "text/xml; charset=utf-8"
    feed = atom(response)
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Muscle twitching"
    assert entry.find(f"{ATOM}link").get("href") == "http://127.0.0.1:8000/conditions/muscle-twitching/"
    assert entry.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    codes = [(c.get("scheme"), c.get("term")) for c in entry.iter(f"{ATOM}category") if c.get("scheme")]
    assert codes == [(f"urn:oid:{ICD10CM}", "R25.3")]
    assert "Not yet checked by a clinician" in [c.get("term") for c in entry.iter(f"{ATOM}category")]


def test_atom_can_be_asked_for_by_its_own_media_type(client):
    response = connect(
        client,
        mainSearchCriteria_v_c="R25.3",
        mainSearchCriteria_v_cs=ICD10CM,
        knowledgeResponseType="application/atom+xml",
    )

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    atom(response)


def test_the_spanish_atom_feed_is_valid_and_in_spanish(client):
    response = connect(
        client,
        mainSearchCriteria_v_c="R25.3",
        mainSearchCriteria_v_cs=ICD10CM,
        informationRecipient_languageCode_c="es",
    )

    feed = atom(response)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}title") == "Contracciones musculares"


def test_an_unknown_code_gives_an_empty_valid_answer(client):
    json_response = lookup(client, "Q99.8", ICD10CM)
    assert entries(json_response) == []
    assert json_response.json()["feed"]["criteria"][0]["matched_by"] is None

    feed = atom(connect(client, mainSearchCriteria_v_c="Q99.8", mainSearchCriteria_v_cs=ICD10CM))
    assert feed.find(f"{ATOM}entry") is None


@pytest.mark.parametrize(
    ("params", "parameter", "says"),
    [
        (
            {"mainSearchCriteria.v.c": "R25.3!", "mainSearchCriteria.v.cs": ICD10CM},
            "mainSearchCriteria.v.c",
            "not an ICD-10-CM code",
        ),
        (
            {"mainSearchCriteria.v.c": "26544006", "mainSearchCriteria.v.cs": SNOMEDCT},
            "mainSearchCriteria.v.c",
            "does not check out",
        ),
        (
            {"mainSearchCriteria.v.c": "gabapentin", "mainSearchCriteria.v.cs": RXNORM},
            "mainSearchCriteria.v.c",
            "not an RxNorm RxCUI",
        ),
        ({"mainSearchCriteria.v.c": "R25.3"}, "mainSearchCriteria.v.cs", "is missing"),
        (
            {"mainSearchCriteria.v.c": "R25.3", "mainSearchCriteria.v.cs": "ICD10CM"},
            "mainSearchCriteria.v.cs",
            "is not an OID",
        ),
        (
            {"mainSearchCriteria.v.dn": "🙂 🙂"},
            "mainSearchCriteria.v.dn",
            "holds no words",
        ),
        (
            {
                "mainSearchCriteria.v.c": "R25.3",
                "mainSearchCriteria.v.cs": ICD10CM,
                "knowledgeResponseType": "application/xml",
            },
            "knowledgeResponseType",
            "is not offered",
        ),
        (
            {"mainSearchCriteria.v.c1": "X", "mainSearchCriteria.v.cs1": ICD10CM},
            "mainSearchCriteria.v.c1",
            "not an ICD-10-CM code",
        ),
        ({}, "mainSearchCriteria.v.c", "Give a code"),
        ({"mainSearchCriteria.v.c": ""}, "mainSearchCriteria.v.c", "is empty"),
        (
            {
                "mainSearchCriteria.v.c": "R25.3",
                "mainSearchCriteria.v.cs": ICD10CM,
                "informationRecipient.languageCode.c": "fr",
            },
            "informationRecipient.languageCode.c",
            "not a language the portal is written in",
        ),
        (
            {
                "mainSearchCriteria.v.c": "R25.3",
                "mainSearchCriteria.v.cs": ICD10CM,
                "knowledgeResponseType": "text/html",
            },
            "knowledgeResponseType",
            "is not offered",
        ),
    ],
)
def test_a_malformed_parameter_is_a_400_that_names_it(client, params, parameter, says):
    response = client.get("/connect/?" + urlencode(params))

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["parameter"] == parameter
    assert says in response.json()["message"]


def test_a_code_given_twice_is_refused_rather_than_half_answered(client):
    response = client.get(
        f"/connect/?mainSearchCriteria.v.c=R25.3&mainSearchCriteria.v.c=R25.2&mainSearchCriteria.v.cs={ICD10CM}"
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "number further criteria" in response.json()["message"]


def test_infobutton_parameters_the_portal_does_not_use_are_ignored(client):
    response = lookup(
        client,
        "R25.3",
        ICD10CM,
        **{
            "patientPerson.administrativeGenderCode.c": "F",
            "age.v.v": "45",
            "taskContext.c.c": "PROBLISTREV",
        },
    )

    assert titles(response) == ["Muscle twitching"]


def test_a_private_page_is_never_returned(client):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=condition(), restriction_type="login")

    assert entries(lookup(client, "R25.3", ICD10CM)) == []
    # Its Spanish translation is public, and given to those who ask in Spanish.
    assert titles(lookup(client, "R25.3", ICD10CM, informationRecipient_languageCode_c="es")) == [
        "Contracciones musculares"
    ]


def test_an_unpublished_page_is_never_returned(client):
    MedicationPage.objects.get(slug="anticonvulsants").unpublish()
    MedicationPage.objects.get(slug="anticonvulsivos").unpublish()

    assert entries(lookup(client, "25480", RXNORM)) == []


def test_a_code_waiting_in_a_draft_is_not_looked_up_until_it_is_published(client):
    page = condition()
    assert entries(lookup(client, "R25.8", ICD10CM)) == []  # remembered now
    page.icd10cm_codes = "R25.3, R25.8"
    revision = page.save_revision()

    assert entries(lookup(client, "R25.8", ICD10CM)) == []

    revision.publish()
    assert titles(lookup(client, "R25.8", ICD10CM)) == ["Muscle twitching"]


def test_a_signed_off_page_names_its_reviewer_and_dates(client):
    page = condition()
    signed_off(page, Reviewer.objects.create(name="Dr Ada Lane", credentials="MD, neurologist"))

    entry = entries(lookup(client, "R25.3", ICD10CM))[0]
    assert entry["review_status"] == "signed-off"
    assert (entry["last_reviewed"], entry["next_review_due"]) == ("2026-12-03", "2027-12-03")
    assert entry["reviewer"] == "Dr Ada Lane, MD, neurologist"

    feed = atom(connect(client, mainSearchCriteria_v_c="R25.3", mainSearchCriteria_v_cs=ICD10CM))
    assert (
        feed.find(f"{ATOM}entry").findtext("{https://schema.org/}reviewedBy")
        == "Dr Ada Lane, MD, neurologist"
    )


def test_an_unsigned_page_names_no_reviewer(client):
    entry = entries(lookup(client, "R25.3", ICD10CM))[0]

    assert (entry["review_status"], entry["reviewer"], entry["last_reviewed"]) == (
        "not-yet-reviewed",
        None,
        None,
    )
    feed = atom(connect(client, mainSearchCriteria_v_c="R25.3", mainSearchCriteria_v_cs=ICD10CM))
    assert feed.find(f"{ATOM}entry").find("{https://schema.org/}reviewedBy") is None


def test_a_withdrawn_reviewer_is_not_named(client):
    page = condition()
    signed_off(page, Reviewer.objects.create(name="Dr Gone", credentials="MD", live=False))

    assert entries(lookup(client, "R25.3", ICD10CM))[0]["reviewer"] is None


def test_the_answer_is_kept_until_content_changes(client, django_assert_max_num_queries):
    lookup(client, "R25.3", ICD10CM)
    with django_assert_max_num_queries(3):  # the content version, the site, the throttle's nothing
        assert titles(lookup(client, "R25.3", ICD10CM)) == ["Muscle twitching"]

    page = condition()
    page.title = "Muscle twitches"
    publish(page)
    assert titles(lookup(client, "R25.3", ICD10CM)) == ["Muscle twitches"]


def test_no_browser_or_proxy_keeps_an_answer(client):
    response = lookup(client, "R25.3", ICD10CM)

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_any_web_page_may_call_it(client):
    response = client.get(
        f"/connect/?mainSearchCriteria.v.c=R25.3&mainSearchCriteria.v.cs={ICD10CM}",
        HTTP_ORIGIN="https://patient-portal.example.org",
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_it_only_answers_reads():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # as a browser or a record system posts
    response = client.post(f"/connect/?mainSearchCriteria.v.c=R25.3&mainSearchCriteria.v.cs={ICD10CM}")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_a_code_of_a_system_the_portal_does_not_keep_finds_nothing_and_the_rest_is_answered(client):
    loinc = "2.16.840.1.113883.6.1"
    response = connect(
        client,
        mainSearchCriteria_v_c="R25.2",
        mainSearchCriteria_v_cs=ICD10CM,
        mainSearchCriteria_v_c1="2345-7",
        mainSearchCriteria_v_cs1=loinc,
        knowledgeResponseType="application/json",
    )

    assert titles(response) == ["Muscle twitching"]
    lab = response.json()["feed"]["criteria"][1]
    assert (lab["code"], lab["code_system"], lab["code_system_name"], lab["matched_by"]) == (
        "2345-7",
        loinc,
        None,
        None,
    )


def test_the_code_system_may_be_written_as_a_urn(client):
    assert titles(lookup(client, "R25.3", f"urn:oid:{ICD10CM}")) == ["Muscle twitching"]


def test_the_original_text_stands_in_for_a_missing_display_name(client):
    response = connect(client, mainSearchCriteria_v_ot="magnesium", knowledgeResponseType="application/json")

    assert titles(response)[0] == "Magnesium"


def test_an_empty_numbered_criterion_is_no_criterion(client):
    response = lookup(client, "R25.3", ICD10CM, mainSearchCriteria_v_c1="", mainSearchCriteria_v_cs1="")

    assert titles(response) == ["Muscle twitching"]
    assert len(response.json()["feed"]["criteria"]) == 1


def test_a_code_whose_page_is_private_does_not_stop_the_search_for_what_it_means(client):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=condition(), restriction_type="password", password="secret")
    response = connect(
        client,
        mainSearchCriteria_v_c="R25.3",
        mainSearchCriteria_v_cs=ICD10CM,
        mainSearchCriteria_v_dn="magnesium",
        knowledgeResponseType="application/json",
    )

    assert "Muscle twitching" not in titles(response)
    assert titles(response)[0] == "Magnesium"
    assert response.json()["feed"]["criteria"][0]["matched_by"] == "display name"
    assert response.json()["feed"]["criteria"][0]["matched_code"] is None


def test_a_page_only_in_another_language_does_not_count_as_found(client):
    MedicationPage.objects.get(slug="anticonvulsants").unpublish()

    response = lookup(client, "25480", RXNORM)

    assert entries(response) == []
    assert response.json()["feed"]["criteria"][0]["matched_by"] is None


def test_a_broader_code_is_tried_past_a_private_page(client, condition_index):
    from wagtail.models import PageViewRestriction

    hidden = ConditionPageFactory(parent=condition_index, title="Hidden movements", icd10cm_codes="R25.8")
    publish(hidden)
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    broad = condition()
    broad.icd10cm_codes = "R25"
    publish(broad)

    response = lookup(client, "R25.89", ICD10CM)

    assert titles(response) == ["Muscle twitching"]
    assert response.json()["feed"]["criteria"][0]["matched_code"] == "R25"


def test_an_overdue_review_is_said_to_be_due(client):
    page = condition()
    reviewer = Reviewer.objects.create(name="Dr Ada Lane", credentials="MD")
    signed_off(page, reviewer, on=datetime.date(2025, 1, 10), next_due=datetime.date(2025, 6, 1))

    entry = entries(lookup(client, "R25.3", ICD10CM))[0]
    assert (entry["review_status"], entry["review_overdue"]) == ("signed-off", True)
    feed = atom(connect(client, mainSearchCriteria_v_c="R25.3", mainSearchCriteria_v_cs=ICD10CM))
    assert "Due for review" in [c.get("term") for c in feed.find(f"{ATOM}entry").iter(f"{ATOM}category")]


def test_the_reviewer_is_named_as_patients_were_told_at_the_sign_off(client):
    from portal.core.sign_offs import SignOff

    page = condition()
    reviewer = Reviewer.objects.create(name="Dr Ada Lane", credentials="MD")
    signed_off(page, reviewer)
    SignOff.objects.create(
        page=page,
        revision_id=page.live_revision_id,
        reviewer=reviewer,
        reviewer_name="Dr Ada Lane, MD",
        reviewed_on=datetime.date(2026, 12, 3),
        next_review_due=datetime.date(2027, 12, 3),
    )
    Reviewer.objects.filter(pk=reviewer.pk).update(name="Dr Someone Else", credentials="DO")

    assert entries(lookup(client, "R25.3", ICD10CM))[0]["reviewer"] == "Dr Ada Lane, MD"
    assert client.get(f"/api/v2/pages/{page.pk}/").json()["review"]["reviewer"] == "Dr Ada Lane, MD"
    assert "Dr Someone Else" not in client.get(page.url).content.decode()


def test_a_summary_is_text_in_the_feed_whatever_it_holds(client):
    page = condition()
    page.summary = "Twitches & cramps <often> settle."
    publish(page)

    feed = atom(connect(client, mainSearchCriteria_v_c="R25.3", mainSearchCriteria_v_cs=ICD10CM))

    summary = feed.find(f"{ATOM}entry").find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert (
        summary.text == "Twitches &amp; cramps &lt;often&gt; settle."
    )  # HTML that shows the text as written


def test_the_address_without_its_slash_answers_without_a_redirect(client):
    response = client.get(
        f"/connect?mainSearchCriteria.v.c=R25.3&mainSearchCriteria.v.cs={ICD10CM}&knowledgeResponseType=application/json",
        HTTP_ORIGIN="https://patient-portal.example.org",
    )

    assert response.status_code == HTTPStatus.OK
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "no-store" in response["Cache-Control"]
