"""Issue 13 item 7: `make backup` / `make restore FILE=…`. The test database, with rows of its own
and uploaded files, is backed up with pg_dump, restored into a FRESH database (created here,
dropped afterwards) and a fresh media folder, and every table's row count and every file's
sha256 come back equal."""

import hashlib
import io
import subprocess
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from planportal.backup import Database, row_counts
from tests.factories import OrganisationFactory, UserFactory, sweref_square

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump must see committed rows

ROOT = Path(__file__).resolve().parents[2]


def _sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _checksums(root):
    root = Path(root)
    return {p.relative_to(root).as_posix(): _sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def fresh_database():
    """An empty database on the test server, with a unique name; dropped afterwards."""
    source = Database.from_settings(connection.settings_dict)
    name = f"test_restore_{uuid.uuid4().hex[:12]}"
    admin = Database(source.name, source.user, source.password, source.host, source.port)
    with admin.connect(autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield Database(name, source.user, source.password, source.host, source.port)
    finally:
        with admin.connect(autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _url(database):
    return f"postgis://{database.user}@{database.host or '127.0.0.1'}:{database.port or 5432}/{database.name}"


@pytest.fixture
def portal_with_data(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    OrganisationFactory(municipality=True, boundary=sweref_square(), name="Backupkommun")
    OrganisationFactory.create_batch(3)
    UserFactory.create_batch(2)
    stored = [
        default_storage.save("knowledge/documents/plan.pdf", ContentFile(b"%PDF-1.4 en plan\n" * 500)),
        default_storage.save("layers/lager.geojson", ContentFile('{"type": "FeatureCollection", "features": []}')),
        default_storage.save("referrals/ärende med mellanslag.txt", ContentFile("åäö".encode())),
    ]
    return settings.MEDIA_ROOT, stored


def _source_counts():
    with connection.cursor() as cursor:
        return row_counts(cursor.cursor)


def test_backup_then_restore_into_a_fresh_database_gives_equal_rows_and_files(
    portal_with_data, fresh_database, tmp_path
):
    media_root, stored = portal_with_data
    call_command("backup", output_dir=str(tmp_path / "backups"))
    [archive] = (tmp_path / "backups").glob("planportal-*Z.tar")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "database.dump" in names and "manifest.json" in names
    assert {f"media/{name}" for name in stored} <= set(names)

    restored_media = tmp_path / "restored-media"
    call_command("restore", str(archive), database_url=_url(fresh_database), media_root=str(restored_media))

    expected = _source_counts()
    with fresh_database.connect() as conn, conn.cursor() as cursor:
        restored = row_counts(cursor)
        cursor.execute("SELECT name, ST_Area(boundary) FROM networks_organisation WHERE name = 'Backupkommun'")
        assert cursor.fetchone() == ("Backupkommun", pytest.approx(10000 * 10000))
        cursor.execute("SELECT extname FROM pg_extension")
        assert {"postgis", "pg_trgm", "unaccent"} <= {row[0] for row in cursor.fetchall()}
    assert restored == expected
    assert expected["public.networks_organisation"] >= 4 and expected["public.auth_user"] >= 2
    assert _checksums(restored_media) == _checksums(media_root)
    assert len(_checksums(restored_media)) == 3


def test_restore_refuses_a_database_with_tables_unless_forced(portal_with_data, fresh_database, tmp_path):
    media_root, _ = portal_with_data
    call_command("backup", output_dir=str(tmp_path / "backups"))
    [archive] = (tmp_path / "backups").glob("planportal-*.tar")
    with fresh_database.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE something_else (id int)")
        conn.execute("INSERT INTO something_else VALUES (1)")
    restored_media = tmp_path / "restored-media"
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), database_url=_url(fresh_database), media_root=str(restored_media))
    assert not restored_media.exists()  # nothing was touched

    call_command("restore", str(archive), database_url=_url(fresh_database), media_root=str(restored_media), force=True)
    with fresh_database.connect() as conn, conn.cursor() as cursor:
        restored = row_counts(cursor)
    assert "public.something_else" not in restored
    assert restored == _source_counts()
    assert _checksums(restored_media) == _checksums(media_root)


def test_a_damaged_archive_is_refused(portal_with_data, fresh_database, tmp_path):
    call_command("backup", output_dir=str(tmp_path / "backups"))
    [archive] = (tmp_path / "backups").glob("planportal-*.tar")
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "media/layers/lager.geojson":
                data = data.replace(b"[]", b"{}")
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="lager.geojson: checksum differs"):
        call_command("restore", str(damaged), database_url=_url(fresh_database), media_root=str(tmp_path / "out"))
    with fresh_database.connect() as conn, conn.cursor() as cursor:
        assert row_counts(cursor) == {}  # checked before anything was restored


def test_make_restore_without_a_file_says_how(tmp_path):
    result = subprocess.run(["make", "-s", "restore"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert "make restore FILE=" in result.stdout + result.stderr


def test_backups_folder_is_ignored_by_git():
    assert "backups/" in (ROOT / ".gitignore").read_text().split()
