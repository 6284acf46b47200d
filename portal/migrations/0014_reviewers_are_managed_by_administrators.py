"""Who signs a page off is named to patients: only site administrators add, change or remove reviewers.

Editors and reviewers keep seeing the reviewer profiles (to choose and check them); a renamed
reviewer, or one whose account or email an editor changed, would make every page it signed say
something untrue.
"""

from django.db import migrations

GROUPS = ["Clinical editors", "Clinical reviewers"]
CODENAMES = ["add_reviewer", "change_reviewer", "delete_reviewer"]


def clinical_groups_and_reviewer_permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="portal", codename__in=CODENAMES)
    return Group.objects.filter(name__in=GROUPS), permissions


def leave_reviewers_to_administrators(apps, schema_editor):
    groups, permissions = clinical_groups_and_reviewer_permissions(apps)
    for group in groups:
        group.permissions.remove(*permissions)


def let_the_clinical_groups_manage_reviewers_again(apps, schema_editor):
    groups, permissions = clinical_groups_and_reviewer_permissions(apps)
    for group in groups:
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0013_editors_manage_promoted_search_results"),
    ]

    operations = [
        migrations.RunPython(leave_reviewers_to_administrators, let_the_clinical_groups_manage_reviewers_again),
    ]
