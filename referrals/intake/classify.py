"""Plan name, plan type, PBL phase and the sender's reference, read from the subject, the body
and the attachments' names."""

import re

from django.utils.translation import gettext_lazy as _

from .text import shorten
from .types import Suggestion, interpolate_lazy

SUBJECT_PREFIX = re.compile(
    r"^\s*(?:\[[^\]]{1,20}\]\s*|(?:VB|Vb|vb|Fwd|FWD|Fw|FW|fw|SV|Sv|sv|Re|RE|re|AW|WG|Remiss|REMISS|remiss|"
    r"Extern|EXTERN|Svar|Ang|Angående)\s*:\s*)",
)
# Plan types (the codes of referrals.models.PlanType), the more specific first where one phrase
# holds another ("fördjupad översiktsplan" holds "översiktsplan"). The earliest mention wins.
PLAN_TYPES = [
    ("fop", r"(?i:fördjupa(?:d|de)\s+översiktsplan\w*|fördjupning(?:en)?\s+av\s+översiktsplan\w*)|\bFÖP\b"),
    ("program", r"(?i:planprogram\w*|\bprogram\s+för\s+detaljplan\w*)"),
    ("ob", r"(?i:områdesbestämmelse\w*)"),
    ("dp", r"(?i:detaljplan\w*|\bändring\s+av\s+plan\b)|\bD[Pp]\b"),
    ("op", r"(?i:översiktsplan\w*)|\bÖP\b|\bÖP\d{2,4}\b"),
]
# Other plans and strategies a municipality sends for comment; read in the subject only, since
# a detaljplan's letter may well mention the municipality's "riktlinjer".
OTHER_PLANS = r"(?i:strategi\w*|riktlinje\w*|\w+plan\b|\w+program\b|policy)"
# PBL phases (the codes of referrals.models.Phase).
PHASES = [
    ("granskning", r"(?i:underrättelse\s+om\s+granskning|granskning\w*|utställning\w*)"),
    ("samrad", r"(?i:underrättelse\s+om\s+samråd|samråd\w*)"),
    ("underrattelse", r"(?i:underrättelse\w*)"),
    ("other", r"(?i:antagande\w*|antagen|antogs|laga\s+kraft|överprövning\w*)"),
]
# Words about an earlier phase, not the one the message is about ("planen har varit på samråd",
# "samrådsredogörelsen"): left out when the body is read for the phase.
EARLIER_PHASE = re.compile(
    r"(?i:samrådsredogörelse\w*|granskningsutlåtande\w*|(?:har\s+varit|varit\s+ute)\s+på\s+samråd\w*|"
    r"(?:efter|under|inför)\s+samrådet)"
)
REFERENCE_LABEL = (
    r"(?i:dnr|diarienr|diarienummer|diarie-?nummer|vårt\s+dnr|vår\s+beteckning|vår\s+ref(?:erens)?|"
    r"ärendenummer|ärendenr|ärende-?nr|beteckning)"
)
REFERENCE_VALUE = r"(?:[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,9}[ .]?){0,2}\d{1,4}(?:\s?[./:-]\s?\d{1,6}){1,2}"
REFERENCE = re.compile(rf"\b{REFERENCE_LABEL}\s*[:.]?\s*(?P<value>{REFERENCE_VALUE})")
SUBJECT = _("Ämnesraden")


def _first(patterns, text: str):
    best = None
    for code, pattern in patterns:
        match = re.search(pattern, text)
        if match and (best is None or match.start() < best[1].start()):
            best = (code, match)
    return best


def plan_name(subject: str) -> Suggestion | None:
    """The subject without reply and forward prefixes ("VB:", "SV:", "Remiss:") and without
    the reference written at its end (kept as the sender's reference)."""
    name = subject
    while True:
        cleaned = SUBJECT_PREFIX.sub("", name, count=1)
        if cleaned == name:
            break
        name = cleaned
    name = re.sub(rf"[\s,;(–-]*{REFERENCE_LABEL}\s*[:.]?\s*{REFERENCE_VALUE}\)?\s*$", "", name)
    name = " ".join(name.split()).strip(" -–,;:")
    return Suggestion(name, SUBJECT) if name else None


def _pick(patterns, subject: str, body: str, attachment_names: list[str], *, other_in_subject=None, shown=None):
    hit = _first(patterns, subject)
    if hit:
        return hit[0], SUBJECT
    if other_in_subject and re.search(other_in_subject, subject):
        return "other", SUBJECT
    hit = _first(patterns, body)
    if hit:
        sentence = _sentence_around(shown or body, hit[1].start(), hit[1].end())
        return hit[0], interpolate_lazy(_("Meningen ”%(sentence)s”"), {"sentence": sentence})
    for name in attachment_names:
        hit = _first(patterns, name.replace("_", " "))
        if hit:
            return hit[0], interpolate_lazy(_("Namnet på den bifogade filen ”%(name)s”"), {"name": name})
    return None


def plan_type(subject: str, body: str, attachment_names: list[str]) -> Suggestion | None:
    found = _pick(PLAN_TYPES, subject, body, attachment_names, other_in_subject=OTHER_PLANS)
    return Suggestion(*found) if found else None


def phase(subject: str, body: str, attachment_names: list[str]) -> Suggestion | None:
    # Blanked, not removed, so that the sentence shown as the source is still the one read.
    blanked = EARLIER_PHASE.sub(lambda m: " " * len(m.group()), body)
    found = _pick(PHASES, subject, blanked, attachment_names, shown=body)
    return Suggestion(*found) if found else None


def sender_reference(subject: str, body: str, attachment_names: list[str]) -> Suggestion | None:
    """The municipality's diary number: "Dnr KS 2026/123", "Vår beteckning: SBN 2026-456"."""
    if match := REFERENCE.search(subject):
        return Suggestion(_reference(match), SUBJECT)
    if match := REFERENCE.search(body):
        text = shorten(match.group(0), 80)
        return Suggestion(_reference(match), interpolate_lazy(_("Texten ”%(text)s”"), {"text": text}))
    for name in attachment_names:
        if match := REFERENCE.search(name.replace("_", " ")):
            source = interpolate_lazy(_("Namnet på den bifogade filen ”%(name)s”"), {"name": name})
            return Suggestion(_reference(match), source)
    return None


def _reference(match) -> str:
    return " ".join(match["value"].split()).strip(" .")


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    right_candidates = [i for i in (text.find(".", end), text.find("\n", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return shorten(text[left:right].strip())
