from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from planportal.geodata import GeodataError, open_vector_file

from ...boundaries import BoundaryImportError, import_boundaries


class Command(BaseCommand):
    help = (
        "Läser in kommungränser från GeoJSON, GeoPackage eller zippad Shapefile (valfritt koordinatsystem), "
        "matchar på SCB-kod och sparar i SWEREF 99 TM. Allt eller inget."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Sökväg till .geojson, .gpkg eller .zip (Shapefile)")
        parser.add_argument("--code-field", help="Fältet med den fyrsiffriga kommunkoden (t.ex. kommunkod)")
        parser.add_argument("--name-field", help="Fältet med kommunens namn, för nya kommuner")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            with open_vector_file(path) as layer:
                total = len(layer)
        except GeodataError as exc:
            raise CommandError(str(exc))
        bar = tqdm(total=total, desc="Kommungränser", unit="objekt", file=self.stderr._out, disable=None)
        try:
            summary = import_boundaries(
                path, code_field=options["code_field"], name_field=options["name_field"], progress=lambda: bar.update()
            )
        except BoundaryImportError as exc:
            raise CommandError(f"{exc} Inget sparades.")
        finally:
            bar.close()
        out = self.stdout
        out.write(
            f"Klart: {len(summary.created)} skapade, {len(summary.updated)} uppdaterade, "
            f"{len(summary.unchanged)} oförändrade, {len(summary.skipped)} överhoppade."
        )
        for label in summary.created:
            out.write(f"  skapad: {label}")
        for label in summary.updated:
            out.write(f"  uppdaterad: {label}")
        for where, reason in summary.skipped:
            out.write(f"  överhoppad: {where}: {reason}")
        for note in summary.repaired:
            out.write(self.style.WARNING(f"  lagad geometri: {note}"))
