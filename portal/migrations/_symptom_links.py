"""Moving a page's symptoms from a many-to-many field to inline link rows, and back.

Shared by portal's conditions and nutrition's nutrients (the leading underscore keeps Django from
taking this module for a migration). Historical models only: the field and the link model exist
side by side in the migrations that call these.

- Every link becomes a row, the symptoms of a page in A-to-Z order: the order patients saw them
  in while they were a many-to-many field (the editor's order from then on).
- The page's revisions are rewritten the same way, so that a draft waiting for review, a preview
  of an older revision or a revert keeps its symptoms (a revision that names no link rows would
  show, and publish, the live page's).
- Backwards, the rows go back into the field and the revisions name the symptoms again.
"""

from itertools import groupby
from operator import itemgetter

BATCH = 500


class Relation:
    """One page type's symptoms: the old field, the new link model and its relation on the page."""

    def __init__(self, app_label, page_model, field, link_model, relation, parent_field):
        self.app_label, self.page_model, self.field = app_label, page_model, field
        self.link_model, self.relation, self.parent_field = link_model, relation, parent_field

    def models(self, apps):
        page_model = apps.get_model(self.app_label, self.page_model)
        through = getattr(page_model, self.field).through
        return through, apps.get_model(self.app_label, self.link_model)

    def revisions(self, apps):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Revision = apps.get_model("wagtailcore", "Revision")
        # By id: the ContentType class of one app state may not be the one another's models use.
        page_type = ContentType.objects.filter(app_label=self.app_label, model=self.page_model.lower()).first()
        if page_type is None:
            return Revision.objects.none()
        return Revision.objects.filter(content_type_id=page_type.pk).order_by("pk")

    def forwards(self, apps, schema_editor):
        through, link_model = self.models(apps)
        page_column = f"{self.page_model.lower()}_id"
        names = dict(apps.get_model("portal", "Symptom").objects.values_list("pk", "name"))

        def a_to_z(symptom_ids):
            return sorted(symptom_ids, key=lambda symptom_id: (names.get(symptom_id, "").casefold(), symptom_id))

        links = sorted(through.objects.values_list(page_column, "symptom_id"))
        rows = [
            link_model(**{f"{self.parent_field}_id": page_id}, symptom_id=symptom_id, sort_order=order)
            for page_id, group in groupby(links, key=itemgetter(0))
            for order, symptom_id in enumerate(a_to_z(symptom_id for _, symptom_id in group))
        ]
        link_model.objects.bulk_create(rows, batch_size=BATCH)
        row_ids = {
            (page_id, symptom_id): pk
            for pk, page_id, symptom_id in link_model.objects.values_list("pk", f"{self.parent_field}_id", "symptom_id")
        }

        def rewrite(revision):
            content = revision.content
            if self.field not in content:
                return False
            page_id = int(revision.object_id)
            content[self.relation] = [
                {
                    "pk": row_ids.get((page_id, symptom_id)),
                    "sort_order": order,
                    self.parent_field: page_id,
                    "symptom": symptom_id,
                }
                for order, symptom_id in enumerate(a_to_z(content.pop(self.field) or []))
            ]
            return True

        self.rewrite_revisions(apps, rewrite)

    def backwards(self, apps, schema_editor):
        through, link_model = self.models(apps)
        page_column = f"{self.page_model.lower()}_id"
        through.objects.bulk_create(
            [
                through(**{page_column: page_id}, symptom_id=symptom_id)
                for page_id, symptom_id in link_model.objects.values_list(f"{self.parent_field}_id", "symptom_id")
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )

        def rewrite(revision):
            content = revision.content
            if self.relation not in content:
                return False
            links = sorted(content.pop(self.relation) or [], key=lambda link: link.get("sort_order") or 0)
            content[self.field] = list(dict.fromkeys(link["symptom"] for link in links))
            return True

        self.rewrite_revisions(apps, rewrite)

    def rewrite_revisions(self, apps, rewrite):
        Revision = apps.get_model("wagtailcore", "Revision")
        changed = []
        for revision in self.revisions(apps).iterator(chunk_size=BATCH):
            if rewrite(revision):
                changed.append(revision)
            if len(changed) >= BATCH:
                Revision.objects.bulk_update(changed, ["content"])
                changed = []
        Revision.objects.bulk_update(changed, ["content"])
