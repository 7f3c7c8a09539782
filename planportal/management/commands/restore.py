"""`manage.py restore FILE` (`make restore FILE=…`): puts a backup back and checks it."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from planportal.backup import BackupError, Database, restore_backup


class Command(BaseCommand):
    help = (
        "Restores a backup made by `manage.py backup` into the configured database (or --database-url) and "
        "MEDIA_ROOT, then checks every table's row count and every file's sha256 against its manifest. "
        "Refuses a database that has tables unless --force, which drops everything in it first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="backups/planportal-….tar")
        parser.add_argument("--force", action="store_true", help="Empty a non-empty database; overwrite files.")
        parser.add_argument("--database-url", help="Restore into this database instead of the configured one.")
        parser.add_argument("--media-root", help="Restore the files here instead of MEDIA_ROOT.")

    def handle(self, *args, archive, force, database_url, media_root, **options):
        if database_url:
            database = Database.from_url(database_url)
        else:
            database = Database.from_settings(connection.settings_dict)
            connection.close()  # the restore may drop what this connection holds
        try:
            manifest = restore_backup(
                archive_path=archive,
                database=database,
                media_root=media_root or settings.MEDIA_ROOT,
                force=force,
                log=self.stdout.write,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = manifest["database"]["tables"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and checked: {len(tables)} tables, {sum(tables.values())} rows, "
                f"{len(manifest['media']['files'])} files. If this code is newer than the backup, run "
                "`manage.py migrate` next."
            )
        )
