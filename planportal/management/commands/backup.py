"""`manage.py backup` (`make backup`): the database and the uploaded files in one archive."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from planportal.backup import BackupError, Database, create_backup


class Command(BaseCommand):
    help = (
        "Writes backups/planportal-<UTC time>.tar: the configured database (pg_dump -Fc), the files under "
        "MEDIA_ROOT and a manifest with each table's row count and each file's sha256."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=str(settings.BASE_DIR / "backups"), help="Folder of the archive.")

    def handle(self, *args, output_dir, **options):
        database = Database.from_settings(connection.settings_dict)
        try:
            path, manifest = create_backup(database=database, media_root=settings.MEDIA_ROOT, output_dir=output_dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"{path}: {len(tables)} tables, {sum(tables.values())} rows, {len(manifest['media']['files'])} files."
        )
