"""Site administrators: publishing goes through the clinical review workflow for them too; their
emergency path is taking a page off the site at once, which is logged."""

from http import HTTPStatus

from django.urls import reverse

from wagtail.models import Page, PageLogEntry, PageViewRestriction

import pytest

from portal.models import ConditionIndexPage, ConditionPage
from tests.admin import add_url, inline_formset, nested_form_data, reference_fields, rich_text, streamfield
from tests.governance.test_workflow import approve, submit_change
from tests.html import page_text

pytestmark = pytest.mark.django_db


def test_a_superuser_is_not_offered_publish_and_a_posted_publish_only_saves_a_draft(admin_client, superuser):
    page = ConditionPage.objects.get(locale__language_code="en")
    edit_view = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'name="action-publish"' not in edit_view
    assert 'name="action-submit"' in edit_view
    submit_change(admin_client, page, "Published by an administrator?", action="action-publish")
    page.refresh_from_db()
    assert page.summary != "Published by an administrator?"
    assert page.specific.get_latest_revision_as_object().summary == "Published by an administrator?"
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=superuser).exists()


def test_a_superusers_change_goes_live_when_a_reviewer_signs_it_off(client, superuser, reviewer):
    page = ConditionPage.objects.get(locale__language_code="en")
    client.force_login(superuser)
    submit_change(client, page, "An administrator's correction.")
    client.force_login(reviewer)
    approve(client, page)
    client.logout()
    text = page_text(client.get(page.url))
    assert "An administrator's correction." in text and "Reviewed by: Dr Ada Lane, MD, neurologist" in text


def test_a_superuser_cannot_publish_a_new_page_as_it_is_created(admin_client):
    parent = ConditionIndexPage.objects.get()
    data = nested_form_data(
        {
            "title": "Night cramps",
            "slug": "night-cramps",
            "summary": "Painful cramps at night.",
            "overview": rich_text("<p>Cramps that wake you up.</p>"),
            "causes": inline_formset([{"name": "Stress", "category": "everyday", "explanation": "x"}], min=1),
            "symptoms_description": rich_text(""),
            "warning_signs": inline_formset([{"sign": "cramps last for hours", "urgency": "urgent"}], min=1),
            "body": streamfield([]),
            "symptom_links": inline_formset([]),
            "treatment_links": inline_formset([]),
            "nutrient_links": inline_formset([]),
            "comments": inline_formset([]),
            **reference_fields(),
        }
    )
    data["action-publish"] = "action-publish"
    assert admin_client.post(add_url(parent, ConditionPage), data).status_code == HTTPStatus.FOUND
    assert not ConditionPage.objects.get(slug="night-cramps").live


def test_a_superusers_bulk_publish_is_refused(admin_client):
    page = ConditionPage.objects.get(locale__language_code="en")
    page.unpublish()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={page.pk}"
    admin_client.post(url, {"include_descendants": ""})
    page.refresh_from_db()
    assert not page.live


def test_a_superusers_copy_does_not_go_live(admin_client):
    page = ConditionPage.objects.get(locale__language_code="en")
    copy = {
        "new_title": "Twitching (copy)",
        "new_slug": "twitching-copy",
        "new_parent_page": page.get_parent().pk,
    }
    url = reverse("wagtailadmin_pages:copy", args=[page.pk])
    refused = admin_client.post(url, {**copy, "publish_copies": "on"})
    assert "You do not have permission to publish pages" in refused.content.decode()
    assert not Page.objects.filter(slug="twitching-copy").exists()
    admin_client.post(url, copy)
    assert not Page.objects.get(slug="twitching-copy").live


def test_publishing_around_the_workflow_is_refused_in_code_too(superuser):
    from wagtail.actions.publish_page_revision import PublishPagePermissionError

    page = ConditionPage.objects.get(locale__language_code="en")
    page.summary = "Published in a shell as an administrator."
    with pytest.raises(PublishPagePermissionError):
        page.save_revision(user=superuser).publish(user=superuser)


