"""Each sign-off is kept for the page's history, with the reviewer's note for patients.

Sign-offs given before this migration are in the audit log only (the "Clinical sign-off"
entries); they are copied into the history, without a note, as they had none.
"""

import datetime

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def sign_offs_from_the_audit_log(apps, schema_editor):
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    Reviewer = apps.get_model("portal", "Reviewer")
    SignOff = apps.get_model("portal", "SignOff")
    reviewers = {reviewer.user_id: reviewer for reviewer in Reviewer.objects.exclude(user=None)}
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    # Log entries outlive their pages and revisions (they point at them without a constraint).
    entries = PageLogEntry.objects.filter(action="portal.sign_off", page_id__in=Page.objects.values("pk"))
    revision_ids = set(Revision.objects.filter(pk__in=entries.values("revision_id")).values_list("pk", flat=True))
    SignOff.objects.bulk_create(
        SignOff(
            page_id=entry.page_id,
            revision_id=entry.revision_id if entry.revision_id in revision_ids else None,
            reviewer=reviewers.get(entry.user_id),
            reviewer_name=entry.data["reviewer"],
            reviewed_on=datetime.date.fromisoformat(entry.data["last_reviewed"]),
            next_review_due=datetime.date.fromisoformat(entry.data["next_review_due"]),
            signed_off_at=entry.timestamp,
        )
        for entry in entries.iterator()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0016_snippets_go_through_clinical_review'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SignOff',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reviewer_name', models.CharField(help_text="The reviewer's name and credentials at the time of the sign-off.", max_length=330, verbose_name='reviewer as patients were told')),
                ('reviewed_on', models.DateField(verbose_name='reviewed on')),
                ('next_review_due', models.DateField(verbose_name='next review due')),
                ('change_note', models.CharField(blank=True, help_text="The reviewer's one-line note for patients, or blank.", max_length=120, verbose_name='what changed at this review')),
                ('signed_off_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='signed off at')),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sign_offs', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='page')),
                ('reviewer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='sign_offs', to='portal.reviewer', verbose_name='reviewer')),
                ('revision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='revision')),
            ],
            options={
                'verbose_name': 'clinical sign-off',
                'verbose_name_plural': 'clinical sign-offs',
                'ordering': ['-signed_off_at', '-pk'],
                'indexes': [models.Index(fields=['page', '-signed_off_at'], name='sign_off_page_history')],
            },
        ),
        # Going back drops the table, and the history with it; the audit log keeps the sign-offs.
        migrations.RunPython(sign_offs_from_the_audit_log, migrations.RunPython.noop),
    ]
