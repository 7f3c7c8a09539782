"""The body as text: HTML to text, statements (sentences and lines), the blocks of forwarded
or quoted messages, and the signature."""

import html as html_module
import re
from dataclasses import dataclass
from datetime import datetime

from bs4 import BeautifulSoup

BLOCK_TAGS = ["p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "ul", "ol"]
# A plain-text line at least this long was most likely wrapped by the sender's program, so the
# next line continues it; a shorter one ended where its writer ended it (a list item, a
# signature line), and the two are read apart.
WRAPPED_LINE = 60
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")

EMAIL_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# The header lines that open a forwarded or quoted message in Outlook (Swedish and English),
# Thunderbird and Gmail: "Från: Anna Åberg <anna@kumla.se>" next to "Skickat:" / "Datum:" /
# "Ämne:" lines.
FROM_LINE = re.compile(
    r"^[> \t*]*(?:Från|From|Avsändare)[ \t]*:[ \t]*(?P<value>.+?)[ \t]*$", re.IGNORECASE | re.MULTILINE
)
DATE_LINE = re.compile(r"^[> \t*]*(?:Skickat|Sent|Datum|Date)[ \t]*:[ \t]*(?P<value>.+?)[ \t]*$", re.IGNORECASE)
SUBJECT_LINE = re.compile(r"^[> \t*]*(?:Ämne|Subject)[ \t]*:[ \t]*(?P<value>.+?)[ \t]*$", re.IGNORECASE)
QUOTE_MARKERS = re.compile(
    r"^[>\s]*(?:-{2,}\s*(?:Ursprungligt meddelande|Original Message|Vidarebefordrat meddelande|"
    r"Forwarded message)\s*-{2,}|Den .{5,80} skrev .{1,120}:|On .{5,80} wrote:)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
CLOSINGS = re.compile(
    r"^\s*(?:med\s+)?(?:vänlig(?:a)?|bästa|varma)?\s*hälsning(?:ar)?[\s,!.]*$|^\s*mvh[\s,!.]*$",
    re.IGNORECASE,
)
SIGNATURE_LINES = 12


def html_to_text(html: str) -> str:
    """Text of an HTML body: paragraphs apart by a blank line, <br> as a line break."""
    try:
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup(["script", "style", "head", "title"]):
            tag.decompose()
        for br in soup.find_all("br"):
            br.replace_with("\n")
        for tag in soup.find_all(BLOCK_TAGS):
            tag.insert_after("\n\n")
        text = soup.get_text("")
    except RecursionError:  # tags nested thousands deep: keep the words, drop the markup
        text = html_module.unescape(re.sub(r"<[^>]*>", " ", re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", html)))
    text = text.replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def statements(text: str) -> list[str]:
    """The text cut into the units a deadline is stated in: sentences, and lines ended by
    their writer (see WRAPPED_LINE). Quote markers (">") are dropped."""
    units: list[str] = []
    current: list[str] = []

    def flush():
        if current:
            units.extend(s.strip() for s in SENTENCE_END.split(" ".join(current)) if s.strip())
            current.clear()

    for raw_line in text.splitlines():
        line = re.sub(r"^[>\s]+", "", raw_line).strip()
        if not line:
            flush()
            continue
        current.append(line)
        if len(line) < WRAPPED_LINE:
            flush()
    flush()
    return units


@dataclass
class QuotedHeader:
    """The header block of a message forwarded or quoted in the body."""

    start: int  # offset of the block's first line in the body
    end: int  # offset just after its header lines
    name: str
    address: str
    sent_text: str
    subject: str


def quoted_headers(text: str) -> list[QuotedHeader]:
    """Forwarded / quoted messages' header blocks, in the order they appear: a From line with
    an e-mail address next to a date or subject line (after it in Outlook and Gmail, before it
    in Thunderbird's "Ämne: / Datum: / Från:")."""
    found = []
    for match in FROM_LINE.finditer(text):
        address_match = EMAIL_ADDRESS.search(match["value"])
        if not address_match:
            continue
        sent_text, subject, end = _header_fields(text, match)
        if not (sent_text or subject):
            continue
        found.append(
            QuotedHeader(
                start=match.start(),
                end=end,
                name=_display_name(match["value"], address_match.group()),
                address=address_match.group(),
                sent_text=sent_text,
                subject=subject,
            )
        )
    return found


def _header_fields(text: str, match) -> tuple[str, str, int]:
    """(date text, subject, end of the block) of the header lines around a From line: up to
    six lines after it and four before it, each side ending at a blank line."""
    sent_text = subject = ""
    end = match.end()
    for line in text[match.end() :].split("\n")[1:7]:
        if not line.strip():
            break
        if m := DATE_LINE.match(line):
            sent_text = sent_text or m["value"]
        elif m := SUBJECT_LINE.match(line):
            subject = subject or m["value"]
        end += len(line) + 1
    for line in reversed(text[: match.start()].split("\n")[-5:-1]):
        if not line.strip():
            break
        if m := DATE_LINE.match(line):
            sent_text = sent_text or m["value"]
        elif m := SUBJECT_LINE.match(line):
            subject = subject or m["value"]
    return sent_text, subject, end


def _display_name(value: str, address: str) -> str:
    name = value.replace(address, "")
    name = re.sub(r"\[?mailto:\]?|[<>\[\]\"']", " ", name)
    return " ".join(name.split()).strip(" ,;")


def own_text(text: str, start: int = 0) -> str:
    """The part of the body written by one sender: from `start` to the next quoted or
    forwarded message."""
    rest = text[start:]
    cut = len(rest)
    for pattern in (QUOTE_MARKERS, FROM_LINE):
        for match in pattern.finditer(rest):
            if match.start() > 0 and (pattern is QUOTE_MARKERS or _opens_header_block(rest, match)):
                cut = min(cut, match.start())
                break
    return rest[:cut]


def _opens_header_block(text: str, match) -> bool:
    sent_text, subject, _end = _header_fields(text, match)
    return bool(sent_text or subject)


def signature_lines(text: str) -> list[str]:
    """The last lines of one sender's text: those after the last closing greeting ("Med
    vänlig hälsning"), else its last lines."""
    lines = [re.sub(r"^[>\s]+", "", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    for index in range(len(lines) - 1, -1, -1):
        if CLOSINGS.match(lines[index]):
            return lines[index + 1 : index + 1 + SIGNATURE_LINES]
    return lines[-SIGNATURE_LINES:]


def parse_sent_text(value: str) -> datetime | None:
    """The date of a quoted header's "Skickat:" line ("den 12 januari 2027 09:30")."""
    import dateparser

    cleaned = re.sub(r"\bkl\.?\s*", "", value)
    return dateparser.parse(cleaned, languages=["sv", "en"], settings={"DATE_ORDER": "DMY"})


def shorten(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
