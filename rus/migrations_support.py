"""Reference data written by a migration and again after every migrate/flush (post_migrate)."""


def load_agenda2030_goals(apps) -> None:
    from rus.agenda2030 import GOALS

    Agenda2030Goal = apps.get_model("rus", "Agenda2030Goal")
    for number, name, name_en in GOALS:
        Agenda2030Goal.objects.update_or_create(number=number, defaults={"name": name, "name_en": name_en})
