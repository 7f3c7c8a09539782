from celery import shared_task


@shared_task
def ping_database(marker: str) -> str:
    """Health probe for operators and the worker test: proves a worker reaches the database
    by writing a marker row (an auth Group, a table every deployment has)."""
    from django.contrib.auth.models import Group

    Group.objects.get_or_create(name=f"worker-check-{marker}")
    return marker
