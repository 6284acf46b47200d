"""The content version every cache is kept under, in the database so that every process sees it move."""

import uuid

from django.db import migrations, models
from django.utils import timezone


def create_the_version(apps, schema_editor):
    apps.get_model("portal", "ContentVersion").objects.create(
        pk=1, token=uuid.uuid4().hex, changed_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0009_safety_settings"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32)),
                ("changed_at", models.DateTimeField()),
                ("next_expiry", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "constraints": [models.CheckConstraint(condition=models.Q(("pk", 1)), name="one_content_version")],
            },
        ),
        migrations.RunPython(create_the_version, migrations.RunPython.noop),
    ]
