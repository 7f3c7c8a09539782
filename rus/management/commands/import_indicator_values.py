from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rus.services import decode_upload, import_indicator_values


class Command(BaseCommand):
    help = (
        "Importerar indikatorvärden från en CSV-fil i Koladas form (kpi, municipality, period, value). "
        "Allt eller inget: varje felaktig rad listas med radnummer och ingenting sparas."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.exists():
            raise CommandError(f"{file}: filen finns inte.")
        try:
            result = import_indicator_values(content=decode_upload(file.read_bytes()), check_actor=False)
        except ValidationError as exc:
            raise CommandError(" ".join(m for msgs in exc.message_dict.values() for m in msgs))
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"Rad {error['line']}: {error['message']}")
            raise CommandError(f"{len(result.errors)} fel i {file.name}; ingenting sparades.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.total} rader: {result.created} nya, {result.updated} ändrade, "
                f"{result.unchanged} oförändrade värden."
            )
        )
