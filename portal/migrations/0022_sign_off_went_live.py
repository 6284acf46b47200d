"""A sign-off joins the page history when the version it approved goes live.

Until now the history listed every sign-off given before the page's last publish, so one for a
go-live time that was cancelled (or overtaken by a later version) was shown to patients with
its note, although that version never reached them. Existing sign-offs are marked as gone live
where their revision's publish is in the audit log, or, where the revision was purged, as the
history showed them until now.
"""

from django.db import migrations, models


def sign_offs_that_went_live(apps, schema_editor):
    SignOff = apps.get_model("portal", "SignOff")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    revision_ids = SignOff.objects.exclude(revision=None).values("revision_id")
    published = {}
    for revision_id, timestamp in (
        PageLogEntry.objects.filter(action="wagtail.publish", revision_id__in=revision_ids)
        .order_by("timestamp")
        .values_list("revision_id", "timestamp")
    ):
        published.setdefault(revision_id, timestamp)
    for sign_off in SignOff.objects.select_related("page").iterator():
        if sign_off.revision_id is not None:
            went_live_at = published.get(sign_off.revision_id)
        else:
            last_published = sign_off.page.last_published_at
            went_live_at = (
                sign_off.signed_off_at
                if last_published and sign_off.signed_off_at <= last_published
                else None
            )
        if went_live_at:
            SignOff.objects.filter(pk=sign_off.pk).update(went_live_at=went_live_at)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0021_translatable_snippet_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="signoff",
            name="went_live_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the signed-off version was published; blank while it has not gone live.",
                null=True,
                verbose_name="went live at",
            ),
        ),
        migrations.RunPython(sign_offs_that_went_live, migrations.RunPython.noop, elidable=True),
    ]
