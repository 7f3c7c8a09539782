"""Importing earlier referral cases from a CSV file (issue 9, part 14): the officer uploads the
file (size and type checked before it is read), an ImportJob is saved and a Celery task reads it.
Every row is checked first (progress on the job as it goes); one error anywhere and nothing is
saved — the errors name row and column. Otherwise all cases are saved in one transaction, each
with an `imported` event. Errors are stored as codes with parameters and worded when shown, in
the reader's language (`error_text`)."""

import csv
import datetime
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from networks.models import Organisation
from planportal.csvexport import SafeWriter
from planportal.outbox import enqueue
from planportal.uploads import validate_upload

from ..models import ImportJob, Phase, PlanType, Referral, ReferralEvent, Reply
from . import events, numbering
from .words import sv

# The columns: key, Swedish header (shown and in the example file), other accepted headers, required.
COLUMNS = [
    ("diary_number", gettext_lazy("diarienummer"), ["diary number", "dnr"], False),
    ("sender", gettext_lazy("avsändare"), ["sender", "kommun", "kommunkod"], True),
    ("sender_reference", gettext_lazy("avsändarens beteckning"), ["sender reference", "beteckning"], False),
    ("plan_name", gettext_lazy("planens namn"), ["plan name", "plan", "ärende"], True),
    ("plan_type", gettext_lazy("plantyp"), ["plan type"], True),
    ("phase", gettext_lazy("skede"), ["phase"], True),
    ("received", gettext_lazy("inkommen"), ["received", "inkom"], True),
    ("deadline", gettext_lazy("sista svarsdag"), ["deadline", "svarsdag"], True),
    ("status", gettext_lazy("status"), [], False),
    ("sent_on", gettext_lazy("skickat"), ["sent", "sent on", "yttrande skickat"], False),
    ("contact_name", gettext_lazy("kontaktperson"), ["contact", "contact name", "contact person"], False),
    (
        "contact_email",
        gettext_lazy("kontaktpersonens e-post"),
        ["e-post", "contact email", "email", "contact person's e-mail"],
        False,
    ),
    ("reply_text", gettext_lazy("yttrande"), ["reply", "yttrandets text"], False),
]
SWEDISH_HEADERS = {
    "diary_number": "diarienummer", "sender": "avsändare", "sender_reference": "avsändarens beteckning",
    "plan_name": "planens namn", "plan_type": "plantyp", "phase": "skede", "received": "inkommen",
    "deadline": "sista svarsdag", "status": "status", "sent_on": "skickat", "contact_name": "kontaktperson",
    "contact_email": "kontaktpersonens e-post", "reply_text": "yttrande",
}  # fmt: skip
PLAN_TYPES = {
    "op": "op", "öp": "op", "översiktsplan": "op", "fop": "fop", "föp": "fop", "fördjupad översiktsplan": "fop",
    "dp": "dp", "detaljplan": "dp", "ob": "ob", "områdesbestämmelser": "ob", "program": "program",
    "planprogram": "program", "other": "other", "annan": "other", "annan plan eller strategi": "other",
    "strategi": "other",
}  # fmt: skip
PHASES = {
    "samrad": "samrad", "samråd": "samrad", "granskning": "granskning", "underrattelse": "underrattelse",
    "underrättelse": "underrattelse", "other": "other", "annat": "other", "annat skede": "other",
}  # fmt: skip
STATUSES = {
    "registered": "registered", "registrerad": "registered", "in_progress": "in_progress",
    "under handläggning": "in_progress", "pågående": "in_progress", "answered": "answered", "besvarad": "answered",
    "declined": "declined", "avstått": "declined", "avstått från att yttra sig": "declined", "avstår": "declined",
}  # fmt: skip
for _choices, _table in ((PlanType, PLAN_TYPES), (Phase, PHASES), (Referral.Status, STATUSES)):
    for _value, _label in _choices.choices:
        _table.setdefault(str(_label).lower(), _value)

