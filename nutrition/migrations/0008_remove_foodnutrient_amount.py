"""A food's amount is now a number, a unit and whether it is approximate (0005 moved them over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("nutrition", "0007_amounts_become_figures"),
    ]

    operations = [
        migrations.RemoveField(model_name="foodnutrient", name="amount"),
    ]
