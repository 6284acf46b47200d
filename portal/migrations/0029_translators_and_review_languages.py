"""Translations go through the clinical review like the pages they translate.

- Reviewers say which languages they review in (`review_languages`): every existing reviewer
  reviews English, the language the portal was written in, and only English until an
  administrator ticks another language on their profile. A reviewer signs off only pages and
  snippets in their languages.
- A "Translators" group drafts translations: it creates and edits pages and the snippets that
  have a language (symptoms, foods, synonym groups), uses wagtail-localize's translation tools
  and submits for review. Like the clinical editors it gets no publish permission, and it is in
  no task of the "Clinical review" workflow, so it never signs off.
"""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

import portal.core.snippets

TRANSLATORS = "Translators"
PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
# Translatable snippets: a translator adds their translation, edits it and sees them all.
SNIPPET_PERMISSIONS = [
    ("portal", "symptom", ["add", "change", "view", "lock", "unlock"]),
    ("portal", "synonymgroup", ["add", "change", "view", "lock", "unlock"]),
    ("nutrition", "food", ["add", "change", "view", "lock", "unlock"]),
    # Seen, to know who will sign off; only site administrators change reviewers (0014).
    ("portal", "reviewer", ["view"]),
]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["choose"]),
    ("wagtaildocs", "document", ["choose"]),
]
OTHER_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    # wagtail-localize's "Translate" and "Sync translated pages" (its own migrations create it).
    ("wagtail_localize", "submit_translation"),
]


def ensure_permissions(apps):
    # Permissions are normally created after all migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def create_translators(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    translators, _ = Group.objects.get_or_create(name=TRANSLATORS)
    for app_label, codename in OTHER_PERMISSIONS:
        translators.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))
    for app_label, model, actions in SNIPPET_PERMISSIONS:
        translators.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=[f"{action}_{model}" for action in actions]
            )
        )
    # The whole tree, as for the clinical roles: a translation is made beside its original, and
    # wagtail-localize makes the sections above it where a language has none yet.
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename in PAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=translators, page=root, permission=permission)
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, model, actions in COLLECTION_PERMISSIONS:
            for action in actions:
                permission = Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
                GroupCollectionPermission.objects.get_or_create(
                    group=translators, collection=root_collection, permission=permission
                )


def remove_translators(apps, schema_editor):
    """The group goes, with its permissions and memberships.

    Row by row, table by table: deleting the group through a queryset would collect the rows that
    refer to it through model classes this backward state renders apart, which Django refuses.
    """
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    group_ids = list(Group.objects.filter(name=TRANSLATORS).values_list("pk", flat=True))
    if not group_ids:
        return
    for model in [
        apps.get_model("wagtailcore", "GroupPagePermission"),
        apps.get_model("wagtailcore", "GroupCollectionPermission"),
        Group.permissions.through,
        User.groups.through,
    ]:
        model.objects.filter(group_id__in=group_ids)._raw_delete(schema_editor.connection.alias)
    Group.objects.filter(pk__in=group_ids)._raw_delete(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0028_room_for_longer_languages"),
        ("nutrition", "0017_room_for_longer_languages"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewer",
            name="review_languages",
            field=portal.core.snippets.ReviewLanguagesField(
                default=portal.core.snippets.default_review_languages,
                help_text=(
                    "The languages this clinician reads well enough to check a page against its "
                    "references. They sign off pages and translations in these languages only."
                ),
                verbose_name="languages they review in",
            ),
        ),
        migrations.RunPython(create_translators, remove_translators),
    ]
