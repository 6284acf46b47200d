"""One set of roles and one workflow: Wagtail's unused "Editors", "Moderators" and "Moderators
approval" are gone (portal.0016), and nobody loses their place on the way."""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse

from wagtail.models import GroupApprovalTask, Page, Task, Workflow, WorkflowPage, WorkflowState, WorkflowTask

import pytest

from portal.governance.roles import CLINICAL_REVIEWERS
from portal.models import ConditionPage
from tests.html import soup

pytestmark = pytest.mark.django_db

migration = import_module("portal.migrations.0018_remove_wagtails_unused_groups_and_workflow")


def wagtails_defaults():
    """Wagtail's groups and workflow as its own migrations leave them on install."""
    editors, moderators = Group.objects.create(name="Editors"), Group.objects.create(name="Moderators")
    task = GroupApprovalTask.objects.create(name="Moderators approval", active=True)
    task.groups.add(moderators)
    workflow = Workflow.objects.create(name="Moderators approval", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return editors, moderators, workflow


def test_adding_a_user_offers_only_the_portals_roles(admin_client):
    form = soup(admin_client.get(reverse("wagtailusers_users:add")))
    offered = [label.get_text(strip=True) for label in form.select('label:has(> [name="groups"])')]
    assert offered == ["Clinical editors", "Clinical reviewers", "Translators"]
    assert list(Group.objects.order_by("name").values_list("name", flat=True)) == [
        "Clinical editors",
        "Clinical reviewers",
        "Translators",
    ]
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Clinical review"]
    assert list(Task.objects.values_list("name", flat=True)) == ["Clinical sign-off"]


def test_members_move_to_the_matching_clinical_group_and_assignments_to_clinical_review(
    django_user_model, editor
):
    editors, moderators, workflow = wagtails_defaults()
    writer = django_user_model.objects.create_user("writer", "w@example.org", "a writer passphrase")
    checker = django_user_model.objects.create_user("checker", "k@example.org", "a checker passphrase")
    writer.groups.add(editors)
    checker.groups.add(moderators)
    editor.groups.add(editors)  # already a clinical editor as well
    section = ConditionPage.objects.get(locale__language_code="en").get_parent()
    WorkflowPage.objects.create(page=section, workflow=workflow)
    snippet_type = ContentType.objects.get(app_label="portal", model="symptom")
    from wagtail.models import WorkflowContentType

    # Symptoms are under Clinical review since portal.0016: an install may have moved them back.
    WorkflowContentType.objects.update_or_create(content_type=snippet_type, defaults={"workflow": workflow})

    migration.remove_wagtails_groups_and_workflow(apps, None)

    assert list(writer.groups.values_list("name", flat=True)) == ["Clinical editors"]
    assert list(checker.groups.values_list("name", flat=True)) == ["Clinical reviewers"]
    assert list(editor.groups.values_list("name", flat=True)) == ["Clinical editors"]
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert WorkflowPage.objects.get(page=section).workflow.name == "Clinical review"
    assert WorkflowContentType.objects.get(content_type=snippet_type).workflow.name == "Clinical review"


def test_it_refuses_while_something_is_in_review_in_the_old_workflow(editor):
    editors, moderators, workflow = wagtails_defaults()
    page = ConditionPage.objects.get(locale__language_code="en")
    WorkflowPage.objects.filter(page=Page.get_first_root_node()).update(workflow=workflow)
    page.save_revision(user=editor)
    workflow.start(page, editor)
    with transaction.atomic(), pytest.raises(migration.CannotRemove, match="1 page.* still in review"):
        migration.remove_wagtails_groups_and_workflow(apps, None)
    assert Group.objects.filter(name__in=["Editors", "Moderators"]).count() == 2
    assert WorkflowState.objects.get(object_id=str(page.pk)).workflow == workflow


def test_it_refuses_rather_than_drop_members_with_nowhere_to_go(django_user_model):
    editors, moderators, workflow = wagtails_defaults()
    checker = django_user_model.objects.create_user("checker", "k@example.org", "a checker passphrase")
    checker.groups.add(moderators)
    Group.objects.filter(name=CLINICAL_REVIEWERS).delete()
    with (
        transaction.atomic(),
        pytest.raises(migration.CannotRemove, match="'Clinical reviewers', which is missing"),
    ):
        migration.remove_wagtails_groups_and_workflow(apps, None)
    assert list(checker.groups.values_list("name", flat=True)) == ["Moderators"]
    assert Workflow.objects.filter(name="Moderators approval").exists()


def test_migrating_back_leaves_wagtails_groups_removed():
    # Reversible only so that the snippet migrations before it can be undone and tested.
    from django.db.migrations import RunPython

    assert migration.Migration.operations[0].reverse_code is RunPython.noop
