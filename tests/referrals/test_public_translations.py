"""The public side of referrals is translated: every message of its modules and templates has
English in referrals/locale (not empty, not fuzzy), and makemessages finds nothing new there."""

import json
import re
from pathlib import Path

import referrals

PO = Path(referrals.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
MODULES = (
    "selectors_public.py",
    "views/register.py",
    "views/maps.py",
    "views/exports.py",
    "views/statistics.py",
    "api/areas.py",
    "export_lists.py",
    "stats.py",
    "sections_public.py",
    "templates/referrals/public/",
)


def _text(lines, key):
    parts, on = [], False
    for line in lines:
        if line.startswith(key + " "):
            on = True
            parts.append(json.loads(line[len(key) + 1 :]))
        elif on and line.startswith('"'):
            parts.append(json.loads(line))
        elif on:
            break
    return "".join(parts) if parts else None


def _entries():
    for block in PO.read_text().split("\n\n"):
        lines = block.strip().split("\n")
        refs = " ".join(line for line in lines if line.startswith("#:"))
        if not any(module in refs for module in MODULES):
            continue
        yield {
            "id": _text(lines, "msgid"),
            "str": _text(lines, "msgstr") if _text(lines, "msgid_plural") is None else _text(lines, "msgstr[1]"),
            "fuzzy": any(line.startswith("#,") and "fuzzy" in line for line in lines),
        }


def test_every_public_message_has_english():
    entries = list(_entries())
    assert len(entries) > 100
    missing = [e["id"] for e in entries if not e["str"] or e["fuzzy"]]
    assert missing == []


def test_every_marked_string_of_the_templates_is_in_the_catalogue():
    known = {e["id"] for e in _entries()}
    folder = Path(referrals.__file__).parent / "templates" / "referrals" / "public"
    checked = 0
    for template in folder.glob("*.html"):
        for msgid in re.findall(r'{% translate "([^"]+)"', template.read_text()):
            assert msgid.replace("%", "%%") in known or msgid in known, (template.name, msgid)
            checked += 1
    assert checked > 50
