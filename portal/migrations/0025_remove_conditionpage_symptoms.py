from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0024_symptom_links_from_the_field"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="conditionpage",
            name="symptoms",
        ),
    ]
