"""Wagtail's own "Editors" and "Moderators" groups and its "Moderators approval" workflow are removed.

Wagtail creates them on install; the portal's roles are "Clinical editors" and "Clinical
reviewers" in the "Clinical review" workflow (0005), so adding a user offered two sets of groups
and two workflows. Members of "Editors" become members of "Clinical editors", and members of
"Moderators" of "Clinical reviewers" (who approve but, unlike Wagtail's moderators, cannot
publish around the workflow). Pages or snippet types assigned to "Moderators approval" go to
"Clinical review". The migration refuses, saying why, while anything is still in review in
"Moderators approval", or when a clinical group it would move members to is missing.

Irreversible: the groups and the workflow could be made again, but not who was in them.
"""

from django.db import migrations

MOVE_MEMBERS = {"Editors": "Clinical editors", "Moderators": "Clinical reviewers"}
OLD_WORKFLOW = "Moderators approval"
CLINICAL_WORKFLOW = "Clinical review"


class CannotRemove(Exception):
    pass


def remove_wagtails_groups_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")

    # Everything that would refuse is checked before anything is changed.
    old_workflows = Workflow.objects.filter(name=OLD_WORKFLOW)
    in_review = WorkflowState.objects.filter(
        workflow__in=old_workflows, status__in=["in_progress", "needs_changes"]
    )
    if in_review.exists():
        raise CannotRemove(
            f"{in_review.count()} page(s) or snippet(s) are still in review in the "
            f"{OLD_WORKFLOW!r} workflow. Approve, reject or cancel them (Reports → Workflows) and "
            "migrate again; nothing has been changed."
        )
    moves = []
    for old_name, clinical_name in MOVE_MEMBERS.items():
        old_group = Group.objects.filter(name=old_name).first()
        if old_group is None:
            continue
        members = list(old_group.user_set.all())
        clinical_group = Group.objects.filter(name=clinical_name).first()
        if members and clinical_group is None:
            raise CannotRemove(
                f"{len(members)} user(s) are in Wagtail's {old_name!r} group, whose place is taken by "
                f"{clinical_name!r}, which is missing. Create {clinical_name!r} (or move the users "
                "yourself) and migrate again; nothing has been changed."
            )
        moves.append((old_group, members, clinical_group))

    clinical_workflow = Workflow.objects.filter(name=CLINICAL_WORKFLOW).first()
    if clinical_workflow is not None:
        WorkflowPage.objects.filter(workflow__in=old_workflows).update(workflow=clinical_workflow)
        WorkflowContentType.objects.filter(workflow__in=old_workflows).update(workflow=clinical_workflow)
    old_tasks = list(Task.objects.filter(workflow_tasks__workflow__in=old_workflows).distinct())
    # Deleting a workflow deletes its finished reviews too; the audit log keeps what happened.
    old_workflows.delete()
    for task in old_tasks:
        if not task.workflow_tasks.exists():
            task.delete()
    for old_group, members, clinical_group in moves:
        if members:
            clinical_group.user_set.add(*members)
        old_group.delete()


class Migration(migrations.Migration):
    # One transaction: a refusal part-way changes nothing.
    atomic = True

    dependencies = [
        ("portal", "0017_sign_off_history"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    # Migrating back leaves the groups and the workflow removed: who was in them is not kept, and
    # the clinical groups their members joined still hold what they need. Reversible only so
    # that the migrations before it can be undone.
    operations = [
        migrations.RunPython(remove_wagtails_groups_and_workflow, migrations.RunPython.noop, elidable=False)
    ]
