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
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

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


def deadline_in(statement: str, *, received: date | None) -> tuple[int, date | None, list[date]]:
    """(score, deadline, dates before the message) for one statement: score 2 when a strong cue
    precedes a date, 1 for a weak cue, 0 when the statement names no deadline."""
    strong = list(STRONG_CUES.finditer(statement))
    weak = WEAK_CUES.search(statement)
    if not (strong or weak):
        return 0, None, []
    found = dates_in(statement, received=received)
    too_early = [d for _, d in found if received and d < received]
    valid = [(offset, d) for offset, d in found if not (received and d < received)]
    if not valid:
        return 0, None, too_early
    for cue in strong:
        after = [d for offset, d in valid if offset >= cue.end()]
        if after:
            return 2, after[0], too_early
    # A period ("pågår 1 februari – 1 mars 2027"): its end.
    return 1, max(d for _, d in valid), too_early


def find_deadline(body_text: str, attachment_names: list[str], *, received: date | None) -> DeadlineFinding:
    """The deadline stated in the body (the strongest statement, the first of equals), else in
    an attachment's name ("Remiss - svar senast 2027-03-15.pdf")."""
    warnings = []
    best = None
    for statement in statements(body_text):
        score, deadline, too_early = deadline_in(statement, received=received)
        for early in too_early:
            warnings.append(
                interpolate_lazy(
                    _(
                        "Datumet %(date)s i meningen ”%(sentence)s” ligger före meddelandets datum och "
                        "föreslås inte som svarsdatum."
                    ),
                    {"date": early.isoformat(), "sentence": shorten(statement)},
                )
            )
        if score and (best is None or score > best[0]):
            best = (score, deadline, statement)
    if best:
        source = interpolate_lazy(_("Meningen ”%(sentence)s”"), {"sentence": shorten(best[2])})
        return DeadlineFinding(Suggestion(best[1], source), warnings)
    for name in attachment_names:
        readable = re.sub(r"[_]+", " ", re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name))
        score, deadline, _too_early = deadline_in(readable, received=received)
        if score:
            source = interpolate_lazy(_("Namnet på den bifogade filen ”%(name)s”"), {"name": name})
            return DeadlineFinding(Suggestion(deadline, source), warnings)
    return DeadlineFinding(None, warnings)
