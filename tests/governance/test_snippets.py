"""Snippets patients read (symptoms, foods, reviewers, search synonyms) go through clinical review.

Walked through Wagtail's admin views as editors and reviewers use them: drafts stay out of every
patient-facing place until a reviewer signs them off.
"""

import json
from http import HTTPStatus

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import ModelLogEntry, WorkflowState
from wagtail.search.backends import get_search_backend
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

import pytest
from bs4 import BeautifulSoup

from nutrition.models import Food, NutrientPage
from portal.governance.roles import CLINICAL_EDITORS, CLINICAL_REVIEWERS
from portal.models import ConditionPage, ConditionSymptom, Reviewer, Symptom, SynonymGroup
from tests.html import page_text, soup
from tests.nutrition.factories import FoodFactory
from tests.portal.factories import ReviewerFactory, SymptomFactory, SynonymGroupFactory

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
SNIPPET_MODELS = [Symptom, Food, Reviewer, SynonymGroup]


def url(obj, view, *args):
    return reverse(obj.snippet_viewset.get_url_name(view), args=[obj.pk, *args])


def edit_form(client, obj):
    response = client.get(url(obj, "edit"))
    assert response.status_code == HTTPStatus.OK
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    if isinstance(obj, Food):
        # The admin draws a StreamField with a script, so the page's HTML has no inputs for it.
        references = [("reference", dict(block.value)) for block in obj.references]
        data.update(nested_form_data({"references": streamfield(references)}))
    return data


def post_edit(client, obj, action="action-submit", **changes):
    """Change fields on the edit form and post it with the given button (None: "Save draft")."""
    data = edit_form(client, obj)
    for name, value in changes.items():
        data[name] = value
    if action:
        data[action] = action
    return client.post(url(obj, "edit"), data)


def task_state(obj):
    return WorkflowState.objects.get(
        base_content_type__model=obj._meta.model_name, object_id=str(obj.pk), status="in_progress"
    ).current_task_state


def approve(client, obj, confirmed=True, **headers):
    """As the sign-off modal posts it, for the version it shows: the latest."""
    data = {"comment": "", "revision": type(obj).objects.get(pk=obj.pk).get_latest_revision().pk}
    if confirmed:
        data["confirmed"] = "on"
    return client.post(url(obj, "workflow_action", "approve", task_state(obj).pk), data, **headers)


def modal(response):
    assert response.status_code == HTTPStatus.OK
    return BeautifulSoup(json.loads(response.content)["html"], "html.parser")


def structured_data(response):
    return json.loads(soup(response).select_one('script[type="application/ld+json"]').string)


@pytest.mark.parametrize("model", SNIPPET_MODELS, ids=lambda model: model.__name__)
def test_every_snippet_patients_read_is_under_the_clinical_review_workflow(model):
    assert model.get_default_workflow().name == "Clinical review"
    shipped = model.objects.all()
    assert all(obj.live and not obj.has_unpublished_changes for obj in shipped)


def test_an_editors_change_to_a_symptom_waits_for_a_sign_off(client, editor, reviewer):
    symptom = Symptom.objects.get(slug="eyelid-twitching")
    condition = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    assert post_edit(client, symptom, description="A new description.").status_code == HTTPStatus.FOUND

    symptom.refresh_from_db()
    assert symptom.description != "A new description." and symptom.has_unpublished_changes
    assert symptom.get_latest_revision_as_object().description == "A new description."
    client.logout()
    assert "A new description." not in page_text(client.get("/symptoms/eyelid-twitching/"))
    assert "A new description." not in page_text(client.get(condition.url))

    client.force_login(reviewer)
    assert approve(client, symptom).status_code == HTTPStatus.FOUND
    symptom.refresh_from_db()
    assert symptom.description == "A new description." and not symptom.has_unpublished_changes
    client.logout()
    assert "A new description." in page_text(client.get("/symptoms/eyelid-twitching/"))
    assert "A new description." in page_text(client.get(condition.url))

    history = ModelLogEntry.objects.filter(object_id=str(symptom.pk), content_type__model="symptom")
    assert history.filter(action="wagtail.workflow.start", user=editor).exists()
    assert history.filter(action="wagtail.workflow.approve", user=reviewer).exists()
    assert history.filter(action="wagtail.publish", user=reviewer).exists()
    sign_off = history.get(action="portal.sign_off", user=reviewer)
    assert sign_off.data == {
        "reviewer": "Dr Ada Lane, MD, neurologist",
        "statement": "I have checked this against trusted sources",
    }
    client.force_login(editor)
    shown = page_text(client.get(url(symptom, "history")))
    assert "Clinical sign-off" in shown


