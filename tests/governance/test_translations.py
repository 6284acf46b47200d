"""Governance per language: a translation is patient content, reviewed like its original by a
clinician who reads its language, drafted by translators who cannot publish, and flagged out of
date when its original gets a new sign-off."""

import datetime
from http import HTTPStatus

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale, Page

import pytest

from portal.governance.roles import TRANSLATORS
from portal.models import ConditionPage, HomePage, Reviewer, Symptom
from tests.governance.test_workflow import approve, approve_url, current_task_state, submit_change
from tests.html import page_text, soup
from tests.portal.factories import ConditionPageFactory, SymptomFactory

pytestmark = pytest.mark.django_db

MODAL = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
# What a patient reading the Spanish page is told, in Spanish.
NOTICE = "Es posible que esta traducción no incluya los cambios más recientes de la versión en inglés."


@pytest.fixture
def translator(django_user_model):
    user = django_user_model.objects.create_user("translator", "t@example.org", "a translator passphrase")
    user.groups.add(Group.objects.get(name=TRANSLATORS))
    return user


@pytest.fixture
def spanish_reviewer(django_user_model):
    user = django_user_model.objects.create_user("revisora", "r@example.org", "a reviewer passphrase")
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    Reviewer.objects.create(
        name="Dra. Lucía Ramos", credentials="MD, neuróloga", user=user, review_languages=["en", "es"]
    )
    return user


def english_condition():
    return ConditionPage.objects.get(locale__language_code="en")


def spanish_condition():
    return ConditionPage.objects.get(locale__language_code="es")


def test_the_clinical_review_workflow_covers_the_spanish_tree():
    for page in [HomePage.objects.get(locale__language_code="es"), spanish_condition()]:
        workflow = page.get_workflow()
        assert workflow is not None and workflow.name == "Clinical review"


def test_a_translator_submits_a_spanish_page_and_a_spanish_reviewer_signs_it_off(
    client, translator, reviewer, spanish_reviewer
):
    page = spanish_condition()
    client.force_login(translator)
    assert submit_change(client, page, "Un resumen revisado.").status_code == HTTPStatus.FOUND
    page.refresh_from_db()
    assert page.summary != "Un resumen revisado."  # a draft, with a reviewer
    assert current_task_state(page).task.name == "Clinical sign-off"

    # A reviewer who does not review in Spanish is not offered the sign-off, and is told why.
    client.force_login(reviewer)
    task = current_task_state(page).task.specific
    assert "approve" not in [action[0] for action in task.get_actions(page, reviewer)]
    refused = approve(client, page, **MODAL)
    assert refused.status_code == HTTPStatus.OK
    assert "Not signed off: this is in Spanish" in page_text(client.get(refused.json()["redirect"]))
    assert client.post(approve_url(page), {}).status_code == HTTPStatus.FORBIDDEN
    page.refresh_from_db()
    assert page.summary != "Un resumen revisado."

    client.force_login(spanish_reviewer)
    assert approve(client, page).status_code == HTTPStatus.FOUND
    page.refresh_from_db()
    assert page.summary == "Un resumen revisado."
    assert page.reviewer.name == "Dra. Lucía Ramos"
    client.logout()
    assert "Un resumen revisado." in page_text(client.get(page.url))


def test_a_spanish_capable_reviewer_still_signs_off_english(client, editor, spanish_reviewer):
    page = english_condition()
    client.force_login(editor)
    submit_change(client, page, "An English change.")
    client.force_login(spanish_reviewer)
    assert approve(client, page).status_code == HTTPStatus.FOUND
    page.refresh_from_db()
    assert page.summary == "An English change."


def test_a_translator_cannot_publish_or_sign_off(client, translator):
    page = spanish_condition()
    client.force_login(translator)
    submit_change(client, page, "Publicado sin revisión?", action="action-publish")
    page.refresh_from_db()
    assert page.summary != "Publicado sin revisión?"
    assert not page.permissions_for_user(translator).can_publish()
    submit_change(client, page, "Publicado sin revisión?")
    assert client.post(approve_url(page), {"confirmed": "on"}).status_code == HTTPStatus.FORBIDDEN
    page.refresh_from_db()
    assert page.summary != "Publicado sin revisión?"


