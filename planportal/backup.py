"""One archive holds the whole portal: the database (pg_dump's custom format), the uploaded
files under MEDIA_ROOT, and a manifest with each table's row count and each file's sha256.

`manage.py backup` / `make backup` writes it; `manage.py restore` / `make restore FILE=…` puts
it back into an empty database (or, with --force, one that is emptied first) and checks that
every count and every checksum came back equal.

The row counts are taken inside the very snapshot pg_dump reads (pg_export_snapshot), so
they describe the dump exactly even while the portal keeps writing. Extensions (PostGIS,
pg_trgm, unaccent) are not restored from the dump: they are created in the target database
with its own installed version, and the dump's extension entries are left out, because an
extension's objects belong to the server's packages and not to the portal's data.

Operators read these messages in a terminal, like Django's own commands: English.
"""

import hashlib
import io
import json
import os
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import psycopg
from psycopg import sql

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something an operator must act on; the message says what."""


@dataclass(frozen=True)
class Database:
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, settings_dict):
        return cls(
            name=settings_dict["NAME"],
            user=settings_dict.get("USER") or "",
            password=settings_dict.get("PASSWORD") or "",
            host=settings_dict.get("HOST") or "",
            port=str(settings_dict.get("PORT") or ""),
        )

    @classmethod
    def from_url(cls, url):
        import environ

        return cls.from_settings(environ.Env.db_url_config(url))

    def connect(self, **kwargs):
        return psycopg.connect(
            dbname=self.name,
            user=self.user or None,
            password=self.password or None,
            host=self.host or None,
            port=self.port or None,
            **kwargs,
        )

    def tool_args(self):
        args = ["--dbname", self.name, "--no-password"]
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return args

    def tool_env(self):
        environment = dict(os.environ)
        if self.password:
            environment["PGPASSWORD"] = self.password
        return environment


# --- reading a database -----------------------------------------------------------------------

TABLES_SQL = """
    SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
      AND n.nspname NOT LIKE 'pg_temp%'
    ORDER BY 1, 2
"""

# Tables that are not part of an extension (PostGIS's spatial_ref_sys is): the portal's own.
OWN_TABLES_SQL = """
    SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
      AND n.nspname NOT LIKE 'pg_temp%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                      AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY 1
"""


def row_counts(cursor):
    """{"schema.table": rows} for every table of the database, extensions' tables included."""
    cursor.execute(TABLES_SQL)
    counts = {}
    for schema, table in cursor.fetchall():
        cursor.execute(sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
        counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def extensions(cursor):
    cursor.execute("SELECT extname, extversion FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1")
    return dict(cursor.fetchall())


def own_tables(database):
    with database.connect() as conn, conn.cursor() as cursor:
        cursor.execute(OWN_TABLES_SQL)
        return [row[0] for row in cursor.fetchall()]


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(media_root):
    """Relative POSIX paths of the regular files under media_root (links are not followed)."""
    root = Path(media_root)
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return found


# --- backup -----------------------------------------------------------------------------------


def _run(command, database, what):
    result = subprocess.run(command, env=database.tool_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} failed ({' '.join(command[:1])} exit {result.returncode}):\n{result.stderr.strip()}")
    return result.stdout


def create_backup(*, database, media_root, output_dir, now=None):
    """Writes planportal-<UTC timestamp>.tar into output_dir and returns its path and manifest."""
    now = now or datetime.now(UTC)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"planportal-{now:%Y%m%dT%H%M%S}Z.tar"
    if target.exists():
        raise BackupError(f"{target} exists already.")
    partial = target.with_suffix(".tar.partial")
    with tempfile.TemporaryDirectory(prefix="planportal-backup-") as work:
        dump = Path(work) / DUMP
        # REPEATABLE READ + an exported snapshot: the counts and pg_dump see the same data.
        with database.connect() as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            with conn.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot, server_version = cursor.fetchone()
                counts = row_counts(cursor)
                installed = extensions(cursor)
                _run(
                    ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(dump)]
                    + database.tool_args(),
                    database,
                    "pg_dump",
                )
            conn.rollback()
        files = {}
        try:
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
                archive.add(dump, arcname=DUMP, recursive=False)
                for relative in media_files(media_root):
                    files[relative] = _add_hashed(archive, Path(media_root) / relative, MEDIA_PREFIX + relative)
                manifest = {
                    "format": FORMAT,
                    "created": now.isoformat(),
                    "database": {
                        "name": database.name,
                        "server_version": server_version,
                        "dump": DUMP,
                        "dump_sha256": sha256_file(dump),
                        "extensions": installed,
                        "tables": counts,
                    },
                    "media": {"files": files},
                }
                data = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o644
                archive.addfile(info, io.BytesIO(data))
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target, manifest


class _HashingReader:
    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_hashed(archive, path, arcname):
    """Adds a file, hashing the very bytes that go into the archive."""
    info = archive.gettarinfo(path, arcname=arcname)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(path, "rb") as handle:
        reader = _HashingReader(handle)
        archive.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": info.size}


# --- restore ----------------------------------------------------------------------------------


def read_manifest(archive):
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError(f"The archive has no {MANIFEST}: not a Planportalen backup.") from None
    manifest = json.load(archive.extractfile(member))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} (this version reads {FORMAT}).")
    return manifest


def _safe_relative(name):
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Refusing the archive member {name!r}: not a plain relative path.")
    return path