def test_a_superuser_keeps_the_emergency_path_unpublish_privacy_and_unschedule(admin_client, superuser):
    page = ConditionPage.objects.get(locale__language_code="en")
    permissions = page.permissions_for_user(superuser)
    assert permissions.can_unpublish() and permissions.can_set_view_restrictions()
    assert permissions.can_unschedule() and permissions.can_delete()
    # Making a page private at once is as much an emergency path as taking it down.
    response = admin_client.post(
        reverse("wagtailadmin_pages:set_privacy", args=[page.pk]), {"restriction_type": "login"}
    )
    assert response.status_code == HTTPStatus.OK
    assert PageViewRestriction.objects.filter(page=page, restriction_type="login").exists()

    assert admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk])).status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.unpublish", user=superuser).exists()


@pytest.mark.parametrize("slug", ["eyelid-twitching", "spinach"])
def test_a_superuser_cannot_publish_a_snippet_around_the_sign_off(client, superuser, editor, reviewer, slug):
    """A symptom or food shows on pages that name the clinician who signed them off, so an
    administrator's change to one goes live only through a reviewer's sign-off, as for pages.
    (Failed before the fix: "Publish" was offered and the posted publish put the text live at once.)"""
    from wagtail.actions.publish_revision import PublishPermissionError
    from wagtail.models import ModelLogEntry

    from nutrition.models import Food
    from portal.models import Symptom
    from tests.governance.test_snippets import approve as approve_snippet
    from tests.governance.test_snippets import post_edit
    from tests.governance.test_snippets import url as snippet_url

    model = Food if slug == "spinach" else Symptom
    snippet = model.objects.get(slug=slug)
    public_url = f"/nutrition/foods/{slug}/" if model is Food else f"/symptoms/{slug}/"
    client.force_login(superuser)
    assert 'name="action-publish"' not in client.get(snippet_url(snippet, "edit")).content.decode()
    post_edit(client, snippet, action="action-publish", description="Published by an administrator?")
    snippet.refresh_from_db()
    assert snippet.description != "Published by an administrator?" and snippet.live
    assert snippet.has_unpublished_changes
    assert not ModelLogEntry.objects.filter(
        object_id=str(snippet.pk), action="wagtail.publish", user=superuser
    ).exists()
    client.logout()
    assert "Published by an administrator?" not in page_text(client.get(public_url))

    with pytest.raises(PublishPermissionError):
        snippet.save_revision(user=superuser).publish(user=superuser)

    # The change goes live when a reviewer signs it off, and the emergency path stays.
    client.force_login(superuser)
    post_edit(client, snippet, description="Signed off in the end.")
    client.force_login(reviewer)
    assert approve_snippet(client, snippet).status_code == HTTPStatus.FOUND
    client.logout()
    assert "Signed off in the end." in page_text(client.get(public_url))
    client.force_login(superuser)
    assert client.post(snippet_url(snippet, "unpublish")).status_code == HTTPStatus.FOUND
    snippet.refresh_from_db()
    assert not snippet.live
    client.force_login(editor)
    assert client.post(snippet_url(snippet, "unpublish")).status_code == HTTPStatus.FORBIDDEN


def test_a_release_does_not_put_back_a_page_an_administrator_took_off_the_site(
    tmp_path, admin_client, client
):
    """The emergency path holds across deploys: a changed content file does not republish a
    page a superuser unpublished. (Failed before the fix: load_portal_content published the
    file's new version and the withdrawn page was back for patients.)"""
    from tests.portal.test_content_loader import load, write_content

    page = ConditionPage.objects.get(locale__language_code="en")
    assert (
        admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk])).status_code
        == HTTPStatus.FOUND
    )

    def change(data):
        data["conditions"][0]["summary"] = "The next release's words."

    output = load("--file", write_content(tmp_path, change))
    assert "kept: condition page 'Muscle twitching' (taken off the site)" in output
    page.refresh_from_db()
    assert not page.live and page.summary != "The next release's words."
    assert client.get(page.url).status_code == HTTPStatus.NOT_FOUND
