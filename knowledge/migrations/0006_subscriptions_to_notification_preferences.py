"""The library's weekly digest moved into the notification centre (notifications/). Every person
with a subscription got the digest every Monday: each gets an explicit weekly preference for
documents, so nothing changes for them until they choose otherwise. The subscriptions stay:
they say which themes and municipalities the person follows; the centre says how often."""

from django.db import migrations


def subscriptions_to_preferences(apps, schema_editor):
    Subscription = apps.get_model("knowledge", "Subscription")
    Preference = apps.get_model("notifications", "Preference")
    subscribed = set(Subscription.objects.values_list("user_id", flat=True).distinct())
    chosen = set(Preference.objects.filter(kind="documents", user_id__in=subscribed).values_list("user_id", flat=True))
    Preference.objects.bulk_create(
        [Preference(user_id=user_id, email="", kind="documents", frequency="weekly") for user_id in subscribed - chosen]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0005_search_related_names"),
        ("notifications", "0001_initial"),
    ]

    operations = [migrations.RunPython(subscriptions_to_preferences, migrations.RunPython.noop)]