def test_a_food_amount_is_a_number_and_a_unit_and_waits_for_a_sign_off(client, editor, reviewer):
    banana = Food.objects.get(slug="banana")
    potassium = NutrientPage.objects.get(slug="potassium")
    row = next(
        number
        for number, amount in enumerate(banana.nutrient_amounts.all())
        if amount.nutrient_id == potassium.pk
    )
    client.force_login(editor)
    refused = post_edit(client, banana, **{f"nutrient_amounts-{row}-quantity": "lots"})
    assert refused.status_code == HTTPStatus.OK
    assert "Enter a number." in soup(refused).get_text()
    no_unit = post_edit(
        client, banana, **{f"nutrient_amounts-{row}-quantity": "450", f"nutrient_amounts-{row}-unit": ""}
    )
    assert "Choose the unit of the amount" in soup(no_unit).get_text()
    unknown_unit = post_edit(client, banana, **{f"nutrient_amounts-{row}-unit": "lbs"})
    assert "Select a valid choice" in soup(unknown_unit).get_text()
    assert not banana.revisions.filter(user=editor).exists()

    post_edit(client, banana, **{f"nutrient_amounts-{row}-quantity": "450"})
    client.logout()
    assert "Banana 1 medium banana 422 mg" in page_text(client.get(potassium.url))
    client.force_login(reviewer)
    approve(client, banana)
    client.logout()
    assert "Banana 1 medium banana 450 mg" in page_text(client.get(potassium.url))
    assert "Potassium 1 medium banana 450 mg" in page_text(client.get("/nutrition/foods/banana/"))


def test_the_sign_off_form_shows_the_change_and_the_statement_without_review_dates(client, editor, reviewer):
    symptom = Symptom.objects.get(slug="muscle-cramp")
    client.force_login(editor)
    post_edit(client, symptom, description="Zebra stripes.")
    client.force_login(reviewer)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Muscle cramp" in dashboard and "Approve and sign off" in dashboard
    assert "Approve and sign off" not in client.get(url(symptom, "edit")).content.decode()

    form = modal(client.get(url(symptom, "workflow_action", "approve", task_state(symptom).pk), **XHR))
    text = " ".join(form.get_text(" ").split())
    assert "I have checked this against trusted sources" in text
    assert "Reviewed by Dr Ada Lane, MD, neurologist" in text
    assert not form.select('[name="next_review_due"]') and "last reviewed" not in text
    changes = form.select_one("[data-changes-against-live]")
    assert "What changed against the live symptom" in changes.get_text()
    assert "Zebra stripes." in " ".join(addition.get_text() for addition in changes.select(".addition"))
    assert "Name" not in changes.get_text()

    unconfirmed = modal(approve(client, symptom, confirmed=False, **XHR))
    assert "Confirm that you have checked the change" in unconfirmed.get_text()
    symptom.refresh_from_db()
    assert symptom.description != "Zebra stripes."