# Error codes -> message (parameters: row, column, value, other).
MESSAGES = {
    "missing_column": gettext_lazy("Kolumnen ”%(column)s” saknas i filens rubrikrad."),
    "unknown_column": gettext_lazy("Rubrikrad, kolumn ”%(value)s”: okänd kolumn."),
    "no_rows": gettext_lazy("Filen har inga rader med remisser under rubrikraden."),
    "too_many_rows": gettext_lazy("Filen har %(value)s rader; högst %(other)s tas emot i en import."),
    "required": gettext_lazy("Rad %(row)s, kolumn ”%(column)s”: värde saknas."),
    "unknown_sender": gettext_lazy("Rad %(row)s, kolumn ”%(column)s”: okänd kommun ”%(value)s”."),
    "bad_date": gettext_lazy("Rad %(row)s, kolumn ”%(column)s”: ”%(value)s” är inget datum (skriv ÅÅÅÅ-MM-DD)."),
    "bad_choice": gettext_lazy("Rad %(row)s, kolumn ”%(column)s”: okänt värde ”%(value)s” (tillåtna: %(other)s)."),
    "deadline_before": gettext_lazy(
        "Rad %(row)s, kolumn ”%(column)s”: sista svarsdag %(value)s är före inkommen-datum %(other)s."
    ),
    "sent_before": gettext_lazy(
        "Rad %(row)s, kolumn ”%(column)s”: skickat-datum %(value)s är före inkommen-datum %(other)s."
    ),
    "future": gettext_lazy("Rad %(row)s, kolumn ”%(column)s”: datumet %(value)s ligger i framtiden."),
    "sent_required": gettext_lazy(
        "Rad %(row)s, kolumn ”%(column)s”: en besvarad remiss (eller en där regionen avstått) behöver skickat-datum."
    ),
    "bad_diary": gettext_lazy(
        "Rad %(row)s, kolumn ”%(column)s”: ”%(value)s” går inte att tolka som diarienummer (år och löpnummer)."
    ),
    "diary_taken": gettext_lazy("Rad %(row)s, kolumn ”%(column)s”: diarienumret %(value)s finns redan."),
    "diary_twice": gettext_lazy("Rad %(row)s, kolumn ”%(column)s”: diarienumret %(value)s står även på rad %(other)s."),
    "too_long": gettext_lazy("Rad %(row)s, kolumn ”%(column)s”: högst %(other)s tecken."),
    "bad_email": gettext_lazy("Rad %(row)s, kolumn ”%(column)s”: ”%(value)s” är ingen e-postadress."),
    "bad_row": gettext_lazy("Rad %(row)s: raden har fler fält än rubrikraden."),
    "unreadable": gettext_lazy("Filen kunde inte läsas som CSV: %(value)s"),
    "saving": gettext_lazy("Remisserna kunde inte sparas: %(value)s. Ingenting sparades."),
}
# What the message about an unknown value lists (the Swedish words; the codes are accepted too).
ALLOWED = {
    "plan_type": "ÖP, FÖP, detaljplan, områdesbestämmelser, planprogram, annan",
    "phase": "samråd, granskning, underrättelse, annat",
    "status": "registrerad, under handläggning, besvarad, avstått",
}
MAX_ROWS = 5000
PROGRESS_EVERY = 25
DIARY = re.compile(r"(?P<year>(?:19|20)\d\d)\D+(?P<seq>\d{1,6})\s*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_LENGTHS = {"sender_reference": 100, "plan_name": 300, "contact_name": 200, "diary_number": 40}


def max_mb() -> float:
    return getattr(settings, "REFERRAL_IMPORT_MAX_MB", 5)


def column_header(key: str) -> str:
    return str(next(label for k, label, _a, _r in COLUMNS if k == key))


def error_text(entry: dict) -> str:
    """A stored error in the current language."""
    params = dict(entry)
    if params.get("column"):
        params["column"] = column_header(params["column"])
    params = {k: params.get(k, "") for k in ("row", "column", "value", "other")}
    return str(MESSAGES.get(entry.get("code"), MESSAGES["unreadable"])) % params


def _err(code, row=None, column=None, value="", other=""):
    return {"code": code, "row": row, "column": column, "value": str(value)[:200], "other": str(other)[:200]}


# --- starting --------------------------------------------------------------------------------


def import_start(*, upload, actor) -> ImportJob:
    """Checks the upload (type and size before reading) and saves the job; the task runs after commit."""
    events.require_officer(actor)
    checked = validate_upload(upload, kinds=("csv",), max_mb=max_mb(), field="file")
    with transaction.atomic():
        job = ImportJob(original_name=checked.name, created_by=actor)
        job.file.save(f"import-{timezone.now():%Y%m%d-%H%M%S}.csv", ContentFile(upload.read()), save=False)
        job.save()
        from .. import tasks

        enqueue(tasks.run_import, job.pk)
    return job


# --- reading ---------------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # older spreadsheets' "CSV (semikolonavgränsad)"


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ";"


def _header_keys(header: list[str]) -> tuple[list[str | None], list[dict]]:
    aliases = {}
    for key, label, others, _required in COLUMNS:
        for name in (SWEDISH_HEADERS[key], str(label), key, *others):
            aliases[name.strip().lower()] = key
    keys, errors = [], []
    for name in header:
        clean = name.strip().lower()
        if not clean:
            keys.append(None)
            continue
        if clean not in aliases:
            errors.append(_err("unknown_column", value=name.strip()))
        keys.append(aliases.get(clean))
    for key, _label, _others, required in COLUMNS:
        if required and key not in keys:
            errors.append(_err("missing_column", column=key))
    return keys, errors


def _date(text: str):
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@dataclass
class _Row:
    number: int
    values: dict
    sender: Organisation | None = None
    diary: tuple | None = None


class _Senders:
    """Organisations by SCB code, name or short name (case-insensitive), read once."""

    def __init__(self):
        self.by = {}
        orgs = list(Organisation.objects.only("pk", "code", "name", "short_name", "kind"))
        # SCB codes first, then full names, then short names (a short name never hides a full one).
        for attr in ("code", "name", "short_name"):
            for org in orgs:
                name = getattr(org, attr) or ""
                if name.strip():
                    self.by.setdefault(name.strip().lower(), org)

    def get(self, text):
        return self.by.get(text.strip().lower())


def _check_row(row: _Row, senders, today, errors: list):
    v, n = row.values, row.number
    for key, _label, _o, required in COLUMNS:
        if required and not v.get(key):
            errors.append(_err("required", n, key))
    for key, limit in MAX_LENGTHS.items():
        if len(v.get(key, "")) > limit:
            errors.append(_err("too_long", n, key, other=limit))
    if v.get("sender"):
        row.sender = senders.get(v["sender"])
        if row.sender is None:
            errors.append(_err("unknown_sender", n, "sender", v["sender"]))
    for key, table in (("plan_type", PLAN_TYPES), ("phase", PHASES), ("status", STATUSES)):
        if v.get(key):
            value = table.get(v[key].strip().lower())
            if value is None:
                errors.append(_err("bad_choice", n, key, v[key], ALLOWED[key]))
            v[key] = value
    dates = {}
    for key in ("received", "deadline", "sent_on"):
        if v.get(key):
            dates[key] = _date(v[key])
            if dates[key] is None:
                errors.append(_err("bad_date", n, key, v[key]))
    received, deadline, sent_on = dates.get("received"), dates.get("deadline"), dates.get("sent_on")
    if received and received > today:
        errors.append(_err("future", n, "received", received.isoformat()))
    if received and deadline and deadline < received:
        errors.append(_err("deadline_before", n, "deadline", deadline.isoformat(), received.isoformat()))
    if received and sent_on:
        if sent_on < received:
            errors.append(_err("sent_before", n, "sent_on", sent_on.isoformat(), received.isoformat()))
        elif sent_on > today:
            errors.append(_err("future", n, "sent_on", sent_on.isoformat()))
    v.update({k: d for k, d in dates.items() if d})
    if not v.get("status"):
        v["status"] = Referral.Status.ANSWERED if sent_on else Referral.Status.REGISTERED
    if v["status"] in (Referral.Status.ANSWERED, Referral.Status.DECLINED) and not sent_on and "sent_on" not in dates:
        errors.append(_err("sent_required", n, "sent_on"))
    if v.get("contact_email") and not EMAIL.match(v["contact_email"]):
        errors.append(_err("bad_email", n, "contact_email", v["contact_email"]))
    if v.get("diary_number"):
        match = DIARY.search(v["diary_number"])
        if match is None:
            errors.append(_err("bad_diary", n, "diary_number", v["diary_number"]))
        else:
            row.diary = (int(match["year"]), int(match["seq"]))


def _read(job: ImportJob) -> tuple[list[_Row], list[dict]]:
    try:
        with job.file.open("rb") as handle:
            text = _decode(handle.read())
    except OSError as exc:  # the stored file is gone or unreadable: the job fails, it does not hang
        return [], [_err("unreadable", value=exc.strerror or exc.__class__.__name__)]
    lines = text.splitlines()
    if not lines:
        return [], [_err("no_rows")]
    try:
        reader = csv.reader(io.StringIO(text), delimiter=_delimiter(lines[0]))
        header = next(reader, [])
        keys, errors = _header_keys(header)
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(keys) and any(c.strip() for c in cells[len(keys) :]):
                errors.append(_err("bad_row", number))
                continue
            values = {k: (c or "").strip() for k, c in zip(keys, cells, strict=False) if k}
            rows.append(_Row(number, values))
    except csv.Error as exc:
        return [], [_err("unreadable", value=str(exc))]
    if not rows and not errors:
        errors.append(_err("no_rows"))
    if len(rows) > MAX_ROWS:
        errors.append(_err("too_many_rows", value=len(rows), other=MAX_ROWS))
    return rows, errors


def _check_diaries(rows, errors):
    seen = {}
    given = [r for r in rows if r.diary]
    numbers = [r.values["diary_number"] for r in given]
    # Either the same text or the same year and running number (one query; the pairs are compared below).
    existing = Referral.objects.filter(
        Q(diary_number__in=numbers)
        | Q(diary_year__in={r.diary[0] for r in given}, diary_seq__in={r.diary[1] for r in given})
    ).values_list("diary_year", "diary_seq", "diary_number")
    taken, taken_numbers = set(), set()
    for year, seq, number in existing:
        taken.add((year, seq))
        taken_numbers.add(number)
    for row in given:
        if row.diary in taken or row.values["diary_number"] in taken_numbers:
            errors.append(_err("diary_taken", row.number, "diary_number", row.values["diary_number"]))
        elif row.diary in seen:
            errors.append(_err("diary_twice", row.number, "diary_number", row.values["diary_number"], seen[row.diary]))
        seen.setdefault(row.diary, row.number)


# --- running ---------------------------------------------------------------------------------


def import_run(job_id: int) -> ImportJob:
    """The Celery task's body: check every row, then save all or nothing."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status not in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING):
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    rows, errors = _read(job)
    ImportJob.objects.filter(pk=job.pk).update(total_rows=len(rows))
    senders, today = _Senders(), timezone.localdate()
    if not errors:
        for index, row in enumerate(rows, start=1):
            _check_row(row, senders, today, errors)
            if index % PROGRESS_EVERY == 0:
                ImportJob.objects.filter(pk=job.pk).update(processed_rows=index)
        _check_diaries(rows, errors)
    # The cases and the job's "done" commit together, under the job's row lock: a run repeated
    # after its worker died (acks late) either finds the job done or saves the cases itself.
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status not in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING):
            return job
        if not errors:
            try:
                with transaction.atomic():
                    created = _save(job, rows)
            except (IntegrityError, ValidationError) as exc:
                errors.append(_err("saving", value=str(exc)))
        errors.sort(key=lambda e: e["row"] or 0)
        job.processed_rows = len(rows)
        job.errors = errors[:500]
        job.status = ImportJob.Status.FAILED if errors else ImportJob.Status.DONE
        job.created_count = 0 if errors else created
        job.finished_at = timezone.now()
        job.save(update_fields=["processed_rows", "errors", "status", "created_count", "finished_at"])
    return job


def _bump_counter(year: int, seq: int):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO referrals_diarycounter (year, last) VALUES (%s, %s)
            ON CONFLICT (year) DO UPDATE SET last = GREATEST(referrals_diarycounter.last, EXCLUDED.last)
            """,
            [year, seq],
        )


