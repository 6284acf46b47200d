"""Editors pick a page's symptoms in Wagtail's searchable snippet chooser, several at once, and may
make a new symptom there without leaving the page: a draft that patients never see until a
clinician signs it off."""

import json
from http import HTTPStatus

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest
from bs4 import BeautifulSoup

from nutrition.models import NutrientPage
from portal.models import ConditionPage, ConditionSymptom, Symptom
from tests.admin import create_through_admin, inline_formset, reference_fields, rich_text, streamfield
from tests.governance.test_snippets import approve, post_edit
from tests.html import page_text, soup
from tests.portal.factories import SymptomFactory

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
CHOOSE = reverse("wagtailsnippetchoosers_portal_symptom:choose")
CREATE = reverse("wagtailsnippetchoosers_portal_symptom:create")
NEW_SYMPTOM = {
    "name": "Quivering calf",
    "medical_term": "calf myokymia",
    "synonyms": "shaky calf",
    "description": "The calf muscle quivers.",
}


def modal(response):
    assert response.status_code == HTTPStatus.OK
    return BeautifulSoup(json.loads(response.content)["html"], "html.parser")


@pytest.mark.parametrize(
    ("model", "slug", "relation"),
    [
        (ConditionPage, "muscle-twitching", "symptom_links"),
        (NutrientPage, "magnesium", "shortfall_symptom_links"),
    ],
)
def test_the_page_form_offers_the_symptom_chooser_not_a_checkbox_per_symptom(
    client, editor, model, slug, relation
):
    page = model.objects.get(slug=slug)
    client.force_login(editor)
    form = soup(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    assert not form.select("input[type=checkbox][name$=symptoms]")
    assert form.select_one(f"#id_{relation}-OPEN_MODAL")  # the multiple chooser's "Add symptom"
    chooser = json.loads(form.select_one(f"#id_{relation}-CHOOSER_WIDGET").string)
    assert CHOOSE in json.dumps(chooser)
    # The links the page has, one row each, each a chooser of its own.
    chosen = [int(field["value"]) for field in form.select(f"input[name^={relation}-][name$=-symptom]")]
    assert chosen == [link.symptom_id for link in getattr(page, relation).all()]
    assert len(chosen) >= 4


def test_the_chooser_searches_symptoms_by_name(client, editor):
    client.force_login(editor)
    results = client.get(reverse("wagtailsnippetchoosers_portal_symptom:choose_results"), {"q": "eyelid"})
    assert results.status_code == HTTPStatus.OK
    assert "Eyelid twitching" in results.content.decode()
    assert "Muscle cramp" not in results.content.decode()


def test_the_chooser_searches_the_symptoms_of_the_language_chosen(client, editor):
    client.force_login(editor)
    url = reverse("wagtailsnippetchoosers_portal_symptom:choose_results")

    spanish = client.get(url, {"q": "calambre", "locale": "es"})
    english = client.get(url, {"q": "eyelid", "locale": "en"})

    assert spanish.status_code == english.status_code == HTTPStatus.OK
    assert "Calambre muscular" in spanish.content.decode()
    assert "Muscle cramp" not in spanish.content.decode()
    assert "Eyelid twitching" in english.content.decode()
    assert "Espasmos del párpado" not in english.content.decode()


def test_posting_the_links_saves_them_in_the_editors_order_and_patients_see_that_order(
    admin_client, client, condition_index
):
    first, second = SymptomFactory(name="Zigzag tremor"), SymptomFactory(name="Aching jaw")
    page = create_through_admin(
        admin_client,
        condition_index,
        ConditionPage,
        {
            "title": "Jaw trouble",
            "summary": "A sore jaw.",
            "overview": rich_text("<p>The jaw aches.</p>"),
            "causes_intro": "",
            "causes": inline_formset(
                [{"name": "Grinding", "category": "everyday", "explanation": "Teeth grinding."}], min=1
            ),
            "symptoms_description": rich_text(""),
            "when_to_seek_help": "",
            "warning_signs": inline_formset([{"sign": "the jaw locks", "urgency": "urgent"}], min=1),
            "body": streamfield([]),
            "symptom_links": inline_formset([{"symptom": first.pk}, {"symptom": second.pk}]),
            "treatments_intro": "",
            "treatment_links": inline_formset([]),
            "nutrition_intro": "",
            "nutrient_links": inline_formset([]),
            **reference_fields(),
        },
    )
    assert [link.symptom for link in page.symptom_links.all()] == [first, second]
    client.logout()
    shown = page_text(client.get(page.url))
    assert shown.index("Zigzag tremor") < shown.index("Aching jaw")  # the editor's order, not A to Z


def test_the_same_symptom_twice_is_refused(admin_client, condition_index):
    symptom = SymptomFactory()
    with pytest.raises(AssertionError, match="symptom_links"):
        create_through_admin(
            admin_client,
            condition_index,
            ConditionPage,
            {
                "title": "Twice",
                "summary": "Twice.",
                "overview": rich_text("<p>Twice.</p>"),
                "causes_intro": "",
                "causes": inline_formset([{"name": "A", "category": "everyday", "explanation": "A."}], min=1),
                "symptoms_description": rich_text(""),
                "when_to_seek_help": "",
                "warning_signs": inline_formset([{"sign": "a sign", "urgency": "urgent"}], min=1),
                "body": streamfield([]),
                "symptom_links": inline_formset([{"symptom": symptom.pk}, {"symptom": symptom.pk}]),
                "treatments_intro": "",
                "treatment_links": inline_formset([]),
                "nutrition_intro": "",
                "nutrient_links": inline_formset([]),
                **reference_fields(),
            },
        )


def test_an_editor_who_may_add_symptoms_gets_the_create_tab(client, editor):
    client.force_login(editor)
    chooser = modal(client.get(CHOOSE, {"multiple": "true"}, **XHR))
    assert chooser.select_one(f'form[action^="{CREATE}"]')
    assert {field["name"] for field in chooser.select("form[action] [name]") if field.get("name")} >= set(
        NEW_SYMPTOM
    )


def test_a_symptom_made_in_the_chooser_is_a_draft_by_its_editor_shown_nowhere_until_signed_off(
    client, editor, reviewer
):
    client.force_login(editor)
    response = client.post(CREATE, NEW_SYMPTOM, **XHR)
    assert response.status_code == HTTPStatus.OK
    answer = json.loads(response.content)
    assert answer["step"] == "chosen"
    symptom = Symptom.objects.get(name="Quivering calf")
    assert str(answer["result"]["id"]) == str(symptom.pk)

    assert not symptom.live and symptom.has_unpublished_changes
    assert symptom.slug == "quivering-calf"
    revision = symptom.latest_revision
    assert revision is not None and revision.user == editor
    assert symptom.live_revision is None
    assert revision.as_object().description == "The calf muscle quivers."
    assert ModelLogEntry.objects.filter(
        content_type__model="symptom", object_id=str(symptom.pk), action="wagtail.create", user=editor
    ).exists()
    assert not ModelLogEntry.objects.filter(
        content_type__model="symptom", object_id=str(symptom.pk), action="wagtail.publish"
    ).exists()

    # Linked to a condition, as the chooser then does: still shown nowhere to patients.
    condition = ConditionPage.objects.get(slug="muscle-twitching")
    ConditionSymptom.objects.create(condition=condition, symptom=symptom, sort_order=99)
    condition.save()
    client.logout()
    for url in (condition.url, "/symptoms/", "/search/?q=quivering"):
        assert "Quivering calf" not in page_text(client.get(url)), url
    assert "Quivering calf" not in client.get(condition.url).content.decode()  # nor its structured data
    assert client.get("/symptoms/quivering-calf/").status_code == HTTPStatus.NOT_FOUND
    assert "muscle-twitching" not in [page.slug for page in ConditionPage.objects.search("shaky calf")]

    # The editor submits it in the snippets admin, as any draft symptom; a reviewer signs it off.
    client.force_login(editor)
    assert post_edit(client, symptom).status_code == HTTPStatus.FOUND
    client.force_login(reviewer)
    assert approve(client, symptom).status_code == HTTPStatus.FOUND
    client.logout()
    symptom.refresh_from_db()
    assert symptom.live
    assert "Quivering calf" in page_text(client.get(condition.url))
    assert client.get("/symptoms/quivering-calf/").status_code == HTTPStatus.OK


@pytest.mark.parametrize("name", ["Eyelid twitching", "Eyelid twitching!"])
def test_a_symptom_name_or_address_already_taken_is_refused_in_the_chooser(client, editor, name):
    client.force_login(editor)
    response = client.post(CREATE, {**NEW_SYMPTOM, "name": name}, **XHR)
    answer = json.loads(response.content)
    assert answer["step"] == "reshow_creation_form"
    assert "already" in BeautifulSoup(answer["htmlFragment"], "html.parser").get_text()
    assert Symptom.objects.filter(name__startswith="Eyelid twitching").count() == 1


@pytest.fixture
def editor_who_may_not_add_symptoms(django_user_model):
    group = Group.objects.create(name="Page editors without symptoms")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="portal", codename="view_symptom"),
        Permission.objects.get(content_type__app_label="portal", codename="change_symptom"),
    )
    user = django_user_model.objects.create_user("page-editor", "p@example.org", "a page editor passphrase")
    user.groups.add(group)
    return user