def test_editors_and_reviewers_cannot_publish_a_snippet_directly(client, editor, reviewer):
    synonyms = SynonymGroup.objects.get(terms__startswith="eyelid")
    for user in (editor, reviewer):
        client.force_login(user)
        assert 'name="action-publish"' not in client.get(url(synonyms, "edit")).content.decode()
        post_edit(client, synonyms, action="action-publish", terms="eyelid, eye, eyelids")
        synonyms.refresh_from_db()
        assert synonyms.terms == "eyelid, eye" and synonyms.live
        assert client.post(url(synonyms, "unpublish")).status_code == HTTPStatus.FORBIDDEN
        WorkflowState.objects.filter(object_id=str(synonyms.pk)).delete()
    published = ModelLogEntry.objects.filter(object_id=str(synonyms.pk), action="wagtail.publish")
    assert not published.filter(user__in=[editor, reviewer]).exists()


def test_a_reviewer_cannot_sign_off_a_snippet_change_they_made(client, reviewer, django_user_model):
    food = Food.objects.get(slug="spinach")
    client.force_login(reviewer)
    post_edit(client, food, description="The reviewer's own words.")
    assert "Approve and sign off" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert approve(client, food).status_code == HTTPStatus.FORBIDDEN
    refused = approve(client, food, **XHR)  # as the sign-off modal posts it: closed, with the reason
    assert json.loads(refused.content) == {"step": "success", "redirect": reverse("wagtailadmin_home")}
    assert "Only a credentialed reviewer who did not edit this change" in page_text(
        client.get(reverse("wagtailadmin_home"))
    )
    food.refresh_from_db()
    assert food.description != "The reviewer's own words."

    colleague = django_user_model.objects.create_user("colleague", "c@example.org", "a colleague passphrase")
    colleague.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
    Reviewer.objects.create(name="Dr Ben Okoro", credentials="MD, GP", user=colleague)
    client.force_login(colleague)
    approve(client, food)
    food.refresh_from_db()
    assert food.description == "The reviewer's own words."


def test_editors_cannot_change_a_snippet_while_a_reviewer_has_it(client, editor):
    symptom = Symptom.objects.get(slug="muscle-spasm")
    client.force_login(editor)
    post_edit(client, symptom, description="Under review.")
    post_edit(client, symptom, action=None, description="Sneaked in during review.")
    assert Symptom.objects.get(pk=symptom.pk).get_latest_revision_as_object().description == "Under review."


def test_a_reviewer_can_send_a_snippet_change_back(client, editor, reviewer):
    symptom = Symptom.objects.get(slug="muscle-wasting")
    client.force_login(editor)
    post_edit(client, symptom, description="Needs a source.")
    client.force_login(reviewer)
    reject = url(symptom, "workflow_action", "reject", task_state(symptom).pk)
    assert client.post(reject, {"comment": "Say where this comes from."}).status_code == HTTPStatus.FOUND
    assert WorkflowState.objects.get(object_id=str(symptom.pk)).status == "needs_changes"
    symptom.refresh_from_db()
    assert symptom.description != "Needs a source."


