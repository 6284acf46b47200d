"""Symptoms, foods, reviewers and synonym groups go through the clinical review like pages.

- What patients see today stays live: each existing snippet becomes live (0015 and nutrition's
  0004 added `live`, on by default) with its current content as its first, live revision, so
  its history starts from what was shipped or edited before this release.
- The "Clinical review" workflow covers the four snippet types, as it covers the page tree.
- Clinical editors and reviewers may lock and unlock the snippets they may change (symptoms,
  foods, synonym groups), as they may pages. Neither gets the new publish permission: only a
  reviewer's approval in the workflow publishes, on their behalf.
"""

from django.db import migrations
from django.utils import timezone

from modelcluster.models import get_serializable_data_for_fields

WORKFLOW = "Clinical review"
GROUPS = ["Clinical editors", "Clinical reviewers"]
# (app label, model, what the snippet is called in its history, its child relations)
SNIPPETS = [
    ("portal", "symptom", lambda obj: obj.name, []),
    ("portal", "reviewer", lambda obj: f"{obj.name}, {obj.credentials}" if obj.credentials else obj.name, []),
    ("portal", "synonymgroup", lambda obj: obj.terms, []),
    ("nutrition", "food", lambda obj: obj.name, ["nutrient_amounts"]),
]
# Reviewer profiles stay with site administrators (0014): the groups get no new permission on them.
LOCKABLE_BY_CLINICAL_GROUPS = [("portal", "symptom"), ("portal", "synonymgroup"), ("nutrition", "food")]


def content_type_id(apps, app_label, model):
    # By id: the ContentType class of this app state is not the one other apps' historical models
    # relate to when migrating backwards, and Django refuses to compare the two.
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0].pk


def make_first_revisions(apps):
    Revision = apps.get_model("wagtailcore", "Revision")
    now = timezone.now()
    for app_label, model_name, describe, child_relations in SNIPPETS:
        model = apps.get_model(app_label, model_name)
        snippet_type = content_type_id(apps, app_label, model_name)
        for obj in model.objects.filter(latest_revision=None):
            content = get_serializable_data_for_fields(obj)
            for relation in child_relations:
                content[relation] = [get_serializable_data_for_fields(child) for child in getattr(obj, relation).all()]
            revision = Revision.objects.create(
                content_type_id=snippet_type,
                base_content_type_id=snippet_type,
                object_id=str(obj.pk),
                created_at=now,
                object_str=describe(obj),
                content=content,
            )
            model.objects.filter(pk=obj.pk).update(
                live=True,
                latest_revision=revision,
                live_revision=revision,
                has_unpublished_changes=False,
                first_published_at=obj.first_published_at or now,
                last_published_at=obj.last_published_at or now,
            )


def review_snippets_in_the_workflow(apps):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    if workflow is None:
        return
    for app_label, model_name, _describe, _children in SNIPPETS:
        WorkflowContentType.objects.update_or_create(
            content_type_id=content_type_id(apps, app_label, model_name), defaults={"workflow": workflow}
        )


def lock_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for app_label, model_name in LOCKABLE_BY_CLINICAL_GROUPS:
        model = apps.get_model(app_label, model_name)
        for action in ("lock", "unlock"):
            # Wagtail creates these after migrating; the groups need them now.
            permission, _ = Permission.objects.get_or_create(
                content_type_id=content_type_id(apps, app_label, model_name),
                codename=f"{action}_{model_name}",
                defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
            )
            permissions.append(permission)
    return permissions


def forward(apps, schema_editor):
    make_first_revisions(apps)
    review_snippets_in_the_workflow(apps)
    permissions = lock_permissions(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def backward(apps, schema_editor):
    """Back to snippets edited live: what is live stays, drafts and their reviews go.

    Snippets that were never published would be shown to patients without this release, so
    migrating back waits until they are published or deleted.
    """
    drafts = [
        f"{model_name} {describe(obj)!r}"
        for app_label, model_name, describe, _children in SNIPPETS
        for obj in apps.get_model(app_label, model_name).objects.filter(live=False)
    ]
    if drafts:
        raise RuntimeError(
            "These snippets have never been published; without review they would be shown to "
            f"patients at once. Publish or delete them first: {', '.join(drafts)}"
        )
    for app_label, model_name, _describe, _children in SNIPPETS:
        snippet_type = content_type_id(apps, app_label, model_name)
        apps.get_model("wagtailcore", "WorkflowContentType").objects.filter(content_type_id=snippet_type).delete()
        apps.get_model("wagtailcore", "WorkflowState").objects.filter(base_content_type_id=snippet_type).delete()
        apps.get_model(app_label, model_name).objects.update(latest_revision=None, live_revision=None)
        # Nothing refers to these revisions any more. A queryset delete would collect the snippets
        # that once did, through model classes this backward state renders apart, which Django refuses.
        schema_editor.execute(
            "DELETE FROM wagtailcore_revision WHERE base_content_type_id = %s", [snippet_type]
        )
    permissions = lock_permissions(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0015_snippets_have_drafts_and_revisions"),
        ("nutrition", "0008_remove_foodnutrient_amount"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forward, backward)]
