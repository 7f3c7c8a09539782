from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rus.models import StructureImage
from rus.services import structure_image_import


class Command(BaseCommand):
    help = "Importerar objekt till en strukturbild från GeoJSON eller GeoPackage (egenskaperna kind och name)."

    def add_arguments(self, parser):
        parser.add_argument("key", help="Strukturbildens nyckel, t.ex. persontransporter-2030")
        parser.add_argument("file", type=Path)

    def handle(self, *args, key, file, **options):
        image = StructureImage.objects.filter(key=key).first()
        if image is None:
            raise CommandError(f"Ingen strukturbild med nyckeln {key}.")
        # The command line is the operator's own: act as a superuser.
        actor = get_user_model()(is_superuser=True, is_active=True)
        try:
            result = structure_image_import(actor=actor, image=image, path=file)
        except ValidationError as exc:
            raise CommandError("\n".join(m for msgs in exc.message_dict.values() for m in msgs))
        self.stdout.write(self.style.SUCCESS(f"{result['created']} nya och {result['updated']} ändrade objekt."))
