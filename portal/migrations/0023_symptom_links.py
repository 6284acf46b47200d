"""Conditions link their symptoms through inline rows, picked in the symptom chooser (0024 moves the
links into them, 0025 removes the many-to-many field)."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0022_sign_off_went_live"),
    ]

    operations = [
        migrations.CreateModel(
            name='ConditionSymptom',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('condition', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='symptom_links', to='portal.conditionpage', verbose_name='condition')),
                ('symptom', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='condition_links', to='portal.symptom', verbose_name='symptom')),
            ],
            options={
                'verbose_name': 'symptom link',
                'verbose_name_plural': 'symptom links',
                'ordering': ['sort_order'],
                'abstract': False,
                'unique_together': {('condition', 'symptom')},
            },
        ),
    ]
