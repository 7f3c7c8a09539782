from django.db import migrations


def load_goals(apps, schema_editor):
    from rus.agenda2030 import GOALS

    Agenda2030Goal = apps.get_model("rus", "Agenda2030Goal")
    for number, name, name_en in GOALS:
        Agenda2030Goal.objects.update_or_create(number=number, defaults={"name": name, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("rus", "0001_initial")]

    operations = [migrations.RunPython(load_goals, migrations.RunPython.noop)]
