import importlib

from django.core.management.base import BaseCommand
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, transaction

# Each app's `demo.py` has `load(stdout)`; they run bottom to top, each idempotent.
DEMO_APPS = ["networks", "rus", "knowledge", "referrals"]


class Command(BaseCommand):
    help = "Loads the demo data (idempotent: a second run changes nothing and adds nothing)."

    def handle(self, *args, **options):
        # The reference data migrations write (roles, units, the global goals) first, as after
        # `migrate`: a database emptied by `flush` gets it back instead of a half demo.
        emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
        for name in DEMO_APPS:
            try:
                module = importlib.import_module(f"{name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demodata inläst."))
