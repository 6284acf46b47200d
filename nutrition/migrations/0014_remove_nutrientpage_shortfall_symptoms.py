from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("nutrition", "0013_shortfall_symptom_links_from_the_field"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="nutrientpage",
            name="shortfall_symptoms",
        ),
    ]
