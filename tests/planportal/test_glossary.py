"""The English catalogues follow docs/GLOSSARY.md (issue 12): a message that is exactly a
glossary term is translated with the glossary's English, and no translation uses a word the
glossary says to avoid."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(ROOT.glob("*/locale/en/LC_MESSAGES/django.po")) + [ROOT / "locale/en/LC_MESSAGES/django.po"]


def _glossary():
    rows = []
    for line in (ROOT / "docs/GLOSSARY.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and line.startswith("|") and cells[0] not in ("Swedish", "---"):
            avoid = [w.strip() for w in cells[2].split(",") if w.strip()]
            rows.append((cells[0], cells[1], avoid))
    return rows


def _unquote(lines):
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', lines)).replace('\\"', '"')


def _entries(path):
    """(msgid, [msgstr …]) of the translated, not fuzzy entries."""
    for block in path.read_text().split("\n\n"):
        if "#, fuzzy" in block or "#~" in block:
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        if msgid and strs:
            yield _unquote(msgid.group(1)), [_unquote(s) for s in strs]


def _norm(text):
    return re.sub(r"^the ", "", text.strip().rstrip(".:").lower())


GLOSSARY = _glossary()


def test_the_glossary_is_read():
    terms = {swedish for swedish, _, _ in GLOSSARY}
    assert {"remiss", "yttrande", "strukturbild", "effektmål", "hemtagande", "diarienummer", "handläggare"} <= terms


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_uses_the_glossary(catalogue):
    english = {_norm(sv): {_norm(e) for e in en.split(" / ")} for sv, en, _ in GLOSSARY}
    avoid = [(sv, word) for sv, _, words in GLOSSARY for word in words]
    wrong = []
    for msgid, msgstrs in _entries(catalogue):
        expected = english.get(_norm(msgid))
        for msgstr in msgstrs:
            if not msgstr:
                continue
            if expected and _norm(msgstr) not in expected:
                wrong.append(f"{msgid!r} → {msgstr!r} (glossary: {expected!r})")
            for sv, word in avoid:
                if re.search(rf"\b{re.escape(word)}\b", msgstr, re.I):
                    wrong.append(f"{msgid!r} → {msgstr!r} uses {word!r} (glossary: {sv} is not {word!r})")
    assert not wrong, "\n".join(wrong)


def test_the_catalogues_carry_the_glossary_terms():
    """The check above bites: most glossary terms are messages of some catalogue."""
    terms = {_norm(sv) for sv, _, _ in GLOSSARY}
    found = {_norm(msgid) for path in CATALOGUES for msgid, _ in _entries(path)} & terms
    assert len(found) >= 25, sorted(terms - found)
