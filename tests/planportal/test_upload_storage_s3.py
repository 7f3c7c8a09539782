"""UPLOADS_STORAGE=s3 (docs/DEPLOYMENT.md): uploads go to an S3-compatible bucket through
django-storages, and the permission-checking views stream them back from it. moto stands in
for the bucket inside this process (the boto3 calls are real; only the endpoint is moto's)."""

import datetime

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from moto import mock_aws
from rest_framework.test import APIClient

from referrals.models import ReferralDocument
from tests.referrals.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

BUCKET = "planportal-uploads"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def s3_uploads(settings, tmp_path):
    with mock_aws():
        boto3.client("s3", region_name="eu-north-1").create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
        )
        settings.MEDIA_ROOT = tmp_path  # nothing may land here
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {"bucket_name": BUCKET, "region_name": "eu-north-1", "default_acl": None},
            },
        }
        yield boto3.client("s3", region_name="eu-north-1")


def test_a_referral_document_is_stored_in_the_bucket_and_served_through_the_permission_check(
    s3_uploads, case_officer, tmp_path
):
    kumla = MunicipalityFactory(name="Kumla kommun", slug="kumla", code="1881")
    api = APIClient()
    api.force_authenticate(case_officer)
    today = timezone.localdate()
    response = api.post(
        "/api/v1/referrals/",
        {
            "sender": kumla.code,
            "sender_reference": "KS 2026/88",
            "plan_name": "Detaljplan i molnet",
            "plan_type": "dp",
            "phase": "samrad",
            "received": today.isoformat(),
            "deadline": (today + datetime.timedelta(days=30)).isoformat(),
            "contact_email": "plan@kumla.se",
            "confidential": "true",
            "files": [SimpleUploadedFile("Planbeskrivning.pdf", PDF, content_type="application/pdf")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()

    document = ReferralDocument.objects.get(referral_id=response.json()["id"], name="Planbeskrivning.pdf")
    keys = [item["Key"] for item in s3_uploads.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert keys == [document.file.name]
    assert s3_uploads.get_object(Bucket=BUCKET, Key=document.file.name)["Body"].read() == PDF
    assert not any(tmp_path.rglob("*")), "the upload went to the local disk"

    download = next(d for d in response.json()["documents"] if d["kind"] == "file")["download"]
    api.force_login(case_officer)  # the download is a page view: the session signs in
    served = api.get(download)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF
    api.force_authenticate(None)
    api.logout()
    assert api.get(download).status_code in (302, 403, 404)  # confidential: not for the public
