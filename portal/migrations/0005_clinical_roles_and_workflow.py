"""Every install gets the clinical roles and the clinical review workflow.

Clinical editors create and edit clinical pages, snippets, images and documents and submit
them for review; they cannot publish. Clinical reviewers can do the same and approve or reject
in the "Clinical review" workflow, which covers the whole page tree. Approval publishes, which
Wagtail allows only to users with publish permission, so reviewers hold it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Clinical editors"
REVIEWERS = "Clinical reviewers"
WORKFLOW = "Clinical review"
TASK = "Clinical sign-off"

PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
REVIEWER_PAGE_PERMISSIONS = [*PAGE_PERMISSIONS, "publish_page"]
SNIPPET_MODELS = [
    ("portal", "symptom"),
    ("portal", "reviewer"),
    ("portal", "synonymgroup"),
    ("nutrition", "food"),
]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add", "change", "choose"]),
    ("wagtaildocs", "document", ["add", "change", "choose"]),
]


def ensure_permissions(apps):
    # Permissions are normally created after all migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def create_roles_and_workflow(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ClinicalReviewTask = apps.get_model("portal", "ClinicalReviewTask")

    root = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    groups = [Group.objects.get_or_create(name=name)[0] for name in (EDITORS, REVIEWERS)]
    for group in groups:
        group.permissions.add(admin_access)
        for app_label, model in SNIPPET_MODELS:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[f"{action}_{model}" for action in ("add", "change", "delete", "view")],
                )
            )
        if root is not None:
            for codename in REVIEWER_PAGE_PERMISSIONS if group.name == REVIEWERS else PAGE_PERMISSIONS:
                permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
        if root_collection is not None:
            for app_label, model, actions in COLLECTION_PERMISSIONS:
                for action in actions:
                    permission = Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )

    reviewers = groups[1]
    task = ClinicalReviewTask.objects.filter(name=TASK).first()
    if task is None:
        task = ClinicalReviewTask.objects.create(
            name=TASK,
            active=True,
            content_type=ContentType.objects.get_for_model(ClinicalReviewTask),
        )
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root is not None:
        # Replaces the "Moderators approval" workflow Wagtail assigns to the tree on install.
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def remove_roles_and_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("portal", "ClinicalReviewTask").objects.filter(name=TASK).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, REVIEWERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_clinical_review_task"),
        ("nutrition", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_roles_and_workflow, remove_roles_and_workflow)]