def test_an_editor_without_add_permission_gets_no_create_tab_and_cannot_create(
    client, editor_who_may_not_add_symptoms
):
    client.force_login(editor_who_may_not_add_symptoms)
    chooser = modal(client.get(CHOOSE, {"multiple": "true"}, **XHR))
    assert "Eyelid twitching" in chooser.get_text()  # may still choose
    assert not chooser.select_one(f'form[action^="{CREATE}"]')
    assert "Create" not in [tab.get_text(strip=True) for tab in chooser.select("[role=tab]")]
    assert client.post(CREATE, NEW_SYMPTOM, **XHR).status_code == HTTPStatus.FORBIDDEN
    assert not Symptom.objects.filter(name="Quivering calf").exists()


def test_a_draft_shows_its_own_live_symptoms_in_its_order_with_one_query(django_assert_num_queries):
    """A preview reads the links from the revision, without their symptoms: one query fetches them."""
    page = ConditionPage.objects.get(slug="muscle-twitching")
    wasting, cramp = Symptom.objects.get(slug="muscle-wasting"), Symptom.objects.get(slug="muscle-cramp")
    in_review = SymptomFactory(name="Quivering calf", live=False)
    page.symptom_links = [ConditionSymptom(symptom=symptom) for symptom in (wasting, in_review, cramp)]
    page.save_revision()
    draft = page.get_latest_revision_as_object()
    with django_assert_num_queries(1):
        assert draft.get_symptoms() == [wasting, cramp]
    assert "Muscle wasting" not in [
        symptom.name for symptom in ConditionPage.objects.get(pk=page.pk).get_symptoms()
    ]