def test_the_translators_group_drafts_translations_and_nothing_more(translator):
    page = spanish_condition()
    permissions = page.permissions_for_user(translator)
    assert permissions.can_edit()
    assert page.get_parent().specific.permissions_for_user(translator).can_add_subpage()
    assert not permissions.can_publish() and not permissions.can_unpublish() and not permissions.can_delete()
    assert translator.has_perms(
        [
            "wagtailadmin.access_admin",
            "wagtail_localize.submit_translation",
            "portal.add_symptom",
            "portal.change_symptom",
            "nutrition.change_food",
            "portal.change_synonymgroup",
            "portal.view_reviewer",
        ]
    )
    for permission in ["portal.publish_symptom", "portal.delete_symptom", "portal.change_reviewer"]:
        assert not translator.has_perm(permission)
    task = page.get_workflow().tasks.get().specific
    assert TRANSLATORS not in task.groups.values_list("name", flat=True)


def test_translating_a_live_page_makes_a_draft_under_review(client, translator, condition_index):
    english = ConditionPageFactory(parent=condition_index, title="Night cramps", slug="night-cramps")
    assert english.live
    client.force_login(translator)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[english.pk]),
        {"locales": [Locale.objects.get(language_code="es").pk]},
    )
    assert response.status_code == HTTPStatus.FOUND
    spanish = Page.objects.get(translation_key=english.translation_key, locale__language_code="es")
    assert not spanish.live  # nothing a clinician has not checked reaches a patient
    assert spanish.get_workflow().name == "Clinical review"
    assert client.get(f"/es/afecciones/{spanish.slug}/").status_code == HTTPStatus.NOT_FOUND


def test_syncing_translations_never_publishes_them(client, superuser, condition_index):
    from wagtail_localize.models import TranslationSource

    english = ConditionPageFactory(parent=condition_index, title="Night cramps", slug="night-cramps")
    client.force_login(superuser)
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[english.pk]),
        {"locales": [Locale.objects.get(language_code="es").pk]},
    )
    source = TranslationSource.objects.get_for_instance(english)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    form = client.get(url).content.decode()
    assert 'name="publish_translations"' not in form
    client.post(url, {"publish_translations": "on"})
    spanish = Page.objects.get(translation_key=english.translation_key, locale__language_code="es")
    assert not spanish.live


def test_a_reviewer_says_which_languages_they_review_in(reviewer):
    profile = Reviewer.objects.get(user=reviewer)
    assert profile.review_languages == ["en"]  # the portal's own language unless ticked otherwise
    assert profile.reviews_in("en") and not profile.reviews_in("es")
    profile.review_languages = []
    with pytest.raises(Exception, match="Tick at least one language"):
        profile.full_clean()


def report_rows(client, **filters):
    response = client.get(reverse("review_due_report"), filters)
    assert response.status_code == HTTPStatus.OK
    return page_text(response)


def test_a_new_english_sign_off_flags_the_spanish_translation_until_it_is_signed_off_again(
    client, editor, reviewer, translator, spanish_reviewer
):
    english, spanish = english_condition(), spanish_condition()
    assert NOTICE not in page_text(client.get(spanish.url))

    # The English page gets a new signed-off version.
    client.force_login(editor)
    submit_change(client, english, "Updated advice on when to get help.")
    client.force_login(reviewer)
    approve(client, english)
    client.logout()

    # Patients reading the Spanish page are told, with a link to the English version.
    response = client.get(spanish.url)
    notice = soup(response).select_one("main [data-translation-out-of-date]")
    assert notice is not None and NOTICE in notice.get_text(" ")
    assert [(link["href"], link["hreflang"]) for link in notice.select("a")] == [(english.url, "en")]
    assert NOTICE not in page_text(client.get(english.url))

    # The admin says so on the translation's edit view and in the review report.
    client.force_login(translator)
    edit_view = client.get(reverse("wagtailadmin_pages:edit", args=[spanish.pk])).content.decode()
    assert "data-translation-out-of-date" in edit_view and "This translation is out of date." in edit_view
    english_edit = client.get(reverse("wagtailadmin_pages:edit", args=[english.pk])).content.decode()
    assert "data-translation-out-of-date" not in english_edit
    out_of_date = report_rows(client, status="out_of_date")
    assert spanish.title in out_of_date and "Out of date" in out_of_date
    assert english.title not in out_of_date

    # The translator updates the translation; a reviewer who reviews Spanish signs it off.
    submit_change(client, spanish, "Consejos actualizados sobre cuándo pedir ayuda.")
    client.force_login(spanish_reviewer)
    approve(client, spanish)

    client.logout()
    assert NOTICE not in page_text(client.get(spanish.url))
    client.force_login(translator)
    edit_view = client.get(reverse("wagtailadmin_pages:edit", args=[spanish.pk])).content.decode()
    assert "data-translation-out-of-date" not in edit_view
    assert spanish.title not in report_rows(client, status="out_of_date")