def test_a_new_symptom_is_shown_nowhere_until_it_is_signed_off(client, editor, reviewer, settings):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_portal_symptom:add"),
        {
            "name": "Quivering calf",
            "slug": "",
            "medical_term": "calf myokymia",
            "synonyms": "shaky calf",
            "description": "The calf muscle quivers.",
            "action-submit": "action-submit",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    symptom = Symptom.objects.get(name="Quivering calf")
    assert not symptom.live
    condition = ConditionPage.objects.get(locale__language_code="en")
    ConditionSymptom.objects.create(
        condition=condition, symptom=symptom
    )  # linked already, as the chooser lets editors do
    condition.save()
    client.logout()

    def shown_anywhere():
        places = {
            "condition page": page_text(client.get(condition.url)),
            "structured data": json.dumps(structured_data(client.get(condition.url))),
            "A to Z": page_text(client.get("/symptoms/")),
            "search": page_text(client.get("/search/?q=quivering")),
            "suggestions": client.get("/search/suggest/?q=quiv").content.decode(),
            "sitemap": client.get("/sitemap.xml").content.decode(),
        }
        return [name for name, text in places.items() if "Quivering calf" in text or "quivering-calf" in text]

    assert shown_anywhere() == []
    assert client.get("/symptoms/quivering-calf/").status_code == HTTPStatus.NOT_FOUND
    assert not list(get_search_backend().search("quivering", Symptom))
    assert "muscle-twitching" not in [page.slug for page in ConditionPage.objects.search("shaky calf")]

    client.force_login(reviewer)
    approve(client, symptom)
    client.logout()
    assert len(shown_anywhere()) == 6
    assert client.get("/symptoms/quivering-calf/").status_code == HTTPStatus.OK
    assert [found.slug for found in get_search_backend().search("quivering", Symptom)] == ["quivering-calf"]
    assert "muscle-twitching" in [page.slug for page in ConditionPage.objects.search("shaky calf")]


def test_a_draft_food_is_not_shown_with_its_nutrients(client):
    from tests.nutrition.factories import FoodNutrientFactory

    potassium = NutrientPage.objects.get(slug="potassium")
    draft = FoodFactory(name="Plantain chips", live=False)
    FoodNutrientFactory(food=draft, nutrient=potassium)
    for url_ in (
        potassium.url,
        "/nutrition/foods/",
        "/conditions/muscle-twitching/",
        "/treatments/home-remedies/",
    ):
        assert "plantain" not in page_text(client.get(url_)).lower(), url_
    assert client.get("/nutrition/foods/plantain-chips/").status_code == HTTPStatus.NOT_FOUND
    assert "potassium" not in [page.slug for page in NutrientPage.objects.search("plantain")]


def test_a_withdrawn_snippet_leaves_pages_and_search_at_once(admin_client, client):
    symptom = Symptom.objects.get(slug="eyelid-twitching")
    assert [found.slug for found in get_search_backend().search("myokymia", Symptom)] == ["eyelid-twitching"]
    assert admin_client.post(url(symptom, "unpublish")).status_code == HTTPStatus.FOUND
    symptom.refresh_from_db()
    assert not symptom.live
    assert not list(get_search_backend().search("myokymia", Symptom))
    assert "Eyelid twitching" not in page_text(client.get("/symptoms/"))
    assert "Eyelid twitching" not in page_text(
        client.get(ConditionPage.objects.get(locale__language_code="en").url)
    )


def test_only_administrators_delete_a_live_snippet_and_editors_their_drafts(client, editor, superuser):
    live = Symptom.objects.get(slug="muscle-fatigue")
    client.force_login(editor)
    assert client.get(url(live, "delete")).status_code == HTTPStatus.FORBIDDEN
    assert client.post(url(live, "delete")).status_code == HTTPStatus.FORBIDDEN
    assert Symptom.objects.filter(pk=live.pk).exists()
    draft = SymptomFactory(live=False)
    assert client.post(url(draft, "delete")).status_code == HTTPStatus.FOUND
    assert not Symptom.objects.filter(pk=draft.pk).exists()
    client.force_login(superuser)
    assert client.post(url(live, "delete")).status_code == HTTPStatus.FOUND
    assert not Symptom.objects.filter(pk=live.pk).exists()


@pytest.mark.parametrize("slug", ["spinach", "eyelid-twitching"])
def test_duplicating_a_live_snippet_leaves_it_as_it_is(client, editor, slug):
    """Wagtail's "Duplicate" form posts to the add view and makes a new draft. Posted to the copy
    address itself, Wagtail saved it into the original: the live food or symptom was renamed and
    taken off every page at once, without a review. (Failed before the fix: the original became
    "Renamed copy", not live.)"""
    model = Food if slug == "spinach" else Symptom
    original = model.objects.get(slug=slug)
    client.force_login(editor)
    response = client.get(url(original, "copy"))
    assert response.status_code == HTTPStatus.OK
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    if model is Food:
        references = [("reference", dict(block.value)) for block in original.references]
        data.update(nested_form_data({"references": streamfield(references)}))
    data.update(name="Renamed copy", slug="renamed-copy")

    assert client.post(url(original, "copy"), data).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    original.refresh_from_db()
    assert original.live and original.slug == slug and original.name != "Renamed copy"
    assert not model.objects.filter(slug="renamed-copy").exists()
    client.logout()
    assert (
        client.get(f"/{'nutrition/foods' if model is Food else 'symptoms'}/{slug}/").status_code
        == HTTPStatus.OK
    )

    # The form the browser shows still makes a new draft, and the original keeps its amounts.
    client.force_login(editor)
    assert (
        client.post(reverse(original.snippet_viewset.get_url_name("add")), data).status_code
        == HTTPStatus.FOUND
    )
    copy = model.objects.get(slug="renamed-copy")
    assert not copy.live and copy.pk != original.pk
    original.refresh_from_db()
    assert original.live and original.slug == slug
    if model is Food:
        assert original.nutrient_amounts.count() == copy.nutrient_amounts.count() > 0


def test_saving_a_snippet_draft_keeps_cached_pages_and_a_sign_off_renews_them(
    client, settings, editor, reviewer
):
    settings.PAGE_CACHE_SECONDS = 600
    symptom_url = "/symptoms/muscle-twitching/"
    assert client.get(symptom_url)["X-Page-Cache"] == "miss"
    symptom = Symptom.objects.get(slug="muscle-twitching")
    symptom.description = "An unreviewed description."
    symptom.save_revision(user=editor)
    cached = client.get(symptom_url)
    assert cached["X-Page-Cache"] == "hit" and "An unreviewed description." not in page_text(cached)
    symptom.get_workflow().start(symptom, editor)
    client.force_login(reviewer)
    approve(client, symptom)
    client.logout()
    fresh = client.get(symptom_url)
    assert fresh["X-Page-Cache"] == "miss" and "An unreviewed description." in page_text(fresh)


def test_a_medical_term_that_repeats_the_name_is_not_shown_twice(client):
    """The shipped "Muscle cramp" has "muscle cramp" as its medical term: patients read it once."""
    cramp = Symptom.objects.get(slug="muscle-cramp")
    assert cramp.medical_term == "muscle cramp" and cramp.shown_medical_term == ""
    condition = page_text(client.get("/conditions/muscle-twitching/"))
    assert "Muscle cramp:" in condition and "(muscle cramp)" not in condition
    assert "Muscle twitching (fasciculation)" in condition
    a_to_z = page_text(client.get("/symptoms/"))
    assert "Muscle cramp" in a_to_z and "(muscle cramp)" not in a_to_z and "(myokymia)" in a_to_z
    response = client.get("/symptoms/muscle-cramp/")
    assert "Medical term" not in page_text(response)
    assert "muscle cramp" not in structured_data(response)["about"]["alternateName"]
    assert "Medical term: fasciculation" in page_text(client.get("/symptoms/muscle-twitching/"))
    # Why a search result matched names it once too; search itself still weighs the medical term.
    assert [term.lower() for term in cramp.search_keywords()].count("muscle cramp") == 1


def test_a_medical_term_differing_only_in_case_and_spacing_is_the_name(client):
    symptom = SymptomFactory(name="Night  cramps", medical_term=" night CRAMPS")
    assert symptom.shown_medical_term == ""
    assert "(night" not in page_text(client.get("/symptoms/")).lower()


@pytest.mark.parametrize(
    "terms",
    ["twitch", "twitch, twitch", "twitch, TWITCH ,  twitch", "twitch, --", "twitch, , ,", ", ."],
)
def test_a_synonym_group_needs_two_different_real_terms(admin_client, terms):
    response = admin_client.post(
        reverse("wagtailsnippets_portal_synonymgroup:add"),
        {"terms": terms, "note": "", "action-publish": "action-publish"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "needs at least two different words or phrases" in soup(response).get_text()
    assert not SynonymGroup.objects.filter(terms=terms).exists()


def test_a_synonym_group_lists_its_distinct_terms():
    group = SynonymGroupFactory(terms="Twitch,  muscle   JUMPING, twitch, --")
    assert group.term_list == ["twitch", "muscle jumping"]


def test_only_a_live_reviewer_profile_signs_off_and_names_a_page(client, editor, reviewer, superuser):
    profile = Reviewer.objects.get(user=reviewer)
    symptom = Symptom.objects.get(slug="muscle-weakness")
    client.force_login(editor)
    post_edit(client, symptom, description="Checked by whom?")
    Reviewer.objects.filter(pk=profile.pk).update(live=False)
    client.force_login(reviewer)
    assert approve(client, symptom).status_code == HTTPStatus.FORBIDDEN

    Reviewer.objects.filter(pk=profile.pk).update(live=True)
    page = ConditionPage.objects.get(locale__language_code="en")
    ConditionPage.objects.filter(pk=page.pk).update(reviewer=profile, last_reviewed="2026-11-30")
    client.logout()
    assert "Reviewed by: Dr Ada Lane, MD, neurologist" in page_text(client.get(page.url))
    client.force_login(superuser)
    assert client.post(url(profile, "unpublish")).status_code == HTTPStatus.FOUND
    client.logout()
    text = page_text(client.get(page.url))
    assert "Dr Ada Lane" not in text and "not yet been checked by a clinician" in text
    assert "reviewedBy" not in structured_data(client.get(page.url))


def test_a_reviewer_profile_is_changed_only_by_administrators_whatever_a_group_holds(
    client, editor, superuser
):
    profile = ReviewerFactory(name="Dr Cara Diaz", user=superuser)
    editors = Group.objects.get(name=CLINICAL_EDITORS)
    editors.permissions.add(*Permission.objects.filter(codename__in=["change_reviewer", "publish_reviewer"]))
    client.force_login(editor)
    assert client.get(url(profile, "edit")).status_code == HTTPStatus.FORBIDDEN
    client.post(
        url(profile, "edit"), {"name": "Dr Someone Else", "credentials": "MD", "email": "x@example.org"}
    )
    profile.refresh_from_db()
    assert profile.name == "Dr Cara Diaz"

    client.force_login(superuser)
    post_edit(client, profile, action=None, name="Dr Cara Diaz-Lane")
    profile.refresh_from_db()
    assert profile.name == "Dr Cara Diaz" and profile.has_unpublished_changes  # a draft, in its history
    post_edit(client, profile, action="action-publish")
    profile.refresh_from_db()
    assert profile.name == "Dr Cara Diaz-Lane"
    history = ModelLogEntry.objects.filter(object_id=str(profile.pk), content_type__model="reviewer")
    assert history.filter(action="wagtail.publish", user=superuser).exists()


def test_a_synonym_group_widens_search_only_once_it_is_live(client):
    group = SynonymGroupFactory(terms="zorbly, fasciculation", live=False)
    assert "we could not find a page for “zorbly”" in page_text(client.get("/search/?q=zorbly"))
    group.save_revision().publish()
    found = page_text(client.get("/search/?q=zorbly"))
    assert "could not find" not in found and "Muscle twitching" in found


@pytest.mark.parametrize(
    "factory", [SymptomFactory, FoodFactory, ReviewerFactory, SynonymGroupFactory], ids=lambda f: f.__name__
)
def test_each_snippet_factory_makes_a_valid_live_snippet(factory, superuser):
    extra = {"user": superuser} if factory is ReviewerFactory else {}
    obj = factory(**extra)
    obj.full_clean()
    assert obj.live and obj.get_default_workflow().name == "Clinical review"
    revision = obj.save_revision()
    assert revision.as_object().pk == obj.pk
