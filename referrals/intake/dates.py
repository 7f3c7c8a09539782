"""The reply deadline, read from Swedish text.

Our own patterns only find the statement (sentence or line) that gives the deadline ("yttrande
önskas senast …", "samrådstiden pågår till och med …"); the dates in it are found and read by
dateparser (languages=["sv"]). Tried on the sentences in tests/referrals/test_intake_dates.py
(2026-11-30):
- dateparser 1.5.0 read every form there: "den 15 mars 2027", "15:e mars", "15/3 2027",
  "31/3-2027", "2027-03-15", "fredag den 12 mars 2027", and ranges "1 februari – 1 mars 2027";
  year-less dates take the next such day after the message (PREFER_DATES_FROM=future with the
  message's date as RELATIVE_BASE). Its `search_dates` finds them inside a sentence.
- datefinder 1.0.0 (English month names only) missed "15/3 2027" and "den 15:e mars".
- parsedatetime 2.6 has no Swedish and returned today's date for most sentences.
- python-dateutil's parser (already installed) knows no Swedish month names.
So dateparser, limited to statements that name a deadline.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from planportal.pdftext import pdf_text

from .text import shorten, statements
from .types import Suggestion, interpolate_lazy

# "senast", "till och med", "t.o.m.", "sista dag": the date after them is the deadline.
STRONG_CUES = re.compile(
    r"\b(?:senast|till\s+och\s+med|t\.\s?o\.\s?m\.?|t\s?o\s?m\b|tom\b|sista\s+(?:dag|datum|svarsdag)|svarsdatum|deadline)",
    re.IGNORECASE,
)
# Words of a statement about the consultation period or the answer wanted, without a word
# that fixes the date: the period's last date is the deadline.
WEAK_CUES = re.compile(
    r"\b(?:pågår|samrådstid|samrådsperiod|granskningstid|granskningsperiod|remisstid|utställningstid|"
    r"yttrande|synpunkter|svar|inkomma|inkommit|lämnas|skickas)",
    re.IGNORECASE,
)
DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DATES_FROM": "future",
    "REQUIRE_PARTS": ["day", "month"],
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


# A "sentence" longer than this (a page without full stops) is read only around its cue words,
# and only the start of a long body is read: dateparser's search costs time by the character.
LONG_STATEMENT = 600
CUE_WINDOW = 160
MAX_BODY = 100_000
SHOWN = 160


def _around_cues(statement: str) -> str:
    spans = [m.span() for pattern in (STRONG_CUES, WEAK_CUES) for m in pattern.finditer(statement)]
    if not spans:
        return ""
    windows = sorted((max(start - CUE_WINDOW, 0), min(end + CUE_WINDOW, len(statement))) for start, end in spans)
    merged = [list(windows[0])]
    for start, end in windows[1:]:
        if start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return " … ".join(statement[start:end] for start, end in merged[:5])


@dataclass
class DeadlineFinding:
    suggestion: Suggestion | None
    warnings: list


def dates_in(text: str, *, received: date | None) -> list[tuple[int, date]]:
    """(offset, date) of each date written in `text`, in order. Words alone ("idag", "i
    morgon") are not dates here: a deadline is written with a day number."""
    from dateparser.search import search_dates

    base = datetime.combine(received or date.today(), datetime.min.time())
    found = search_dates(text, languages=["sv"], settings={**DATEPARSER_SETTINGS, "RELATIVE_BASE": base}) or []
    result = []
    position = 0
    for substring, value in found:
        if not re.search(r"\d", substring):
            continue
        offset = text.find(substring, position)
        offset = offset if offset >= 0 else text.find(substring)
        position = max(position, offset + len(substring))
        result.append((offset, value.date()))
    return result


@dataclass
class StatementReading:
    score: int = 0  # 2: a date after "senast" / "till och med"; 1: a period's end; 0: no deadline
    deadline: date | None = None
    offset: int = 0  # where the deadline is written in the statement
    too_early: list = field(default_factory=list)  # dates after a strong cue but before the message


def deadline_in(statement: str, *, received: date | None) -> StatementReading:
    """The deadline one statement gives, if any."""
    strong = list(STRONG_CUES.finditer(statement))
    if not (strong or WEAK_CUES.search(statement)):
        return StatementReading()
    found = dates_in(statement, received=received)
    first_strong = strong[0].end() if strong else len(statement) + 1
    reading = StatementReading(
        too_early=[d for offset, d in found if received and d < received and offset >= first_strong]
    )
    valid = [(offset, d) for offset, d in found if not (received and d < received)]
    if not valid:
        return reading
    for cue in strong:
        after = [(offset, d) for offset, d in valid if offset >= cue.end()]
        if after:
            reading.score, (reading.offset, reading.deadline) = 2, after[0]
            return reading
    # A period ("pågår 1 februari – 1 mars 2027"): its end.
    reading.score = 1
    reading.offset, reading.deadline = max(valid, key=lambda item: item[1])
    return reading


def _shown(statement: str, offset: int) -> str:
    """The statement as shown for a source: whole when short, else the part up to just after
    the deadline."""
    if len(statement) <= SHOWN:
        return statement
    start = max(offset - (SHOWN - 40), 0)
    text = statement[start : start + SHOWN].strip()
    return ("…" if start else "") + text + ("…" if start + SHOWN < len(statement) else "")


# A PDF attachment's first pages are read for a deadline when the message itself states none
# (the cover letter, "missiv", often carries it); larger files are plan documents, not letters.
PDF_PAGES = 3
PDF_MAX_BYTES = 15 * 1024 * 1024


def _best_statement(text: str, *, received: date | None, warnings: list):
    """The strongest deadline statement in `text` (the first of equals) as (reading, statement),
    or None; dates before the message are added to `warnings`."""
    best = None
    for statement in statements(text[:MAX_BODY]):
        if len(statement) > LONG_STATEMENT:
            statement = _around_cues(statement)
        reading = deadline_in(statement, received=received)
        for early in reading.too_early:
            warnings.append(
                interpolate_lazy(
                    _(
                        "Datumet %(date)s i meningen ”%(sentence)s” ligger före meddelandets datum och "
                        "föreslås inte som svarsdatum."
                    ),
                    {"date": early.isoformat(), "sentence": shorten(statement)},
                )
            )
        if reading.score and (best is None or reading.score > best[0].score):
            best = (reading, statement)
    return best


def find_deadline(body_text: str, attachments, *, received: date | None) -> DeadlineFinding:
    """The deadline stated in the body (the strongest statement, the first of equals), else in
    an attachment's name ("Remiss - svar senast 2027-03-15.pdf"), else in the text of an
    attached PDF's first pages (a cover letter). `attachments`: EmailAttachment-like objects
    (filename, content_type, data), or plain file names (then no file is read)."""
    warnings = []
    best = _best_statement(body_text, received=received, warnings=warnings)
    if best:
        reading, statement = best
        source = interpolate_lazy(_("Meningen ”%(sentence)s”"), {"sentence": _shown(statement, reading.offset)})
        return DeadlineFinding(Suggestion(reading.deadline, source), warnings)
    names = [a if isinstance(a, str) else a.filename for a in attachments]
    for name in names:
        readable = re.sub(r"[_]+", " ", re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name))
        reading = deadline_in(readable, received=received)
        if reading.score:
            source = interpolate_lazy(_("Namnet på den bifogade filen ”%(name)s”"), {"name": name})
            return DeadlineFinding(Suggestion(reading.deadline, source), warnings)
    for attachment in attachments:
        if isinstance(attachment, str) or not _is_pdf(attachment) or len(attachment.data) > PDF_MAX_BYTES:
            continue
        text = pdf_text(attachment.data, max_pages=PDF_PAGES, label=attachment.filename).text
        best = _best_statement(text, received=received, warnings=warnings)
        if best:
            reading, statement = best
            source = interpolate_lazy(
                _("Meningen ”%(sentence)s” i den bifogade filen ”%(name)s”"),
                {"sentence": _shown(statement, reading.offset), "name": attachment.filename},
            )
            return DeadlineFinding(Suggestion(reading.deadline, source), warnings)
    return DeadlineFinding(None, warnings)


def _is_pdf(attachment) -> bool:
    return attachment.data[:5] == b"%PDF-" or attachment.filename.lower().endswith(".pdf")