def test_a_spanish_symptom_needs_a_reviewer_who_reviews_in_spanish(translator, reviewer, spanish_reviewer):
    from portal.governance.workflow import language_refusal

    symptom = Symptom.objects.filter(locale__language_code="es").first()
    assert language_refusal(symptom, reviewer).startswith("Not signed off: this is in Spanish")
    assert language_refusal(symptom, spanish_reviewer) is None
    english_symptom = Symptom.objects.filter(locale__language_code="en").first()
    assert language_refusal(english_symptom, reviewer) is None


def test_the_report_costs_no_query_per_page(client, translator, condition_index):
    """Whether each listed page is an out-of-date translation is read in the listing's own query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.core.sign_offs import SignOff

    def queries():
        client.get(reverse("review_due_report"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("review_due_report")).status_code == HTTPStatus.OK
        return len(captured)

    client.force_login(translator)
    english, spanish = english_condition(), spanish_condition()
    spanish_sibling = ConditionPageFactory(
        parent=spanish.get_parent(), locale=spanish.locale, title="Calambres nocturnos", slug="calambres"
    )
    overdue = datetime.date.today() - datetime.timedelta(days=3)
    ConditionPage.objects.filter(pk=spanish_sibling.pk).update(next_review_due=overdue)
    before = queries()
    for number in range(4):
        ConditionPageFactory(
            parent=spanish.get_parent(),
            locale=spanish.locale,
            title=f"Otra afección {number}",
            slug=f"otra-{number}",
            next_review_due=overdue,
        )
    SignOff.objects.create(
        page=english,
        reviewer_name="Dr Ada Lane, MD",
        reviewed_on=datetime.date.today(),
        next_review_due=datetime.date.today() + datetime.timedelta(days=365),
        went_live_at=timezone.now(),
    )
    listed = report_rows(client)
    assert spanish.title in listed and "Otra afección 3" in listed
    assert queries() == before


def test_the_translation_editor_publishes_nothing_for_an_administrator_either(client, superuser):
    english = SymptomFactory(name="Night cramp")
    client.force_login(superuser)
    client.post(
        reverse("wagtail_localize:submit_snippet_translation", args=["portal", "symptom", english.pk]),
        {"locales": [Locale.objects.get(language_code="es").pk]},
    )
    spanish = Symptom.objects.get(translation_key=english.translation_key, locale__language_code="es")
    assert not spanish.live  # a draft, as pages are
    editor_view = reverse("wagtailsnippets_portal_symptom:edit", args=[spanish.pk])
    assert client.get(editor_view).status_code == HTTPStatus.OK  # wagtail-localize's editor
    assert client.post(editor_view, {"action": "publish"}).status_code == HTTPStatus.FORBIDDEN
    spanish.refresh_from_db()
    assert not spanish.live


def test_administrators_tick_the_languages_on_the_reviewer_profile(admin_client, reviewer):
    profile = Reviewer.objects.get(user=reviewer)
    form = soup(admin_client.get(reverse("wagtailsnippets_portal_reviewer:edit", args=[profile.pk])))
    ticked = {box["value"]: box.has_attr("checked") for box in form.select('input[name="review_languages"]')}
    assert ticked == {"en": True, "es": False}
    labels = [label.get_text(strip=True) for label in form.select('label:has(> [name="review_languages"])')]
    assert labels == ["English", "Spanish"]
