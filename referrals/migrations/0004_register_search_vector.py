"""The register's full-text search reads a stored, generated tsvector (plan name, reference and
diary number in Swedish, accents folded) with a GIN index, instead of parsing every case."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    # planportal_unaccent (the IMMUTABLE unaccent the generated column calls) comes from knowledge.
    dependencies = [
        ("knowledge", "0004_immutable_unaccent"),
        ("referrals", "0003_consultation_overdue_reminder_and_units"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector(
                    models.Func(models.F("plan_name"), function="planportal_unaccent", output_field=models.TextField()),
                    models.Func(
                        models.F("sender_reference"), function="planportal_unaccent", output_field=models.TextField()
                    ),
                    models.Func(
                        models.F("diary_number"), function="planportal_unaccent", output_field=models.TextField()
                    ),
                    config="swedish",
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="referral_search_vector"),
        ),
    ]
