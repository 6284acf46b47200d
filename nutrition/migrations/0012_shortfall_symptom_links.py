"""Nutrients link their shortfall symptoms through inline rows, picked in the symptom chooser (0013
moves the links into them, 0014 removes the many-to-many field)."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("nutrition", "0011_translatable_snippet_labels"),
        ("portal", "0021_translatable_snippet_labels"),
    ]

    operations = [
        migrations.CreateModel(
            name='NutrientShortfallSymptom',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='shortfall_symptom_links', to='nutrition.nutrientpage', verbose_name='page')),
                ('symptom', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shortfall_nutrient_links', to='portal.symptom', verbose_name='symptom')),
            ],
            options={
                'verbose_name': 'shortfall symptom link',
                'verbose_name_plural': 'shortfall symptom links',
                'ordering': ['sort_order'],
                'abstract': False,
                'unique_together': {('page', 'symptom')},
            },
        ),
    ]