def _save(job, rows) -> int:
    actor = job.created_by
    new_events = []
    for row in sorted(rows, key=lambda r: (r.values["received"], r.number)):
        v = row.values
        if row.diary:
            year, seq = row.diary
            number = v["diary_number"]
            _bump_counter(year, seq)
        else:
            year = v["received"].year
            seq, number = numbering.next_diary_number(year)
        status = v["status"]
        closed = status in (Referral.Status.ANSWERED, Referral.Status.DECLINED)
        referral = Referral(
            diary_year=year, diary_seq=seq, diary_number=number, sender=row.sender,
            sender_reference=v.get("sender_reference", ""), plan_name=v["plan_name"], plan_type=v["plan_type"],
            phase=v["phase"], received=v["received"], deadline=v["deadline"], status=status,
            triage={"declined": "decline", "answered": "answer"}.get(status, ""),
            contact_name=v.get("contact_name", ""), contact_email=v.get("contact_email", ""),
            closed_at=timezone.now() if closed else None, registered_by=actor,
        )  # fmt: skip
        referral.full_clean(exclude=["diary_year", "diary_seq", "diary_number", "area", "sender"])
        referral.save()
        if closed:
            Reply.objects.create(
                referral=referral, status=Reply.Status.SENT, introduction=v.get("reply_text", ""),
                is_standard=status == Referral.Status.DECLINED, sent_on=v.get("sent_on"),
                sent_to=v.get("contact_email", "") or str(row.sender),
            )  # fmt: skip
        new_events.append(
            ReferralEvent(
                referral=referral,
                kind=ReferralEvent.Kind.IMPORTED,
                actor=actor,
                summary=sv("Importerad från %(file)s (rad %(row)s)", file=job.original_name, row=row.number)[:500],
                data={"job": job.pk, "row": row.number},
            )
        )
    ReferralEvent.objects.bulk_create(new_events)
    return len(new_events)


def example_csv() -> str:
    """The example file offered on the page (Swedish headers, semicolons, UTF-8 with BOM)."""
    out = io.StringIO()
    writer = SafeWriter(out)  # planportal.csvexport: semicolons, CRLF, formula-safe
    writer.writerow([SWEDISH_HEADERS[k] for k, *_r in COLUMNS])
    writer.writerow(["", "Örebro kommun", "KS 2023/118", "Detaljplan för bostäder vid Ekängen", "detaljplan",
                     "samråd", "2023-03-02", "2023-04-06", "besvarad", "2023-04-04", "Anna Planerare",
                     "anna.planerare@example.org", "Regionen ser positivt på planen."])  # fmt: skip
    writer.writerow(["RÖ 2023-0412", "1883", "SBN 2023/77", "Fördjupad översiktsplan för Karlskoga centrum",
                     "FÖP", "granskning", "2023-09-14", "2023-10-20", "avstått", "2023-09-20", "", "", ""])  # fmt: skip
    writer.writerow(["", "Kumla", "", "Planprogram för Kumla stationsområde", "planprogram", "samråd",
                     "2024-01-10", "2024-02-15", "registrerad", "", "", "", ""])  # fmt: skip
    return "\ufeff" + out.getvalue()
