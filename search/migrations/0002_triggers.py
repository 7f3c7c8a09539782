"""The triggers that keep the text tables current (search/triggers.py), and the texts of the
rows already there. After the library's migrations: they create `planportal_unaccent` and the
`planportal_sv_compound` text-search configuration the vectors are built with."""

from django.db import migrations

from search.triggers import install_sql, uninstall_sql


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("knowledge", "0005_search_related_names"),
    ]

    operations = [migrations.RunSQL(install_sql(), uninstall_sql())]
