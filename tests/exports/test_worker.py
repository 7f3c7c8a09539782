"""A large export through a real Celery worker (Redis, solo pool) against the test database: the
job's progress reaches 100 %, and the file is served to its owner only."""

import pytest
from django.urls import reverse

from exports.models import ExportJob
from networks.models import Organisation
from planportal import roles
from tests.factories import UserFactory

from .support import body, read_csv


@pytest.mark.worker
def test_a_large_export_is_built_by_the_worker_and_served_to_its_owner_only(
    celery_worker_process, client, settings, planner
):
    settings.EXPORT_SYNC_MAX_ROWS = 100
    Organisation.objects.bulk_create(
        Organisation(name=f"Förening {n:04d}", slug=f"forening-{n}", kind=Organisation.Kind.OTHER) for n in range(700)
    )
    expected = Organisation.objects.filter(kind=Organisation.Kind.OTHER).count()
    client.force_login(planner)
    response = client.post(reverse("exports:list", args=["networks.organisations"]), {"format": "csv", "kind": "other"})
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    status_url = reverse("exports:job_status", args=[job.pk])
    seen = []

    def finished():
        status = client.get(status_url).json()
        seen.append(status["percent"])
        return status["finished"]

    celery_worker_process(finished, timeout=60)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    assert job.progress == 100 and job.processed_rows == job.total_rows == expected
    assert seen == sorted(seen) and seen[-1] == 100  # the bar only moves forward

    download = client.get(reverse("exports:job_file", args=[job.pk, job.filename]))
    rows = read_csv(download)
    assert len(rows) == expected + 1 and rows[1][0] == "Förening 0000"
    assert body(client.get(job.get_absolute_url())).decode().count(job.filename) >= 1

    client.force_login(UserFactory(username="someone-else", roles=[roles.PLANNER]))
    assert client.get(reverse("exports:job_file", args=[job.pk, job.filename])).status_code == 404
    assert client.get(status_url).status_code == 404