def _extract_checked(archive, arcname, destination, expected_sha256):
    """Streams one member to destination (through a temporary name), checking its sha256."""
    try:
        member = archive.getmember(arcname)
    except KeyError:
        raise BackupError(f"The archive lacks {arcname}, which its manifest lists.") from None
    if not member.isfile():
        raise BackupError(f"Refusing the archive member {arcname!r}: not a regular file.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".restoring")
    digest = hashlib.sha256()
    source = archive.extractfile(member)
    with open(partial, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != expected_sha256:
        partial.unlink()
        raise BackupError(f"{arcname}: checksum differs from the manifest; the archive is damaged.")
    os.replace(partial, destination)


def _check_media_members(archive, files):
    """Reads every file of the archive once before anything is restored: a damaged archive
    leaves the database and the files as they were."""
    for relative, entry in files.items():
        try:
            member = archive.getmember(MEDIA_PREFIX + relative)
        except KeyError:
            raise BackupError(f"The archive lacks {MEDIA_PREFIX + relative}, which its manifest lists.") from None
        if not member.isfile():
            raise BackupError(f"Refusing the archive member {member.name!r}: not a regular file.")
        digest = hashlib.sha256()
        source = archive.extractfile(member)
        while chunk := source.read(CHUNK):
            digest.update(chunk)
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(f"{member.name}: checksum differs from the manifest; the archive is damaged.")


TOC_EXTENSION = re.compile(r"^\d+; \d+ \d+ (EXTENSION|COMMENT - EXTENSION) ")


def _restore_list(dump, database):
    listing = _run(["pg_restore", "--list", str(dump)], database, "pg_restore --list")
    kept = [line for line in listing.splitlines() if not TOC_EXTENSION.match(line)]
    return "\n".join(kept) + "\n"


def _empty_database(database):
    """Drops every schema's contents (extensions in them too) and recreates `public`."""
    with database.connect(autocommit=True) as conn:
        schemas = [
            row[0]
            for row in conn.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema')"
                " AND nspname NOT LIKE 'pg_toast%' AND nspname NOT LIKE 'pg_temp%'"
            ).fetchall()
        ]
        with conn.transaction():
            for schema in schemas:
                conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
            conn.execute("CREATE SCHEMA public")
            conn.execute("GRANT USAGE ON SCHEMA public TO PUBLIC")


def _create_extensions(database, names):
    with database.connect(autocommit=True) as conn:
        for name in names:
            try:
                conn.execute(sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(sql.Identifier(name)))
            except psycopg.Error as exc:
                raise BackupError(
                    f"Could not create the extension {name} in {database.name} ({exc}). A superuser can run "
                    f'once: psql -d {database.name} -c "CREATE EXTENSION {name}", then restore again.'
                ) from exc


def restore_backup(*, archive_path, database, media_root, force=False, log=print):
    """Restores the archive; returns the manifest. Raises BackupError, touching nothing, when
    the database has tables or a file would be overwritten by a different one (unless force)."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"No such backup: {archive_path}")
    media_root = Path(media_root)
    with tarfile.open(archive_path, "r:") as archive:
        manifest = read_manifest(archive)
        files = manifest["media"]["files"]
        for relative in files:
            _safe_relative(relative)
        existing = own_tables(database)
        if existing and not force:
            raise BackupError(
                f"The database {database.name} is not empty "
                f"({len(existing)} tables and sequences, e.g. {existing[0]}). "
                "Restore into an empty database, or add FORCE=1 (--force) to drop everything in it first."
            )
        conflicts = [
            rel
            for rel, entry in files.items()
            if (media_root / rel).is_file() and sha256_file(media_root / rel) != entry["sha256"]
        ]
        if conflicts and not force:
            raise BackupError(
                f"{len(conflicts)} files under {media_root} differ from the backup's (e.g. {conflicts[0]}). "
                "Add FORCE=1 (--force) to overwrite them."
            )
        _check_media_members(archive, files)
        with tempfile.TemporaryDirectory(prefix="planportal-restore-") as work:
            dump = Path(work) / DUMP
            _extract_checked(archive, DUMP, dump, manifest["database"]["dump_sha256"])
            if existing:
                log(f"Emptying {database.name} ({len(existing)} tables and sequences) …")
                _empty_database(database)
            _create_extensions(database, manifest["database"]["extensions"])
            listing = Path(work) / "restore.list"
            listing.write_text(_restore_list(dump, database))
            log(f"Restoring the database into {database.name} …")
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    "--use-list",
                    str(listing),
                ]
                + database.tool_args()
                + [str(dump)],
                database,
                "pg_restore",
            )
        log(f"Restoring {len(files)} files into {media_root} …")
        for relative, entry in files.items():
            destination = media_root / _safe_relative(relative)
            if destination.is_file() and sha256_file(destination) == entry["sha256"]:
                continue
            _extract_checked(archive, MEDIA_PREFIX + relative, destination, entry["sha256"])
    differences = verify(manifest, database=database, media_root=media_root)
    if differences:
        raise BackupError("The restored portal differs from the backup:\n" + "\n".join(differences))
    return manifest


def verify(manifest, *, database, media_root):
    """What differs between the manifest and the database + files now: [] when all is equal."""
    with database.connect() as conn, conn.cursor() as cursor:
        counts = row_counts(cursor)
    expected = manifest["database"]["tables"]
    differences = [
        f"table {name}: {expected.get(name, 'absent')} rows in the backup, {counts.get(name, 'absent')} now"
        for name in sorted(set(expected) | set(counts))
        if expected.get(name) != counts.get(name)
    ]
    for relative, entry in manifest["media"]["files"].items():
        path = Path(media_root) / relative
        if not path.is_file():
            differences.append(f"file {relative}: missing")
        elif sha256_file(path) != entry["sha256"]:
            differences.append(f"file {relative}: checksum differs")
    return differences
