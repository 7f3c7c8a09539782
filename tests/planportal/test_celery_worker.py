import pytest
from django.contrib.auth.models import Group

from planportal.tasks import ping_database


@pytest.mark.worker
def test_a_real_worker_runs_a_task_against_postgis(celery_worker_process):
    ping_database.delay("abc123")
    celery_worker_process(lambda: Group.objects.filter(name="worker-check-abc123").exists())
