"""The take-home text each meeting had (Minutes.summary) becomes the meeting's general
take-home (a TakeHome without an organisation). It was written by the coordinator on the
minutes form, for every member organisation alike, and who wrote it was not recorded: giving
it to one organisation (the Region's, or the writer's) would claim what nobody knows. Each
organisation's representative now writes their own beside it."""

from django.db import migrations


def summary_to_take_home(apps, schema_editor):
    Minutes = apps.get_model("networks", "Minutes")
    TakeHome = apps.get_model("networks", "TakeHome")
    TakeHome.objects.bulk_create(
        [
            TakeHome(meeting_id=meeting_id, organisation=None, text=summary)
            for meeting_id, summary in Minutes.objects.exclude(summary="").values_list("meeting_id", "summary")
        ],
        ignore_conflicts=True,
    )


def take_home_to_summary(apps, schema_editor):
    Minutes = apps.get_model("networks", "Minutes")
    TakeHome = apps.get_model("networks", "TakeHome")
    for meeting_id, text in TakeHome.objects.filter(organisation__isnull=True).values_list("meeting_id", "text"):
        Minutes.objects.filter(meeting_id=meeting_id).update(summary=text)


class Migration(migrations.Migration):
    dependencies = [("networks", "0004_take_home")]

    operations = [migrations.RunPython(summary_to_take_home, take_home_to_summary)]
