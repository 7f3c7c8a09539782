from django.core.management.base import BaseCommand
from django.db import connection, transaction

from knowledge import search


class Command(BaseCommand):
    help = (
        "Sets up Swedish search: uses the Hunspell dictionary (sv_se in PostgreSQL's tsearch_data) when the "
        "server has it, else Snowball only, and re-indexes the documents when that changed. Idempotent."
    )

    def handle(self, *args, **options):
        before = search.hunspell_in_use()
        with transaction.atomic(), connection.cursor() as cursor:
            after = search.install_text_search_config(cursor)
            if after != before:
                cursor.execute("UPDATE knowledge_document SET title = title")  # the trigger rebuilds the vectors
        state = "Hunspell (sv_se) + Snowball" if after else "Snowball only (no sv_se dictionary on the server)"
        self.stdout.write(f"Swedish search: {state}{'; documents re-indexed' if after != before else ''}.")
